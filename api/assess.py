"""The month's assessment (三色预警) recorded as events: each project of a subtree as
of the month's end, once per month (`siteledger assess`, `POST /board/assessments`,
the scheduled function); and the board's last assessment and live preview."""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.app import SiteLedger, Submission
from domain.commands.project import AssessProject
from domain.errors import DomainError, InvalidValue, RuleBroken
from domain.model.project import MONTH
from domain.values import SYSTEM_ACTOR, Meta
from projections import Views
from projections.assessment import AssessmentRules, assessed
from projections.board import ProjectFilters
from projections.board_read import month_index, month_last_day
from projections.dates import AsOf
from projections.issue_sql import Page
from projections.warnings import WarningRules

BATCH = 500
DEVICE = "assess"
Row = dict[str, Any]


@dataclass(frozen=True)
class Rules:
    """What an assessment goes by: its own thresholds and the warning's."""

    assessment: AssessmentRules
    warning: WarningRules


@dataclass(frozen=True)
class Recorded:
    month: str
    as_of: AsOf
    recorded: int  # projects assessed now
    already: int  # assessed for the month before


def month_end(month: str) -> AsOf:
    return AsOf.end_of(month_last_day(month_index(month)))


def projects(views: Views, scope: str, as_of: AsOf) -> list[list[Row]]:
    """The subtree's projects registered by as_of, a page at a time."""
    pages, after = [], None
    while True:
        rows = views.board.page(scope, ProjectFilters(), Page(after, BATCH), as_of)
        pages.append(rows[:BATCH])
        if len(rows) <= BATCH:
            return pages
        after = rows[BATCH - 1]["position"]


def record_month(
    app: SiteLedger, views: Views, scope: str, month: str, rules: Rules
) -> Recorded:
    """Records the month's assessment of every project of the subtree as of the
    month's end, signed by the system. A month not over is refused (RuleBroken)."""
    if not isinstance(month, str) or not MONTH.fullmatch(month):
        raise InvalidValue("month", "must be a month YYYY-MM from 2000 to 2100")
    end = month_end(month)
    if end.moment > datetime.now(UTC):
        raise RuleBroken(f"{month} is not over: a month is assessed once it is")
    views.catch_up(app)
    stored = rules.assessment.recorded(rules.warning)
    recorded = already = 0
    for rows in projects(views, scope, end):
        found = assessed(views, rows, end, rules.assessment, rules.warning)
        batch = [
            Submission(command(UUID(key), month, colour, reasons, stored), meta())
            for key, (colour, reasons) in found.items()
        ]
        results = app.execute_batch(batch, scope) if batch else []
        refused = [r for r in results if isinstance(r, DomainError)]
        if any(not isinstance(r, RuleBroken) for r in refused):
            raise next(r for r in refused if not isinstance(r, RuleBroken))
        recorded += len(results) - len(refused)
        already += len(refused)
    views.catch_up(app)
    return Recorded(month, end, recorded, already)


def command(
    project_id: UUID, month: str, colour: str | None, reasons: list[Any], rules: Row
) -> AssessProject:
    return AssessProject(
        project_id=project_id,
        month=month,
        colour=colour,
        reasons=tuple(asdict(reason) for reason in reasons),
        rules=rules,
    )


def meta() -> Meta:
    return Meta(SYSTEM_ACTOR, uuid4(), DEVICE, datetime.now(UTC))


def recorded_rows(views: Views, scope: str, month: str) -> list[Row]:
    """The month's assessment of the subtree's projects as recorded: each project
    with its colour and reasons (the projects registered by the month's end)."""
    found = []
    for rows in projects(views, scope, month_end(month)):
        recorded = views.progress.assessed_in([row["id"] for row in rows], month)
        found += [
            {k: row[k] for k in ("id", "code", "name", "jurisdiction")}
            | shown(recorded[row["id"]])
            for row in rows
            if row["id"] in recorded
        ]
    return found


def with_assessments(
    views: Views, rows: list[Row], as_of: AsOf, rules: Rules
) -> list[Row]:
    """Board rows with their last assessment recorded by as_of, and a preview of
    the month of as_of worked out now: labelled a preview, never recorded."""
    ids = [row["id"] for row in rows]
    last = views.progress.last_assessed(ids, as_of)
    preview = assessed(views, rows, as_of, rules.assessment, rules.warning)
    for row in rows:
        found = last.get(row["id"])
        colour, reasons = preview[row["id"]]
        row["assessment"] = None if found is None else shown(found)
        row["assessment_preview"] = {
            "month": as_of.month,
            "as_of": as_of.moment,
            "preview": True,
            "colour": colour,
            "reasons": [asdict(reason) for reason in reasons],
        }
    return rows


def shown(found: Row) -> Row:
    return {
        "month": found["month"],
        "colour": found["colour"],
        "reasons": found["reasons"],
        "recorded_at": found["recorded_at"],
    }


def rules_of(settings: Any) -> Rules:
    """The rules the settings give (api.settings.Settings)."""
    return Rules(settings.assessment_rules(), settings.warning_rules())
