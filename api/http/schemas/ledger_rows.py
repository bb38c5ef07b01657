"""Responses of the ledgers and the board: rows as supervisors read them."""

from marshmallow import fields

from api.http.schemas.base import Schema

DAY = {"format": "date", "description": "A local (Beijing) date, ISO 8601"}
INSTANT = {"format": "date-time", "description": "Server time, UTC"}


def day() -> fields.String:
    return fields.String(allow_none=True, metadata=DAY)


def instant() -> fields.String:
    return fields.String(allow_none=True, metadata=INSTANT)


class Figures(Schema):
    """A summary's counts as of as_of, and the rates and mean they make."""

    group = fields.String(allow_none=True)
    department_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "By department: the registered department's id (the"
            " group is its name now); null for a name not matched yet"
        },
    )
    received = fields.Integer()
    resolved = fields.Integer(metadata={"description": "Closed out (销号)"})
    resolved_on_time = fields.Integer(
        metadata={"description": "Closed by the deadline"}
    )
    on_time_rate = fields.Float(allow_none=True)
    open = fields.Integer()
    overdue = fields.Integer()
    overdue_long = fields.Integer(metadata={"description": "Past the red threshold"})
    due_soon = fields.Integer()
    mean_days_to_close = fields.Float(allow_none=True)
    rated = fields.Integer()
    satisfied = fields.Integer(metadata={"description": "Satisfied or basically so"})
    satisfaction_rate = fields.Float(allow_none=True)


class IssueRow(Schema):
    id = fields.UUID()
    position = fields.Integer()
    jurisdiction = fields.String()
    project_id = fields.UUID(allow_none=True)
    project_name = fields.String(allow_none=True)
    enterprise_id = fields.UUID(allow_none=True)
    enterprise_name = fields.String(allow_none=True)
    visit_id = fields.UUID(allow_none=True)
    category = fields.String()
    source = fields.String()
    ticket_number = fields.String(
        allow_none=True, metadata={"description": "A 12345 ticket's number"}
    )
    grid_unit = fields.String(allow_none=True)
    subject_kind = fields.String(
        allow_none=True, metadata={"description": "An unregistered market subject's"}
    )
    subject_name = fields.String(allow_none=True)
    severity = fields.String()
    description = fields.String()
    department = fields.String(allow_none=True)
    department_id = fields.UUID(
        allow_none=True, metadata={"description": "The department's id then"}
    )
    department_then = fields.String(
        allow_none=True, metadata={"description": "In force at as_of"}
    )
    status = fields.String()
    raised_at = instant()
    raised_on = day()
    assigned_at = instant()
    due_on = day()
    due_then = fields.String(
        allow_none=True, metadata={"description": "In force at as_of"}
    )
    proposed_at = instant()
    closed_at = instant()
    closed_on = day()
    withdrawn_at = instant()
    escalation_level = fields.Integer()
    send_backs = fields.Integer()
    transfers = fields.Integer()
    satisfaction = fields.String(allow_none=True)
    callback_flag = fields.String(
        allow_none=True,
        metadata={"description": "unsatisfied or unreachable: what a callback flagged"},
    )
    reopens = fields.Integer(metadata={"description": "Reopened after callbacks"})
    reopened_at = instant()
    flagged_due_on = fields.String(
        allow_none=True, metadata={"description": "The deadline the sweep flagged"}
    )
    respond_by = fields.String(
        allow_none=True,
        metadata={"description": "The first response's (方案) limit, a local date"},
    )
    responded_at = instant()
    status_now = fields.String(
        metadata={"description": "Today's status, where `now=true` asked for it"}
    )
    open = fields.Boolean()
    overdue = fields.Boolean()
    response_overdue = fields.Boolean(
        metadata={"description": "Past the first response's limit, none by as_of"}
    )
    days_overdue = fields.Integer()
    days_open = fields.Integer()


class IssuePage(Schema):
    as_of = fields.AwareDateTime()
    items = fields.List(fields.Nested(IssueRow))
    next_cursor = fields.String(allow_none=True)


class Summary(Schema):
    as_of = fields.AwareDateTime()
    group_by = fields.String()
    groups = fields.List(fields.Nested(Figures))


def part(description: str) -> fields.Float:
    return fields.Float(allow_none=True, metadata={"description": description})


class RankingParts(Schema):
    """Shares from 0 to 1; null where the department has nothing it measures."""

    on_time = part("Resolved on time / (resolved + open past the limit)")
    overdue = part("1 - open past the limit / open")
    first_response = part("First responses within their limit / those due")
    satisfaction = part("Satisfied or basically so / rated")
    escalations = part("1 - escalated / received")


class RankedDepartment(Figures):
    rank = fields.Integer()
    score = fields.Float(
        allow_none=True,
        metadata={"description": "100 x the weighted mean of the parts present"},
    )
    parts = fields.Nested(RankingParts)
    response_due = fields.Integer()
    responded_on_time = fields.Integer()
    escalated = fields.Integer()
    previous_rank = fields.Integer(
        allow_none=True, metadata={"description": "In the period before, as published"}
    )
    change = fields.Integer(
        allow_none=True, metadata={"description": "Places moved up since (down < 0)"}
    )


class Departments(Schema):
    as_of = fields.AwareDateTime()
    departments = fields.List(fields.Nested(RankedDepartment))


class PublishedRanking(Schema):
    id = fields.UUID()
    jurisdiction = fields.String()
    month_from = fields.String()
    month_to = fields.String()
    as_of = fields.AwareDateTime()
    published_at = fields.AwareDateTime()
    weights = fields.Dict(keys=fields.String(), values=fields.Integer())
    departments = fields.List(fields.Nested(RankedDepartment))


class VisitRow(Schema):
    id = fields.UUID()
    position = fields.Integer()
    jurisdiction = fields.String()
    kind = fields.String()
    status = fields.String()
    project_id = fields.UUID(allow_none=True)
    enterprise_id = fields.UUID(allow_none=True)
    place_name = fields.String(allow_none=True)
    officer_ids = fields.List(fields.UUID())
    officer_names = fields.String()
    planned_for = day()
    planned_at = instant()
    started_at = instant()
    finished_at = instant()
    cancelled_at = instant()
    items = fields.Integer()
    passed = fields.Integer()
    failed = fields.Integer()
    not_applicable = fields.Integer()
    problems = fields.Integer()
    notes = fields.Integer()
    evidence = fields.Integer()
    representative = fields.String(allow_none=True)


class VisitPage(Schema):
    as_of = fields.AwareDateTime()
    items = fields.List(fields.Nested(VisitRow))
    next_cursor = fields.String(allow_none=True)


class VisitFigures(Schema):
    group = fields.String(allow_none=True)
    group_name = fields.String(allow_none=True)
    planned = fields.Integer()
    on_site = fields.Integer()
    finished = fields.Integer()
    cancelled = fields.Integer()
    problems = fields.Integer()
    items_failed = fields.Integer()
    evidence = fields.Integer()


class VisitSummary(Schema):
    as_of = fields.AwareDateTime()
    group_by = fields.String()
    groups = fields.List(fields.Nested(VisitFigures))


class CoverageRow(Schema):
    officer_id = fields.UUID()
    officer_name = fields.String()
    period = fields.String(metadata={"description": "2026-11, or 2026-Q4 for leaders"})
    required = fields.Integer(metadata={"description": "Visits each project needs"})
    projects = fields.Integer()
    visited = fields.Integer()
    coverage = fields.Float()
    not_visited = fields.List(fields.UUID())
    not_visited_names = fields.List(fields.String())


class Coverage(Schema):
    as_of = fields.AwareDateTime()
    role = fields.String()
    officers = fields.List(fields.Nested(CoverageRow))


class Unvisited(Schema):
    id = fields.UUID()
    kind = fields.String()
    name = fields.String()
    jurisdiction = fields.String()
    owner_id = fields.UUID(allow_none=True)


class UnvisitedPage(Schema):
    as_of = fields.AwareDateTime()
    month = fields.String()
    items = fields.List(fields.Nested(Unvisited))
    next_cursor = fields.String(allow_none=True)
