"""Responses: each resource's state as clients read it, and the lists and histories."""

from typing import Any

from marshmallow import fields

from api.http.schemas.base import Schema
from domain.model import enterprise, intake, issue, officer, place, project, visit

# Money is 万元 (10,000 yuan), sent as a decimal number in a string: exact, as the
# domain keeps it (a JSON number would pass through binary floating point).
MONEY = {
    "type": "string",
    "format": "decimal",
    "description": "万元 (10,000 yuan), a decimal number as a string",
}


def enum(kind: type[Any]) -> fields.Enum[Any]:
    return fields.Enum(kind, by_value=True)


class Resource(Schema):
    """What every resource shows: identity, place, version and times."""

    type = fields.String(required=True, metadata={"description": "e.g. issue, visit"})
    id = fields.UUID(required=True)
    version = fields.Integer(required=True, metadata={"description": "Also the ETag"})
    jurisdiction = fields.String(required=True)
    created_on = fields.AwareDateTime(
        required=True, metadata={"description": "Server time"}
    )
    modified_on = fields.AwareDateTime(required=True)


class GeoFixResponse(Schema):
    lat = fields.Float()
    lon = fields.Float()
    accuracy_m = fields.Float()


def money() -> fields.Decimal:
    """万元 as the API sends it: a decimal number in a string, documented so."""
    return fields.Decimal(as_string=True, metadata=MONEY)


class ProjectResponse(Resource):
    code = fields.String()
    name = fields.String()
    level = enum(project.Level)
    location = fields.String()
    owner_enterprise_id = fields.UUID()
    sector = fields.String()
    planned_start = fields.Date()
    planned_finish = fields.Date()
    total_investment = money()
    plan_year = fields.Integer()
    planned_investment = money()
    annual_plans = fields.Dict(keys=fields.String(), values=money())
    stage = enum(project.Stage)
    suspended = fields.Boolean()
    stewards = fields.List(fields.UUID())
    leader = fields.UUID(allow_none=True)
    milestones = fields.Dict(keys=fields.String(), values=fields.Date())
    investment = fields.Dict(
        keys=fields.String(),
        values=money(),
        metadata={"description": "Cumulative completed investment by month (万元)"},
    )
    completed_investment = money()
    node_plan = fields.Dict(
        keys=fields.String(),
        values=fields.Date(),
        attribute="planned_nodes",
        metadata={"description": "The node plan in force (absent before one)"},
    )
    original_plan = fields.Dict(
        keys=fields.String(), values=fields.Date(), attribute="original_nodes"
    )
    plan_revisions = fields.Integer(attribute="revisions")
    statistics_on = fields.Date(
        attribute="entered_statistics_on",
        metadata={"description": "入库纳统: entered the statistics database"},
    )
    pooled_on = fields.Date(
        attribute="entered_pool_on",
        dump_default=None,  # a project never entered holds no such attribute
        allow_none=True,
        metadata={"description": "In the pre-landing pool since (拟落地项目库)"},
    )


class EnterpriseResponse(Resource):
    credit_code = fields.String()
    name = fields.String()
    sector = fields.String()
    scale = enum(enterprise.Scale)


class PlaceResponse(Resource):
    code = fields.String()
    level = enum(place.PlaceLevel)
    name = fields.String()
    name_en = fields.String(metadata={"description": "Empty where none is known"})


class OfficerResponse(Resource):
    username = fields.String()
    name = fields.String()
    roles = fields.List(enum(officer.Role))
    department = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    active = fields.Boolean()


class DepartmentResponse(Resource):
    code = fields.String()
    name = fields.String()
    aliases = fields.List(fields.String())
    active = fields.Boolean()


class ChecklistItemResponse(Schema):
    item_id = fields.String()
    text = fields.String()
    category = fields.String()
    photo_required = fields.Boolean()


class ChecklistResponse(Resource):
    name = fields.String()
    latest_version = fields.Integer()
    retired = fields.Boolean()
    versions = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(ChecklistItemResponse))
    )


class ItemAnswerResponse(Schema):
    answer = enum(visit.Answer)
    note = fields.String()
    evidence_ids = fields.List(fields.UUID())


class VisitResponse(Resource):
    officer_ids = fields.List(fields.UUID())
    project_id = fields.UUID(allow_none=True)
    enterprise_id = fields.UUID(allow_none=True)
    kind = enum(visit.Kind)
    planned_for = fields.Date()
    template_id = fields.UUID(allow_none=True)
    template_version = fields.Integer(allow_none=True)
    items = fields.List(fields.Nested(ChecklistItemResponse))
    status = enum(visit.Status)
    checked_in_gps = fields.Nested(GeoFixResponse, allow_none=True)
    answers = fields.Dict(
        keys=fields.String(), values=fields.Nested(ItemAnswerResponse)
    )
    notes = fields.List(fields.String())
    issue_ids = fields.List(fields.UUID())
    representative = fields.String(allow_none=True)
    signature_evidence_id = fields.UUID(allow_none=True)
    finished_gps = fields.Nested(GeoFixResponse, allow_none=True)
    cancel_reason = fields.String(allow_none=True)


class TicketResponse(Schema):
    number = fields.String(metadata={"description": "12345 工单编号"})
    caller = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata={"description": "Masked"})
    called_at = fields.AwareDateTime(allow_none=True)


class SubjectResponse(Schema):
    kind = enum(intake.SubjectKind)
    name = fields.String()
    address = fields.String()


class IssueResponse(Resource):
    source = enum(issue.Source)
    ticket = fields.Nested(TicketResponse, allow_none=True)
    grid_unit = fields.String(allow_none=True)
    meeting = fields.String(allow_none=True)
    meeting_id = fields.UUID(allow_none=True)  # a meeting's task (任务交办单)
    subject = fields.Nested(
        SubjectResponse,
        allow_none=True,
        metadata={"description": "A market subject not registered here"},
    )
    category = enum(issue.Category)
    severity = enum(issue.Severity)
    description = fields.String()
    project_id = fields.UUID(allow_none=True)
    enterprise_id = fields.UUID(allow_none=True)
    visit_id = fields.UUID(allow_none=True)
    status = enum(issue.Status)
    department = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    deadline = fields.Date(allow_none=True)
    respond_by = fields.Date(
        allow_none=True, metadata={"description": "The first response's limit"}
    )
    responded = fields.Boolean(
        metadata={"description": "The department it is with has responded"}
    )
    escalation_level = fields.Integer()
    escalated_to = fields.String(
        allow_none=True, metadata={"description": "Who the problem was escalated to"}
    )
    send_backs = fields.Integer()
    progress = fields.List(fields.String())
    resolution = fields.String(allow_none=True)
    evidence_ids = fields.List(fields.UUID())
    satisfaction = fields.Enum(issue.Satisfaction, by_value=True, allow_none=True)
    closed_by = fields.UUID(allow_none=True)
    callbacks_failed = fields.Integer(
        metadata={"description": "回访 that could not reach the enterprise"}
    )
    flagged_for = fields.Enum(
        intake.Concern,
        by_value=True,
        allow_none=True,
        metadata={"description": "What the last callback flagged, by the rule"},
    )
    reopens = fields.Integer(
        metadata={"description": "Reopened after a callback, by the rule"}
    )
    duplicate_of = fields.UUID(allow_none=True)


class HistoryEntry(Schema):
    version = fields.Integer(required=True)
    event = fields.String(
        required=True, metadata={"description": "e.g. Issue.Assigned"}
    )
    recorded_at = fields.AwareDateTime(
        required=True, metadata={"description": "Server time"}
    )
    actor_id = fields.UUID(required=True)
    actor_name = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The officer's name; null for the service's own"},
    )
    device_id = fields.String(required=True)
    device_time = fields.AwareDateTime(required=True)
    command_id = fields.UUID(required=True)
    data = fields.Dict(required=True)
    proof = fields.String(
        required=True, metadata={"description": "Its proof into the signed log"}
    )


class HistoryResponse(Schema):
    id = fields.UUID(required=True)
    events = fields.List(fields.Nested(HistoryEntry), required=True)


class CatalogItem(Schema):
    """A resource as lists show it."""

    id = fields.UUID(required=True)
    type = fields.String(required=True, attribute="kind")
    jurisdiction = fields.String(required=True)
    version = fields.Integer(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    label = fields.String(required=True)
    status = fields.String(required=True)
    fields_ = fields.Dict(
        data_key="fields",
        attribute="fields",
        keys=fields.String(),
        values=fields.String(),
        required=True,
    )


class ListResponse(Schema):
    items = fields.List(fields.Nested(CatalogItem), required=True)
    next_cursor = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null on the last page"},
    )
