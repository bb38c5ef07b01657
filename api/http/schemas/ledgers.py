"""Query arguments and responses of the ledgers and the board."""

from typing import Any

from marshmallow import fields, validate

from api.exports import FORMATS
from api.http.schemas.base import Schema
from api.http.schemas.rules import BY_NAME, CURSOR, DEVICE_TIME, full, in_years
from api.tables import LANGUAGES
from domain.model import issue, project, visit
from domain.model.intake import TICKET
from domain.values import JURISDICTION as PLACE_CODE

MAX_PAGE = 200
MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="a month YYYY-MM")
JURISDICTION = validate.Regexp(full(PLACE_CODE.pattern), error="2 to 12 digits")
ISSUE_GROUPS = (
    "department",
    "category",
    "source",
    "jurisdiction",
    "month",
    "escalation_level",
)
VISIT_GROUPS = ("officer", "enterprise", "project", "month")
WARNINGS = ("red", "yellow", "blue", "none")


def values(kind: type[Any]) -> validate.OneOf:
    return validate.OneOf([member.value for member in kind])


def text(**options: Any) -> fields.String:
    return fields.String(load_default=None, validate=validate.Length(1, 100), **options)


class FileArgs(Schema):
    """As what: JSON, CSV or XLSX, headed in zh or en."""

    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))
    lang = fields.String(
        load_default="zh",
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "Headings and coded values of CSV and XLSX"},
    )


class ReadArgs(FileArgs):
    """As of when (default now), and as what."""

    as_of = fields.AwareDateTime(
        load_default=None,
        validate=in_years,
        metadata={
            "description": "Figures that depend on now are worked out as of then",
            "pattern": DEVICE_TIME,  # the domain's years, an offset
        },
    )


class PageArgs(ReadArgs):
    cursor = fields.String(load_default=None, validate=CURSOR)
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_PAGE))


class IssueFilterArgs(Schema):
    department = text()  # any name the department is registered under
    department_id = fields.UUID(load_default=None)
    category = fields.String(load_default=None, validate=values(issue.Category))
    status = fields.String(load_default=None, validate=values(issue.Status))
    source = fields.String(load_default=None, validate=values(issue.Source))
    project_id = fields.UUID(load_default=None)
    enterprise_id = fields.UUID(load_default=None)
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)
    month_from = fields.String(load_default=None, validate=MONTH)
    month_to = fields.String(load_default=None, validate=MONTH)
    overdue = fields.Boolean(load_default=None)
    escalated = fields.Boolean(load_default=None, metadata={"description": "提级"})
    escalation_level = fields.Integer(
        load_default=None, validate=validate.Range(0, issue.MAX_ESCALATION)
    )
    ticket_number = fields.String(
        load_default=None,
        validate=validate.Regexp(f"^{TICKET.pattern}$", error="a 12345 ticket number"),
    )
    flagged = fields.Boolean(
        load_default=None,
        metadata={"description": "Flagged by a callback (回访), not answered since"},
    )
    reopened = fields.Boolean(
        load_default=None, metadata={"description": "Reopened after a callback"}
    )


class IssueLedgerArgs(IssueFilterArgs, PageArgs):
    now = fields.Boolean(
        load_default=False,
        metadata={"description": "Each row also gives today's status (status_now)"},
    )


class IssueSummaryArgs(IssueFilterArgs, ReadArgs):
    group_by = fields.String(required=True, validate=validate.OneOf(ISSUE_GROUPS))


class DepartmentArgs(ReadArgs):
    month_from = fields.String(load_default=None, validate=MONTH)
    month_to = fields.String(load_default=None, validate=MONTH)
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class PublicationArgs(Schema):
    # A period published: months of the domain's years (2000 to 2100).
    month_from = fields.String(required=True, validate=BY_NAME["month"])
    month_to = fields.String(required=True, validate=BY_NAME["month"])
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class AssessmentArgs(FileArgs):
    month = fields.String(required=True, validate=BY_NAME["month"])
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class AssessMonth(Schema):
    month = fields.String(required=True, validate=BY_NAME["month"])
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class VisitFilterArgs(Schema):
    officer_id = fields.UUID(load_default=None)
    project_id = fields.UUID(load_default=None)
    enterprise_id = fields.UUID(load_default=None)
    kind = fields.String(load_default=None, validate=values(visit.Kind))
    status = fields.String(load_default=None, validate=values(visit.Status))
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)
    month_from = fields.String(load_default=None, validate=MONTH)
    month_to = fields.String(load_default=None, validate=MONTH)


class VisitLedgerArgs(VisitFilterArgs, PageArgs):
    pass


class VisitSummaryArgs(VisitFilterArgs, ReadArgs):
    group_by = fields.String(required=True, validate=validate.OneOf(VISIT_GROUPS))


class UnvisitedArgs(PageArgs):
    kind = fields.String(
        load_default="enterprise", validate=validate.OneOf(["enterprise", "project"])
    )
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class CoverageArgs(ReadArgs):
    role = fields.String(
        load_default="steward",
        validate=validate.OneOf(["steward", "leader"]),
        metadata={"description": "项目管家 (this month) or 包抓领导 (this quarter)"},
    )
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class BoardArgs(PageArgs):
    stage = fields.String(load_default=None, validate=values(project.Stage))
    level = fields.String(load_default=None, validate=values(project.Level))
    sector = text()
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)
    warning = fields.String(load_default=None, validate=validate.OneOf(WARNINGS))


class DisclosureArgs(ReadArgs):
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class PeriodArgs(Schema):
    """A month (`month`), a quarter (`quarter`) or, with neither, the year."""

    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    quarter = fields.Integer(load_default=None, validate=validate.Range(1, 4))
    month = fields.Integer(load_default=None, validate=validate.Range(1, 12))
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class ListsArgs(PeriodArgs, FileArgs):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_PAGE))


class PublishedListsArgs(PeriodArgs, FileArgs):
    as_of = fields.AwareDateTime(
        load_default=None,
        validate=in_years,
        metadata={
            "description": "The editions published by then (all when absent)",
            "pattern": DEVICE_TIME,
        },
    )


class PublishListsArgs(PeriodArgs):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_PAGE))
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=1000),
        metadata={"description": "Why a period published already is published again"},
    )
