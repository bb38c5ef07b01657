"""The shape every resource shares: create, read (now, as of, a version), history, actions."""

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

from api.auth import Principal, current_principal
from api.cursors import decode_cursor, encode_cursor
from api.errors import domain_problem
from api.parsing import Blueprint
from api.permissions import DEPARTMENTAL, allowed
from api.records import event_record, state, type_name
from api.schemas.commands import build, request_schema
from api.schemas.resources import HistoryResponse, ListResponse
from api.services import services
from domain.app import Outcome
from domain.commands.base import Command
from domain.errors import StaleVersion
from domain.model.issue import Issue
from domain.model.officer import Role
from domain.values import Meta
from projections import FIELDS

View = Callable[..., Any]
MAX_PAGE = 200
FILTERS = {kind: tuple(f.name for f in spec) for kind, spec in FIELDS.items()}
AUTHORIZED: list[dict[str, list[str]]] = [{"bearer": []}]


@dataclass(frozen=True)
class Kind:
    """A kind of resource: its aggregate, its response, and its id's name in commands."""

    aggregate: type[Aggregate]
    response: type[ma.Schema]
    id_field: str

    @property
    def name(self) -> str:
        return type_name(self.aggregate)


class CommandHeaders(ma.Schema):
    idempotency_key = fields.UUID(
        data_key="Idempotency-Key",
        load_default=None,
        metadata={"description": "The command id: a replay answers the first response"},
    )
    if_match = fields.String(
        data_key="If-Match",
        load_default=None,
        validate=validate.Regexp(r'^(W/)?"\d{1,9}"$|^\*$'),
        metadata={"description": "The version (ETag) the change is based on"},
    )
    device_id = fields.String(
        data_key="Device-Id", load_default="web", validate=validate.Length(1, 128)
    )
    device_time = fields.AwareDateTime(
        data_key="Device-Time",
        load_default=None,
        metadata={"description": "The device's clock, ISO 8601 with its offset"},
    )


class ReadArgs(ma.Schema):
    as_of = fields.AwareDateTime(
        load_default=None,
        metadata={"description": "The state as the server knew it then"},
    )
    version = fields.Integer(load_default=None, validate=validate.Range(min=1))

    @ma.validates_schema
    def one_of(self, data: dict[str, Any], **_: Any) -> None:
        if data["as_of"] is not None and data["version"] is not None:
            raise ma.ValidationError("give as_of or version, not both", "as_of")


def list_args(kind: str) -> type[ma.Schema]:
    """Query arguments of a kind's list: its filters, a cursor and a page size."""
    text: dict[str, Any] = {"validate": validate.Length(max=200), "load_default": None}
    declared: dict[str, fields.Field[Any]] = {
        name: fields.String(**text) for name in (*FILTERS[kind], "status", "q")
    }
    declared["cursor"] = fields.String(
        load_default=None, validate=validate.Length(max=64)
    )
    declared["limit"] = fields.Integer(
        load_default=50, validate=validate.Range(1, MAX_PAGE)
    )
    return ma.Schema.from_dict(declared, name=f"{kind.title()}ListArgs")


def listing(kind: Kind, args: dict[str, Any]) -> dict[str, Any]:
    cursor, limit = args.pop("cursor"), args.pop("limit")
    filters = {k: v for k, v in args.items() if v is not None}
    after = str(decode_cursor(cursor)) if cursor else None
    try:
        rows, following = services().views.catalog.list(
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
    return Meta(
        actor_id=principal.officer_id,
        command_id=headers["idempotency_key"] or uuid4(),
        device_id=headers["device_id"],
        device_time=headers["device_time"] or datetime.now(UTC),
    )


def submit(kind: Kind, command: Command, headers: dict[str, Any], status: int) -> Any:
    """Runs a command for the caller and answers the resource as the command left it."""
    principal = current_principal()
    authorize(principal, command)
    ledger = services().ledger
    meta = command_meta(principal, headers)
    expected = expected_version(headers["if_match"])
    try:
        outcome = ledger.execute(command, meta, expected, scope=principal.jurisdiction)
    except StaleVersion as stale:
        return stale_answer(kind, stale, principal)
    services().views.catch_up(ledger)
    return answer(kind, outcome, principal, status)


def authorize(principal: Principal, command: Command) -> None:
    if not allowed(principal.roles, command):
        abort(403, message=f"{type(command).__name__} is not for your roles")
    if type(command) in DEPARTMENTAL and not principal.has(Role.SUPERVISOR):
        issue = services().ledger.load(
            Issue, command.target_id, scope=principal.jurisdiction
        )
        if issue.department != principal.department:
            abort(403, message="the problem is with another department")


def answer(kind: Kind, outcome: Outcome, principal: Principal, status: int) -> Any:
    aggregate = services().ledger.load(
        kind.aggregate, outcome.aggregate_id, outcome.version, principal.jurisdiction
    )
    headers = {"ETag": etag(outcome.version)}
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
    if tag in request.if_none_match:
        return Response(status=304, headers={"ETag": tag})
    return state(aggregate), 200, {"ETag": tag}


def history(kind: Kind, aggregate_id: UUID) -> dict[str, Any]:
    scope = current_principal().jurisdiction
    events = services().ledger.history(aggregate_id, kind.aggregate, scope)
    return {"id": aggregate_id, "events": [event_record(e) for e in events]}


def register(blp: Blueprint, kind: Kind, create: type[Command]) -> None:
    """Create, read and history routes of a resource."""
    name = kind.aggregate.__name__

    @blp.route("", methods=["POST"], endpoint=f"create_{name}")
    @blp.arguments(request_schema(create))
    @blp.arguments(CommandHeaders, location="headers", as_kwargs=True)
    @blp.response(201, kind.response)
    @blp.doc(security=AUTHORIZED, summary=f"{create.__name__}")
    def create_view(data: dict[str, Any], **headers: Any) -> Any:
        return submit(kind, build(create, data), headers, 201)

    @blp.route("", methods=["GET"], endpoint=f"list_{name}")
    @blp.arguments(list_args(kind.name), location="query")
    @blp.response(200, ListResponse)
    @blp.doc(security=AUTHORIZED, summary=f"A page of {name}s in your jurisdiction")
    def list_view(args: dict[str, Any]) -> Any:
        return listing(kind, args)

    @blp.route("/<uuid:aggregate_id>", methods=["GET"], endpoint=f"read_{name}")
    @blp.arguments(ReadArgs, location="query")
    @blp.response(200, kind.response)
    @blp.doc(
        security=AUTHORIZED, summary=f"A {name} now, as of an instant or a version"
    )
    def read_view(args: dict[str, Any], aggregate_id: UUID) -> Any:
        return read(kind, aggregate_id, args)

    @blp.route(
        "/<uuid:aggregate_id>/history", methods=["GET"], endpoint=f"history_{name}"
    )
    @blp.response(200, HistoryResponse)
    @blp.doc(security=AUTHORIZED, summary=f"Every event of a {name}")
    def history_view(aggregate_id: UUID) -> Any:
        return history(kind, aggregate_id)


def action(blp: Blueprint, kind: Kind, path: str, command: type[Command]) -> None:
    """`POST /{id}/{path}`: one command on an existing resource."""
    schema = request_schema(command, exclude=(kind.id_field,))

    @blp.route(
        f"/<uuid:aggregate_id>/{path}", methods=["POST"], endpoint=command.__name__
    )
    @blp.arguments(schema)
    @blp.arguments(CommandHeaders, location="headers", as_kwargs=True)
    @blp.response(200, kind.response)
    @blp.doc(security=AUTHORIZED, summary=command.__name__)
    def action_view(data: dict[str, Any], aggregate_id: UUID, **headers: Any) -> Any:
        built = build(command, data, **{kind.id_field: aggregate_id})
        return submit(kind, built, headers, 200)
