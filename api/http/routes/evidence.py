"""Evidence (现场照片): declared with its upload slot, uploaded straight to the store,
confirmed once the server verified the bytes; read through short-lived URLs."""

from functools import partial
from typing import Any
from urllib.parse import urljoin
from uuid import UUID

from flask import request
from flask_smorest import abort

from api.http.auth import current_principal
from api.http.parsing import Blueprint
from api.http.permissions import EVIDENCE
from api.http.resources import (
    CommandHeaders,
    Kind,
    ReadArgs,
    authorized,
    command_meta,
    history,
    list_args,
    listing,
    read,
    submit,
)
from api.http.schemas.commands import build, request_schema
from api.http.schemas.evidence import (
    DeclaredEvidenceResponse,
    EvidenceResponse,
    LinkResponse,
    UploadArgs,
    UploadSlotResponse,
)
from api.http.schemas.resources import HistoryResponse, ListResponse
from api.http.services import services
from api.records import state
from domain.access import evidence_refusal
from domain.commands.evidence import DeclareEvidence
from domain.model.evidence import Evidence, Status
from domain.model.issue import Issue
from domain.services.blobs import UploadSlot

blp = Blueprint("evidence", __name__, url_prefix="/evidence", description=__doc__)
KIND = Kind(Evidence, EvidenceResponse, "evidence_id")
DEVICE = CommandHeaders(only=("device_id", "device_time"))
NO_STORE = {"Cache-Control": "no-store"}


@blp.route("", methods=["POST"], endpoint="declare")
@blp.arguments(request_schema(DeclareEvidence))
@blp.arguments(UploadArgs, location="query", as_kwargs=True)
@blp.arguments(CommandHeaders, location="headers", as_kwargs=True)
@blp.response(201, DeclaredEvidenceResponse)
@blp.doc(
    **authorized(403, 409, 412, 413),
    summary="DeclareEvidence, answered with its upload slot",
)
def declare(data: dict[str, Any], upload: str, **headers: Any) -> Any:
    command = build(DeclareEvidence, data)
    assert isinstance(command, DeclareEvidence)
    services().evidence.admit(command)
    answered = submit(KIND, command, headers, 201)
    if not isinstance(answered, tuple):
        return answered  # a problem (a stale If-Match)
    body, status, sent_headers = answered
    evidence = loaded(command.evidence_id)
    slot = None
    # A replay answers as the declaration did, but grants no upload to a caller whose
    # roles no longer send evidence (GET …/upload refuses them too).
    if evidence.status is not Status.ATTACHED and may_send_evidence():
        slot = absolute(services().evidence.slot(evidence, form=upload == "post"))
    return body | {"upload": slot}, status, sent_headers | NO_STORE


@blp.route("/<uuid:aggregate_id>/upload", methods=["GET"], endpoint="upload_slot")
@blp.arguments(UploadArgs, location="query", as_kwargs=True)
@blp.response(200, UploadSlotResponse)
@blp.doc(
    **authorized(403, 404, 409),
    summary="A fresh upload slot (e.g. after an offline sync)",
)
def upload_slot(aggregate_id: UUID, upload: str) -> Any:
    evidence = loaded(aggregate_id, to_send=True)
    slot = services().evidence.slot(evidence, form=upload == "post")
    return absolute(slot), 200, NO_STORE


@blp.route("/<uuid:aggregate_id>/confirm", methods=["POST"], endpoint="confirm")
@blp.arguments(DEVICE, location="headers", as_kwargs=True)
@blp.response(200, EvidenceResponse)
@blp.doc(
    **authorized(403, 404, 409), summary="Verify the upload: attached, or rejected why"
)
def confirm(aggregate_id: UUID, **headers: Any) -> Any:
    """Idempotent: confirming attached evidence again changes nothing."""
    principal = current_principal()
    found = loaded(aggregate_id, to_send=True)
    scope, ledger = principal.jurisdiction, services().ledger
    sender, issue = principal.sender, partial(ledger.load, Issue, scope=scope)
    if reason := evidence_refusal(sender, found.owner, found.owner_id, issue):
        abort(403, message=reason)
    meta = command_meta(principal, {"idempotency_key": None, **headers})
    evidence = services().evidence.confirm(aggregate_id, meta, principal.jurisdiction)
    return state(evidence), 200, {"ETag": f'"{evidence.version}"'}


@blp.route("/<uuid:aggregate_id>/content", methods=["GET"], endpoint="content")
@blp.response(200, LinkResponse)
@blp.doc(**authorized(404, 409), summary="A short-lived URL to the original")
def content(aggregate_id: UUID) -> Any:
    return link(aggregate_id, thumbnail=False)


@blp.route("/<uuid:aggregate_id>/thumbnail", methods=["GET"], endpoint="thumbnail")
@blp.response(200, LinkResponse)
@blp.doc(**authorized(404, 409), summary="A short-lived URL to its upright thumbnail")
def thumbnail(aggregate_id: UUID) -> Any:
    return link(aggregate_id, thumbnail=True)


@blp.route("", methods=["GET"], endpoint="list_evidence")
@blp.arguments(list_args("evidence"), location="query")
@blp.response(200, ListResponse)
@blp.doc(**authorized(), summary="A page of evidence in your jurisdiction")
def list_evidence(args: dict[str, Any]) -> Any:
    return listing(KIND, args)


@blp.route("/<uuid:aggregate_id>", methods=["GET"], endpoint="read_evidence")
@blp.arguments(ReadArgs, location="query")
@blp.response(200, EvidenceResponse)
@blp.doc(**authorized(304, 404), summary="Evidence now, as of an instant or a version")
def read_evidence(args: dict[str, Any], aggregate_id: UUID) -> Any:
    return read(KIND, aggregate_id, args)


@blp.route("/<uuid:aggregate_id>/history", methods=["GET"], endpoint="evidence_history")
@blp.response(200, HistoryResponse)
@blp.doc(**authorized(404), summary="Every event of a piece of evidence")
def evidence_history(aggregate_id: UUID) -> Any:
    return history(KIND, aggregate_id)


def may_send_evidence() -> bool:
    return bool(current_principal().roles & EVIDENCE)


def require_evidence_role() -> None:
    if not may_send_evidence():
        abort(403, message="sending evidence is not for your roles")


def loaded(evidence_id: UUID, *, to_send: bool = False) -> Evidence:
    """Evidence in the caller's jurisdiction; to send bytes, for their roles only."""
    if to_send:
        require_evidence_role()
    scope = current_principal().jurisdiction
    return services().ledger.load(Evidence, evidence_id, scope=scope)


def link(evidence_id: UUID, *, thumbnail: bool) -> Any:
    found = services().evidence.link(loaded(evidence_id), thumbnail=thumbnail)
    body = {"url": urljoin(request.host_url, found.url), "expires_at": found.expires_at}
    return body, 200, NO_STORE


def absolute(slot: UploadSlot) -> dict[str, Any]:
    """The slot with its URL absolute (the local store's are paths on this API)."""
    return {
        "url": urljoin(request.host_url, slot.url),
        "method": slot.method,
        "headers": slot.headers,
        "fields": slot.fields,
        "expires_at": slot.expires_at,
    }
