"""The audit answers: the log's signed heads, and the proof of one record (a
one-entry bundle, as tools/verify_audit_bundle.py checks it)."""

from typing import Any

from marshmallow import fields, validate

from api.http.schemas.base import Schema

HEX: dict[str, Any] = {"metadata": {"description": "SHA-256, hex"}}


class SealSchema(Schema):
    size = fields.Integer(required=True, metadata={"description": "Entries covered"})
    root = fields.String(required=True, **HEX)
    sealed_at = fields.String(required=True, metadata={"description": "ISO 8601"})
    key_id = fields.String(required=True)
    signature = fields.String(
        required=True, metadata={"description": "Ed25519, base64"}
    )


class OlderSeal(SealSchema):
    consistency = fields.List(fields.String(), required=True, **HEX)


class HeadsResponse(Schema):
    public_key = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Ed25519, base64 (pin it: do not trust this answer)"},
    )
    size = fields.Integer(required=True, metadata={"description": "Entries chained"})
    seals = fields.List(fields.Nested(SealSchema), required=True)


class EntrySchema(Schema):
    """A stored event or receipt, field by field as it is hashed."""

    position = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["event", "receipt"]))
    missing = fields.Boolean()
    proof = fields.List(fields.String(), **HEX)
    notification_id = fields.Integer()
    originator_id = fields.String()
    originator_version = fields.Integer()
    topic = fields.String()
    state = fields.String(metadata={"description": "The stored bytes, base64"})
    command_id = fields.String()
    command = fields.String()
    fingerprint = fields.String()
    aggregate_id = fields.String()
    version = fields.Integer()
    also = fields.String()


class ProofResponse(Schema):
    format = fields.String(required=True)
    from_ = fields.Integer(required=True, data_key="from", attribute="from")
    to = fields.Integer(required=True)
    seal = fields.Nested(SealSchema, required=True)
    older_seals = fields.List(fields.Nested(OlderSeal), required=True)
    entries = fields.List(fields.Nested(EntrySchema), required=True)


class ProofArgs(Schema):
    position = fields.Integer(required=True, validate=validate.Range(min=1))


class ConsistencyArgs(Schema):
    size = fields.Integer(required=True, validate=validate.Range(min=1))


class ConsistencyResponse(Schema):
    old_size = fields.Integer(required=True)
    old_root = fields.String(required=True, **HEX)
    proof = fields.List(fields.String(), required=True, **HEX)
    seal = fields.Nested(SealSchema, required=True)
