"""The 容缺 sweep: records, once per permit and supply date, that documents missing at
a 容缺 acceptance were not supplied by their date, so the package's history shows
when the system flagged them (the ledger flags them when read anyway)."""

from datetime import UTC, datetime
from uuid import UUID

from api.sweep import BATCH, system_meta
from domain.app import SiteLedger, Submission
from domain.commands.approval import FlagDocumentsOverdue
from domain.errors import DomainError
from projections import Views
from projections.dates import local_date


def sweep_documents(
    app: SiteLedger, views: Views, now: datetime | None = None, scope: str = ""
) -> list[tuple[UUID, str]]:
    """Flags each permit whose documents were due before today (local date of
    `now`); answers the (package, permit) flagged."""
    now = now or datetime.now(UTC)
    today = local_date(now)
    flagged: list[tuple[UUID, str]] = []
    while True:
        views.catch_up(app)
        due = views.approvals.to_flag(scope, today, BATCH)
        batch = [
            Submission(
                FlagDocumentsOverdue(
                    package_id=UUID(row["package_id"]),
                    permit_id=row["permit_id"],
                    today=today,
                ),
                system_meta(now),
            )
            for row in due
        ]
        results = app.execute_batch(batch, scope) if batch else []
        flagged += [
            (s.command.target_id, row["permit_id"])
            for s, r, row in zip(batch, results, due, strict=True)
            if not isinstance(r, DomainError)
        ]
        if len(due) < BATCH:
            views.catch_up(app)
            return flagged
