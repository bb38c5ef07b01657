"""The health answer."""

import marshmallow as ma


class HealthResponse(ma.Schema):
    status = ma.fields.String(required=True)
    version = ma.fields.String(required=True)
    events = ma.fields.Integer(required=True, metadata={"description": "Events stored"})
