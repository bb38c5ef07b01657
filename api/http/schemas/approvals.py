"""Approval packages as clients read them, and the approvals ledger's arguments and
rows."""

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.ledger_rows import day
from api.http.schemas.ledgers import JURISDICTION, PageArgs, ReadArgs, text
from api.http.schemas.resources import Resource, enum
from domain.model.permit import PermitStatus
from projections.approval_sql import GROUPS


def share(description: str) -> fields.Decimal:
    """A share as the API sends it: a decimal number in a string (0.510 is 51 %)."""
    return fields.Decimal(
        as_string=True,
        allow_none=True,
        metadata={
            "type": ["string", "null"],
            "format": "decimal",
            "description": description,
        },
    )


class PermitSpecResponse(Schema):
    permit_id = fields.String()
    name = fields.String()
    department = fields.String()
    statutory_days = fields.Integer()
    stage = fields.String()


class PackageTemplateResponse(Resource):
    name = fields.String()
    project_kind = fields.String()
    latest_version = fields.Integer()
    retired = fields.Boolean()
    versions = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(PermitSpecResponse))
    )


class PermitResponse(PermitSpecResponse):
    committed_days = fields.Integer(metadata={"description": "承诺时限, working days"})
    status = enum(PermitStatus)
    agent_id = fields.UUID(allow_none=True)
    prepared_on = fields.Date(allow_none=True)
    submitted_on = fields.Date(allow_none=True)
    accepted_on = fields.Date(allow_none=True)
    granted_on = fields.Date(allow_none=True)
    returned_on = fields.Date(allow_none=True)
    return_reason = fields.String(allow_none=True)
    returns = fields.Integer()
    missing = fields.List(fields.String(), metadata={"description": "容缺: missing"})
    supply_by = fields.Date(allow_none=True)
    supplied_on = fields.Date(allow_none=True)
    reference = fields.String(allow_none=True)


class MatterResponse(Schema):
    matter_id = fields.UUID()
    agent_id = fields.UUID()
    what = fields.String()
    for_whom = fields.String()
    opened_on = fields.Date()
    permit_id = fields.String(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    result = fields.String(allow_none=True)


class PackageResponse(Resource):
    project_id = fields.UUID()
    template_id = fields.UUID()
    template_version = fields.Integer()
    chief_agent_id = fields.UUID(allow_none=True)
    agent_ids = fields.List(fields.UUID())
    permits = fields.Dict(keys=fields.String(), values=fields.Nested(PermitResponse))
    matters = fields.Dict(keys=fields.String(), values=fields.Nested(MatterResponse))


# The ledger -------------------------------------------------------------------------


class ApprovalFilterArgs(Schema):
    project_id = fields.UUID(load_default=None)
    package_id = fields.UUID(load_default=None)
    department = text()
    status = fields.String(
        load_default=None, validate=validate.OneOf([s.value for s in PermitStatus])
    )
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class ApprovalLedgerArgs(ApprovalFilterArgs, PageArgs):
    pass


class ApprovalSummaryArgs(ApprovalFilterArgs, ReadArgs):
    group_by = fields.String(required=True, validate=validate.OneOf(GROUPS))


class AgentWorkloadArgs(ReadArgs):
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class ApprovalFigures(Schema):
    permits = fields.Integer()
    projects = fields.Integer()
    submitted = fields.Integer()
    accepted = fields.Integer()
    granted = fields.Integer()
    open = fields.Integer(metadata={"description": "Accepted, not granted"})
    granted_on_time = fields.Integer(metadata={"description": "Within 承诺时限"})
    granted_late = fields.Integer()
    past_limit = fields.Integer(metadata={"description": "Open past 承诺时限"})
    over_statutory = fields.Integer()
    returned = fields.Integer()
    rongque = fields.Integer(metadata={"description": "容缺 acceptances"})
    rongque_overdue = fields.Integer(metadata={"description": "容缺 documents due"})
    rongque_supplied_late = fields.Integer()
    statutory_days = fields.Integer(metadata={"description": "Of granted permits"})
    days_taken = fields.Integer(metadata={"description": "Working days, granted"})
    time_cut = share("Mean of (statutory − taken) ÷ statutory")


class ApprovalGroup(ApprovalFigures):
    group = fields.String(allow_none=True)
    group_name = fields.String(allow_none=True)


class ApprovalSummary(Schema):
    as_of = fields.Date()
    group_by = fields.String()
    groups = fields.List(fields.Nested(ApprovalGroup))


class PermitRow(Schema):
    id = fields.String(metadata={"description": "package id:permit id"})
    package_id = fields.UUID()
    project_id = fields.UUID()
    project_name = fields.String(allow_none=True)
    jurisdiction = fields.String()
    permit_id = fields.String()
    seq = fields.Integer()
    name = fields.String()
    department = fields.String()
    stage = fields.String(allow_none=True)
    statutory_days = fields.Integer()
    committed_days = fields.Integer()
    status = fields.String()
    agent_id = fields.UUID(allow_none=True)
    chief_agent_id = fields.UUID(allow_none=True)
    prepared_on = day()
    submitted_on = day()
    accepted_on = day()
    granted_on = day()
    returned_on = day()
    returns = fields.Integer()
    missing = fields.String(allow_none=True)
    supply_by = day()
    supplied_on = day()
    days_taken = fields.Integer(allow_none=True)
    due_on = day()
    past_limit = fields.Boolean()
    granted_late = fields.Boolean()
    over_statutory = fields.Boolean()
    time_cut = share("(statutory − taken) ÷ statutory, once granted")
    rongque = fields.Boolean()
    rongque_overdue = fields.Boolean()
    rongque_supplied_late = fields.Boolean()


class PermitPage(Schema):
    as_of = fields.Date()
    items = fields.List(fields.Nested(PermitRow))
    next_cursor = fields.String(allow_none=True)


class AgentLoad(Schema):
    agent = fields.UUID()
    agent_name = fields.String(allow_none=True)
    opened = fields.Integer()
    closed = fields.Integer()
    open = fields.Integer()
    packages = fields.Integer()
    permits = fields.Integer(metadata={"description": "Permits they are on"})
    granted = fields.Integer()


class AgentWorkload(Schema):
    as_of = fields.Date()
    agents = fields.List(fields.Nested(AgentLoad))


class Evaluated(Schema):
    person = fields.UUID()
    person_name = fields.String(allow_none=True)
    role = fields.String(
        validate=validate.OneOf(("agent", "steward")),
        metadata={"description": "代办员 (agent) or 项目管家 (steward)"},
    )
    projects = fields.Integer()
    matters_opened = fields.Integer(metadata={"description": "By the day"})
    matters_closed = fields.Integer()
    matters_open = fields.Integer()
    permits = fields.Integer(metadata={"description": "The permits they serve"})
    granted = fields.Integer()
    granted_on_time = fields.Integer(metadata={"description": "Within 承诺时限"})
    granted_late = fields.Integer()
    on_time_rate = share("Granted on time ÷ granted")
    past_limit = fields.Integer(metadata={"description": "Open past 承诺时限"})
    rongque_overdue = fields.Integer()
    time_cut = share("Mean of (statutory − taken) ÷ statutory")


class Evaluation(Schema):
    as_of = fields.Date()
    people = fields.List(fields.Nested(Evaluated))
