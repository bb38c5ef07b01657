"""Statistics of the board: query arguments and rows."""

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.ledgers import JURISDICTION, ReadArgs
from api.http.schemas.resources import MONEY
from api.http.schemas.rules import BY_NAME
from projections.statistics import CHOICES

SHARE = {"description": "A decimal fraction as a string, e.g. 0.9480; null: none"}


class StatisticsArgs(ReadArgs):
    group_by = fields.String(required=True, validate=validate.OneOf(CHOICES))
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class UnreportedArgs(ReadArgs):
    month = fields.String(load_default=None, validate=BY_NAME["month"])
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class StatisticsRow(Schema):
    group = fields.String()
    projects = fields.Integer()
    in_plan = fields.Integer(metadata={"description": "With a plan for the year"})
    started = fields.Integer(metadata={"description": "Of those, started by as_of"})
    start_rate = fields.String(allow_none=True, metadata=SHARE)
    planned = fields.String(metadata=MONEY)
    completed = fields.String(metadata=MONEY)
    completion_rate = fields.String(allow_none=True, metadata=SHARE)


class StatisticsResponse(Schema):
    as_of = fields.AwareDateTime()
    group_by = fields.String()
    groups = fields.List(fields.Nested(StatisticsRow))


class UnreportedRow(Schema):
    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    jurisdiction = fields.String()
    level = fields.String()
    sector = fields.String()
    stage = fields.String()
    month = fields.String()


class UnreportedResponse(Schema):
    as_of = fields.AwareDateTime()
    month = fields.String()
    items = fields.List(fields.Nested(UnreportedRow))
