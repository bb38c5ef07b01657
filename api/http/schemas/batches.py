"""The pre-landing pool and the four batches (四个一批): query arguments and rows."""

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.ledger_rows import day
from api.http.schemas.ledgers import JURISDICTION, ReadArgs
from api.http.schemas.resources import MONEY
from domain.values import FIRST_YEAR, LAST_YEAR
from projections.batches import GROUPS, PERIODS

STATUSES = ("pooled", "signed", "started", "in_production", "withdrawn")


class PoolArgs(ReadArgs):
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class BatchesArgs(PoolArgs):
    period = fields.String(load_default="month", validate=validate.OneOf(PERIODS))
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(FIRST_YEAR, LAST_YEAR),
        metadata={"description": "Default: the year of as_of"},
    )
    group_by = fields.String(load_default="all", validate=validate.OneOf(GROUPS))


class PoolRow(Schema):
    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    level = fields.String()
    jurisdiction = fields.String()
    total_investment = fields.String(metadata=MONEY)
    status = fields.String(metadata={"enum": list(STATUSES)})
    pooled_on = day()  # entered the pool (入库), last
    signed = day()  # 签约
    started = day()  # 开工
    producing = day()  # 投产
    withdrawn_on = day()
    reason = fields.String(allow_none=True, metadata={"description": "Why withdrawn"})


class PoolResponse(Schema):
    as_of = fields.AwareDateTime()
    counts = fields.Dict(
        keys=fields.String(validate=validate.OneOf(STATUSES)),
        values=fields.Integer(),
        metadata={"description": "How many of the pool's projects stand where"},
    )
    items = fields.List(fields.Nested(PoolRow))


class BatchRow(Schema):
    period = fields.String(metadata={"description": "2026-03, 2026-Q1 or 2026"})
    group = fields.String()
    planned = fields.Integer(metadata={"description": "谋划一批: entered the pool"})
    planned_investment = fields.String(metadata=MONEY)
    signed = fields.Integer(metadata={"description": "签约一批"})
    signed_investment = fields.String(metadata=MONEY)
    started = fields.Integer(metadata={"description": "开工一批"})
    started_investment = fields.String(metadata=MONEY)
    producing = fields.Integer(metadata={"description": "投产一批"})
    producing_investment = fields.String(metadata=MONEY)
    withdrawn = fields.Integer(metadata={"description": "Withdrawn from the pool"})
    withdrawn_investment = fields.String(metadata=MONEY)


class BatchesResponse(Schema):
    as_of = fields.AwareDateTime()
    period = fields.String()
    year = fields.Integer()
    group_by = fields.String()
    groups = fields.List(fields.Nested(BatchRow))
