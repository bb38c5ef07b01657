"""The health answer."""

import marshmallow as ma

from api.schemas.base import Schema


class HealthResponse(Schema):
    status = ma.fields.String(required=True)
    version = ma.fields.String(required=True)
    events = ma.fields.Integer(required=True, metadata={"description": "Events stored"})
