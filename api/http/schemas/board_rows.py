"""Responses of the project board: warnings with reasons, lists, disclosure."""

from marshmallow import fields

from api.http.schemas.base import Schema
from api.http.schemas.ledger_rows import day, instant
from api.http.schemas.resources import MONEY

SHARE = {"description": "A decimal fraction as a string, e.g. 0.4011"}


class Reason(Schema):
    code = fields.String()
    colour = fields.String()
    value = fields.Raw(
        allow_none=True, metadata={"description": "The figure behind it"}
    )


class Assessment(Schema):
    month = fields.String()
    colour = fields.String(
        allow_none=True, metadata={"description": "red, yellow, blue"}
    )
    reasons = fields.List(fields.Nested(Reason))
    recorded_at = instant()


class AssessmentPreview(Schema):
    """This month's assessment worked out as of the read: a preview, not recorded."""

    month = fields.String()
    as_of = fields.AwareDateTime()
    preview = fields.Boolean(metadata={"description": "Always true: not recorded"})
    colour = fields.String(allow_none=True)
    reasons = fields.List(fields.Nested(Reason))


class AssessedProject(Assessment):
    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    jurisdiction = fields.String()


class MonthAssessed(Schema):
    month = fields.String()
    items = fields.List(fields.Nested(AssessedProject))


class MonthRecorded(Schema):
    month = fields.String()
    as_of = fields.AwareDateTime()
    recorded = fields.Integer(metadata={"description": "Projects assessed now"})
    already = fields.Integer(metadata={"description": "Assessed for it before"})


class BoardProject(Schema):
    id = fields.UUID()
    position = fields.Integer()
    code = fields.String()
    name = fields.String()
    level = fields.String()
    sector = fields.String()
    location = fields.String()
    jurisdiction = fields.String()
    jurisdiction_name = fields.String(
        allow_none=True, metadata={"description": "From the register of places"}
    )
    jurisdiction_name_en = fields.String(allow_none=True)
    owner_enterprise_id = fields.UUID()
    stage = fields.String()
    suspended = fields.Boolean()
    planned_start = day()
    planned_finish = day()
    milestones = fields.Dict(keys=fields.String(), values=fields.String())
    stewards = fields.List(fields.UUID())
    leader_id = fields.UUID(allow_none=True)
    late_nodes = fields.List(
        fields.Dict(),
        metadata={"description": "Nodes past their plan: {node, days_late}"},
    )
    steward_names = fields.List(fields.String())
    leader_name = fields.String(allow_none=True)
    steward_visits_this_month = fields.Integer(
        allow_none=True,
        metadata={"description": "Check-ins of its stewards there this month"},
    )
    leader_visits_this_quarter = fields.Integer(
        allow_none=True,
        metadata={
            "description": "Its leader's check-ins there this quarter (null: no leader)"
        },
    )
    leader_visit_due = fields.Boolean(
        allow_none=True,
        metadata={"description": "Fewer than the rule asks (null: no leader)"},
    )
    total_investment = fields.String(metadata=MONEY)
    completed_investment = fields.String(metadata=MONEY)
    year = fields.Integer()
    planned_this_year = fields.String(allow_none=True, metadata=MONEY)
    completed_this_year = fields.String(metadata=MONEY)
    completed_share = fields.String(allow_none=True, metadata=SHARE)
    open_problems = fields.Integer()
    overdue_problems = fields.Integer()
    last_visit_at = instant()
    warning = fields.String(
        allow_none=True, metadata={"description": "red, yellow, blue"}
    )
    reasons = fields.List(fields.Nested(Reason))
    assessment = fields.Nested(
        Assessment,
        allow_none=True,
        metadata={"description": "The last month's assessment recorded by as_of"},
    )
    assessment_preview = fields.Nested(AssessmentPreview)


class BoardPage(Schema):
    as_of = fields.AwareDateTime()
    items = fields.List(fields.Nested(BoardProject))
    next_cursor = fields.String(allow_none=True)


class Lists(Schema):
    """红黄黑榜: commended (red), yellow-warned and red-warned (black) projects."""

    year = fields.Integer()
    quarter = fields.Integer(allow_none=True)
    month = fields.Integer(allow_none=True)
    period = fields.String(metadata={"description": "2026-11, 2026-Q4 or 2026"})
    as_of = fields.AwareDateTime()
    red = fields.List(fields.Nested(BoardProject))
    yellow = fields.List(fields.Nested(BoardProject))
    black = fields.List(fields.Nested(BoardProject))


class Edition(Schema):
    edition = fields.Integer()
    published_at = fields.AwareDateTime()
    as_of = fields.AwareDateTime()
    reason = fields.String(metadata={"description": "Why it was published again"})
    figures = fields.Dict()
    lists = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(BoardProject)),
        metadata={"description": "red, yellow and black, rows as published"},
    )


class PublishedLists(Schema):
    jurisdiction = fields.String()
    period = fields.String()
    editions = fields.List(fields.Nested(Edition))


class DisclosureRow(Schema):
    name = fields.String()
    jurisdiction = fields.String()
    jurisdiction_name = fields.String(allow_none=True)
    jurisdiction_name_en = fields.String(allow_none=True)
    start_year = fields.Integer()
    end_year = fields.Integer()
    location = fields.String()
    stage = fields.String()
    total_investment = fields.String(metadata=MONEY)
    planned_this_year = fields.String(allow_none=True, metadata=MONEY)
    completed_this_year = fields.String(metadata=MONEY)
    completed_share = fields.String(allow_none=True, metadata=SHARE)


class Disclosure(Schema):
    as_of = fields.AwareDateTime()
    items = fields.List(fields.Nested(DisclosureRow))
