"""The health answer."""

import marshmallow as ma

from api.http.schemas.base import Schema


class DependencyHealth(Schema):
    ok = ma.fields.Boolean(required=True)
    latency_ms = ma.fields.Float(metadata={"description": "How long it took to answer"})
    error = ma.fields.String(metadata={"description": "What failed, for an operator"})
    behind = ma.fields.Integer(
        metadata={"description": "Views: events not yet in the slowest view"}
    )


class Dependencies(Schema):
    event_store = ma.fields.Nested(DependencyHealth, required=True)
    views = ma.fields.Nested(DependencyHealth, required=True)
    evidence_store = ma.fields.Nested(DependencyHealth, required=True)


class HealthResponse(Schema):
    status = ma.fields.String(required=True, metadata={"description": "ok or failing"})
    version = ma.fields.String(required=True)
    events = ma.fields.Integer(required=True, metadata={"description": "Events stored"})
    dependencies = ma.fields.Nested(Dependencies, required=True)
