"""Logging in: a username and password for a bearer token."""

import marshmallow as ma
from marshmallow.validate import Length

from api.http.schemas.base import Schema


class IssueTokenRequest(Schema):
    username = ma.fields.String(required=True, validate=Length(min=1, max=64))
    password = ma.fields.String(
        required=True, load_only=True, validate=Length(min=1, max=256)
    )


class TokenResponse(Schema):
    access_token = ma.fields.String(
        required=True, metadata={"description": "Send as `Authorization: Bearer …`"}
    )
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(
        required=True, metadata={"description": "Seconds until the token expires"}
    )
