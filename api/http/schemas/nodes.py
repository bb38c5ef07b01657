"""A project's nodes as read: planned, first planned, reached, days late."""

from marshmallow import fields

from api.http.schemas.base import Schema
from api.http.schemas.ledger_rows import day
from api.http.schemas.rules import DEVICE_TIME, in_years


class NodeArgs(Schema):
    as_of = fields.AwareDateTime(
        load_default=None, validate=in_years, metadata={"pattern": DEVICE_TIME}
    )


class NodeRow(Schema):
    node = fields.String()
    planned_on = day()
    original_on = day()
    revisions = fields.Integer()
    actual_on = day()
    days_late = fields.Integer(
        allow_none=True,
        metadata={"description": "Days past the plan (reached late, or not yet)"},
    )


class Nodes(Schema):
    project_id = fields.UUID()
    as_of = fields.AwareDateTime()
    revisions = fields.Integer()
    nodes = fields.List(fields.Nested(NodeRow))
