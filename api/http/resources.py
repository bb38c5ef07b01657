"""The shape every resource shares: create, read (now, as of, a version), history, actions."""

import http
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import marshmallow as ma
from eventsourcing.domain import Aggregate
from flask import Response, request
from flask_smorest import abort
from marshmallow import fields, validate

from api.http.auth import Principal, current_principal
from api.http.cursors import decode_cursor, encode_cursor
from api.http.errors import URI_TOO_LONG, domain_problem
from api.http.parsing import Blueprint
from api.http.schemas.base import Schema
from api.http.schemas.commands import build, request_schema
from api.http.schemas.resources import HistoryResponse, ListResponse
from api.http.schemas.rules import CURSOR, DEVICE_TIME, in_years, text
from api.http.services import current_views, services
from api.readings import with_actor_names
from api.records import event_record, state, type_name
from domain import rules
from domain.app import Outcome
from domain.commands.base import Command
from domain.errors import InvalidValue, StaleVersion
from domain.values import Meta
from projections import FIELDS

View = Callable[..., Any]
MAX_PAGE = 200
FILTERS = {kind: tuple(f.name for f in spec) for kind, spec in FIELDS.items()}
IDS = frozenset(f.name for spec in FIELDS.values() for f in spec if f.is_id)
# The longest list query, each character of its values percent-encoded to 12, fits
# the request line the API reads (8190 bytes; above it answers 414: api/http/errors.py).
MAX_FILTER = 50
# What encode_cursor gives out (base64url); empty is the first page.
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
# A write's place in the log: every read answers at or after it (read-your-writes).
POSITION = "Siteledger-Position"


def authorized(*problems: int) -> dict[str, Any]:
    """`blp.doc` arguments of a route for bearers: its security, and what it may
    answer besides its success and 422: 401 and the given statuses (problem+json,
    but 304), each by its component."""
    statuses = (401, *problems)
    return {
        "security": BEARER,
        "responses": {status: http.HTTPStatus(status).name for status in statuses},
    }


@dataclass(frozen=True)
class Kind:
    """A kind of resource: its aggregate, its response, and its id's name in commands."""

    aggregate: type[Aggregate]
    response: type[ma.Schema]
    id_field: str

    @property
    def name(self) -> str:
        return type_name(self.aggregate)


class CommandHeaders(Schema):
    idempotency_key = fields.UUID(
        data_key="Idempotency-Key",
        load_default=None,
        allow_none=False,  # absent, not null: a header has no null
        metadata={"description": "The command id: a replay answers the first response"},
    )
    if_match = fields.String(
        data_key="If-Match",
        load_default=None,
        allow_none=False,
        # Also a bare version: clients that drop the quotes mean the same.
        validate=validate.Regexp(r'^((W/)?"[0-9]{1,9}"|[0-9]{1,9}|\*)$'),
        metadata={"description": "The version (ETag) the change is based on"},
    )
    device_id = fields.String(
        data_key="Device-Id", load_default="web", validate=text(rules.DEVICE_ID)
    )
    device_time = fields.AwareDateTime(
        data_key="Device-Time",
        load_default=None,
        allow_none=False,
        metadata={
            "description": "The device's clock, ISO 8601 with its offset",
            "pattern": DEVICE_TIME,  # the domain's years and offsets
        },
    )


class ReadArgs(Schema):
    as_of = fields.AwareDateTime(
        load_default=None,
        allow_none=False,  # absent, not null: a query has no null
        validate=in_years,
        metadata={
            "description": "The state as the server knew it then",
            "pattern": DEVICE_TIME,
        },
    )
    version = fields.Integer(
        load_default=None, allow_none=False, validate=validate.Range(min=1)
    )

    @ma.validates_schema
    def one_of(self, data: dict[str, Any], **_: Any) -> None:
        if data["as_of"] is not None and data["version"] is not None:
            raise ma.ValidationError("give as_of or version, not both", "as_of")


def list_args(kind: str) -> type[ma.Schema]:
    """Query arguments of a kind's list: its filters, a cursor and a page size."""
    # Absent, not null: a query has no null.
    optional: dict[str, Any] = {"load_default": None, "allow_none": False}
    text = {"validate": validate.Length(max=MAX_FILTER), **optional}
    declared: dict[str, fields.Field[Any]] = {
        name: fields.UUID(**optional) if name in IDS else fields.String(**text)
        for name in (*FILTERS[kind], "status", "q")
    }
    declared["cursor"] = fields.String(validate=CURSOR, **optional)
    declared["limit"] = fields.Integer(
        load_default=50, validate=validate.Range(1, MAX_PAGE)
    )
    return Schema.from_dict(declared, name=f"{kind.title()}ListArgs")


def listing(kind: Kind, args: dict[str, Any]) -> dict[str, Any]:
    cursor, limit = args.pop("cursor"), args.pop("limit")
    filters = {k: str(v) for k, v in args.items() if v is not None}
    after = str(decode_cursor(cursor)) if cursor else None
    try:
        rows, following = current_views().catalog.list(
            kind.name, current_principal().jurisdiction, filters, after, limit
        )
    except ValueError as refused:
        abort(422, message=str(refused))
    return {"items": rows, "next_cursor": following and encode_cursor(following)}


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match == "*":
        return None
    return int(if_match.removeprefix("W/").strip('"'))


def command_meta(principal: Principal, headers: dict[str, Any]) -> Meta:
    """The command's metadata; 422 naming the header a device sent out of range."""
    meta = Meta(
        actor_id=principal.officer_id,
        command_id=headers["idempotency_key"] or uuid4(),
        device_id=headers["device_id"],
        device_time=headers["device_time"] or datetime.now(UTC),
    )
    try:
        meta.check()
    except InvalidValue as invalid:
        header = {"device_id": "Device-Id"}.get(invalid.field, "Device-Time")
        errors = {"headers": {header: [invalid.message]}}
        abort(422, message=str(invalid), errors=errors)
    return meta


def submit(kind: Kind, command: Command, headers: dict[str, Any], status: int) -> Any:
    """Runs a command for the caller and answers the resource as the command left it."""
    principal = current_principal()
    meta = command_meta(principal, headers)
    expected = expected_version(headers["if_match"])
    try:
        outcome = services().ledger.execute(
            command, meta, expected, sender=principal.sender
        )
    except StaleVersion as stale:
        return stale_answer(kind, stale, principal)
    return answer(kind, outcome, status)


def answer(kind: Kind, outcome: Outcome, status: int) -> Any:
    # Unscoped: the caller's own write, shown as it left the resource, also after a
    # move out of the caller's jurisdiction (a replay is only ever the sender's).
    aggregate = outcome.aggregate or services().ledger.load(
        kind.aggregate, outcome.aggregate_id, outcome.version
    )
    headers = {"ETag": etag(outcome.version), POSITION: str(outcome.position)}
    if outcome.duplicate:
        headers["Idempotent-Replayed"] = "true"
    return state(aggregate), status, headers


def stale_answer(kind: Kind, stale: StaleVersion, principal: Principal) -> Response:
    current = services().ledger.load(
        kind.aggregate, stale.aggregate_id, scope=principal.jurisdiction
    )
    response = domain_problem(stale, current=kind.response().dump(state(current)))
    response.headers["ETag"] = etag(current.version)
    return response


def read(kind: Kind, aggregate_id: UUID, args: dict[str, Any]) -> Any:
    """The resource now, as of an instant, or at a version; 304 when unchanged."""
    scope = current_principal().jurisdiction
    ledger = services().ledger
    if args["as_of"] is not None:
        aggregate = ledger.load_as_of(
            kind.aggregate, aggregate_id, args["as_of"], scope
        )
    else:
        aggregate = ledger.load(kind.aggregate, aggregate_id, args["version"], scope)
    tag = etag(aggregate.version)
    # If-None-Match compares weakly (RFC 9110 13.1.2); werkzeug holds tags unquoted.
    if request.if_none_match.contains_weak(str(aggregate.version)):
        return Response(status=304, headers={"ETag": tag})
    return state(aggregate), 200, {"ETag": tag}


def history(kind: Kind, aggregate_id: UUID) -> dict[str, Any]:
    scope = current_principal().jurisdiction
    events = services().ledger.history(aggregate_id, kind.aggregate, scope)
    records = [event_record(e) | {"proof": proof_url(e)} for e in events]
    return {"id": aggregate_id, "events": with_actor_names(current_views(), records)}


def proof_url(event: Any) -> str:
    """Where an auditor gets the event's proof into the signed log."""
    return f"/audit/events/{event.originator_id}/{event.originator_version}/proof"


def register(blp: Blueprint, kind: Kind, create: type[Command]) -> None:
    """Create, read and history routes of a resource."""
    name = kind.aggregate.__name__

    @blp.route("", methods=["POST"], endpoint=f"create_{name}")
    @blp.arguments(request_schema(create))
    @blp.arguments(CommandHeaders, location="headers", as_kwargs=True)
    @blp.response(201, kind.response)
    @blp.doc(**authorized(403, 409, 413), summary=create.wire, operationId=create.wire)
    def create_view(data: dict[str, Any], **headers: Any) -> Any:
        return submit(kind, build(create, data), headers, 201)

    @blp.route("", methods=["GET"], endpoint=f"list_{name}")
    @blp.arguments(list_args(kind.name), location="query")
    @blp.response(200, ListResponse)
    @blp.alt_response(414, response=URI_TOO_LONG)
    @blp.doc(**authorized(), summary=f"A page of {name}s in your jurisdiction")
    def list_view(args: dict[str, Any]) -> Any:
        return listing(kind, args)

    @blp.route("/<uuid:aggregate_id>", methods=["GET"], endpoint=f"read_{name}")
    @blp.arguments(ReadArgs, location="query")
    @blp.response(200, kind.response)
    @blp.doc(
        **authorized(304, 404), summary=f"A {name} now, as of an instant or a version"
    )
    def read_view(args: dict[str, Any], aggregate_id: UUID) -> Any:
        return read(kind, aggregate_id, args)

    @blp.route(
        "/<uuid:aggregate_id>/history", methods=["GET"], endpoint=f"history_{name}"
    )
    @blp.response(200, HistoryResponse)
    @blp.doc(**authorized(404), summary=f"Every event of a {name}")
    def history_view(aggregate_id: UUID) -> Any:
        return history(kind, aggregate_id)


def action(blp: Blueprint, kind: Kind, path: str, command: type[Command]) -> None:
    """`POST /{id}/{path}`: one command on an existing resource."""
    schema = request_schema(command, exclude=(kind.id_field,))

    @blp.route(f"/<uuid:aggregate_id>/{path}", methods=["POST"], endpoint=command.wire)
    @blp.arguments(schema)
    @blp.arguments(CommandHeaders, location="headers", as_kwargs=True)
    @blp.response(200, kind.response)
    @blp.doc(
        **authorized(403, 404, 409, 412, 413),
        summary=command.wire,
        operationId=command.wire,
    )
    def action_view(data: dict[str, Any], aggregate_id: UUID, **headers: Any) -> Any:
        built = build(command, data, **{kind.id_field: aggregate_id})
        return submit(kind, built, headers, 200)
