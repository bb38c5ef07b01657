"""Evidence as clients read it: what the phone declared, what the server verified,
what the file claims; and the short-lived URLs to send or read its bytes."""

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.resources import Resource
from domain.model import evidence


class FactsResponse(Schema):
    """Established by the server from the bytes themselves."""

    content_type = fields.Enum(evidence.MediaType, by_value=True)
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)
    thumbnail = fields.Function(
        lambda facts: facts.thumbnail_key is not None,
        metadata={"description": "Whether /thumbnail has one (a PDF has none)"},
    )


class ClaimsResponse(Schema):
    """What the file's EXIF says: the device's claims, easy to edit, never proof."""

    taken_at = fields.String(
        allow_none=True,
        metadata={"description": "ISO 8601; with an offset only where EXIF gives one"},
    )
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    make = fields.String(allow_none=True)
    model = fields.String(allow_none=True)


class EvidenceResponse(Resource):
    owner = fields.Enum(evidence.Owner, by_value=True)
    owner_id = fields.UUID()
    item_id = fields.String(allow_none=True)
    sha256 = fields.String(metadata={"description": "As declared, hex"})
    size = fields.Integer(metadata={"description": "As declared, bytes"})
    content_type = fields.Enum(
        evidence.MediaType, by_value=True, metadata={"description": "As declared"}
    )
    file_name = fields.String(metadata={"description": "A display name only"})
    status = fields.Enum(evidence.Status, by_value=True)
    facts = fields.Nested(FactsResponse, allow_none=True)
    claims = fields.Nested(ClaimsResponse, allow_none=True)
    rejection = fields.String(
        allow_none=True, metadata={"description": "Why the last upload was refused"}
    )


class UploadSlotResponse(Schema):
    """How to send the bytes: PUT the body with exactly these headers, or POST a
    multipart form with these fields first and the file last as `file`."""

    url = fields.String(required=True)
    method = fields.String(required=True, validate=validate.OneOf(["PUT", "POST"]))
    headers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    fields_ = fields.Dict(
        data_key="fields",
        attribute="fields",
        keys=fields.String(),
        values=fields.String(),
        required=True,
    )
    expires_at = fields.AwareDateTime(required=True)


class DeclaredEvidenceResponse(EvidenceResponse):
    upload = fields.Nested(
        UploadSlotResponse,
        allow_none=True,
        metadata={
            "description": "null once the evidence is attached, or when your roles"
            " no longer send evidence (a replay)"
        },
    )


class LinkResponse(Schema):
    url = fields.String(required=True, metadata={"description": "Short-lived"})
    expires_at = fields.AwareDateTime(required=True)


class UploadArgs(Schema):
    upload = fields.String(
        load_default="put",
        validate=validate.OneOf(["put", "post"]),
        metadata={"description": "A presigned PUT (bound to the SHA-256) or a POST"},
    )
