"""The sweeps the schedule runs (and `siteledger sweep`): a problem's passed deadline
flagged once per deadline, 提级 of a problem long overdue, 容缺 documents not supplied
by their date flagged once per date; each through commands the system signs, over
what the views say is due (`Due`, which `projections.Views` is)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid4

from domain.app import SiteLedger, Submission
from domain.commands.approval import FlagDocumentsOverdue
from domain.commands.issue import SWEEP_DEVICE, EscalateOverdue, FlagOverdue
from domain.errors import DomainError
from domain.values import SYSTEM_ACTOR, Meta
from domain.workdays import CHINA

Row = dict[str, Any]


class ProblemsDue(Protocol):
    def to_flag(self, scope: str, today: str, limit: int) -> list[Row]: ...

    def to_escalate(
        self, scope: str, cutoff: str, after: int, limit: int
    ) -> list[Row]: ...


class DocumentsDue(Protocol):
    def to_flag(self, scope: str, today: date, limit: int) -> list[Row]: ...


class Due(Protocol):
    """What the sweeps read: the problems and 容缺 documents due, once caught up."""

    @property
    def issues(self) -> ProblemsDue: ...

    @property
    def approvals(self) -> DocumentsDue: ...

    def catch_up(self, app: SiteLedger) -> int: ...


def local_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


BATCH = 200


@dataclass(frozen=True)
class EscalationRule:
    """提级 by the sweep: `after` working days past the deadline, up to `to`."""

    after: int
    to: str


def system_meta(now: datetime) -> Meta:
    """What the system signs its own records with."""
    return Meta(SYSTEM_ACTOR, uuid4(), SWEEP_DEVICE, now)


def sweep(
    app: SiteLedger, views: Due, now: datetime | None = None, scope: str = ""
) -> list[UUID]:
    """Flags every open problem whose deadline passed before today (local date of
    `now`) and is not flagged yet; answers the problems flagged. A problem another
    sweep flagged meanwhile is refused by the aggregate and left out."""
    now = now or datetime.now(UTC)
    today = local_date(now)
    flagged: list[UUID] = []
    while True:
        views.catch_up(app)
        due = views.issues.to_flag(scope, today.isoformat(), BATCH)
        if not due:
            return flagged
        batch = [
            Submission(
                FlagOverdue(issue_id=UUID(row["id"]), today=today), system_meta(now)
            )
            for row in due
        ]
        results = app.execute_batch(batch, scope)
        flagged += [
            s.command.target_id
            for s, r in zip(batch, results, strict=True)
            if not isinstance(r, DomainError)
        ]
        if len(due) < BATCH:
            views.catch_up(app)
            return flagged


def escalate_overdue(
    app: SiteLedger,
    views: Due,
    rule: EscalationRule,
    now: datetime | None = None,
    scope: str = "",
) -> list[UUID]:
    """Escalates every open problem `rule.after` working days past its deadline and
    not escalated since it was set; answers the problems escalated."""
    now = now or datetime.now(UTC)
    today = local_date(now)
    cutoff = (today - timedelta(days=rule.after)).isoformat()  # at least that far
    escalated: list[UUID] = []
    after = 0
    views.catch_up(app)
    while rows := views.issues.to_escalate(scope, cutoff, after, BATCH):
        after = rows[-1]["position"]
        batch = [
            Submission(
                EscalateOverdue(
                    issue_id=UUID(row["id"]), today=today, after=rule.after, to=rule.to
                ),
                system_meta(now),
            )
            for row in rows
        ]
        results = app.execute_batch(batch, scope)
        escalated += [
            s.command.target_id
            for s, r in zip(batch, results, strict=True)
            if not isinstance(r, DomainError)
        ]
    views.catch_up(app)
    return escalated


def sweep_documents(
    app: SiteLedger, views: Due, now: datetime | None = None, scope: str = ""
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
