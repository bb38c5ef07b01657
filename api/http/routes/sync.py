"""Offline sync: a phone's batch of commands in, and the changes it has not seen out."""

from typing import Any

import marshmallow as ma
from flask_smorest import abort
from marshmallow import fields, validate

from api.http.auth import Principal, current_principal
from api.http.cursors import FeedCursor, decode_feed_cursor, encode_feed_cursor
from api.http.errors import STATUS, URI_TOO_LONG
from api.http.parsing import Blueprint
from api.http.permissions import MATRIX
from api.http.resources import authorized
from api.http.schemas.base import Schema
from api.http.schemas.commands import build, request_schema, whole_characters
from api.http.schemas.rules import CURSOR, DEVICE_TIME, text
from api.http.services import current_views, services
from domain import rules
from domain.app import Outcome, Result, Submission
from domain.commands.base import WIRE
from domain.errors import DomainError, StaleVersion
from domain.values import Meta

blp = Blueprint("sync", __name__, url_prefix="/sync", description=__doc__)
COMMANDS = {name: command for name, command in WIRE.items() if command in MATRIX}
SCHEMAS = {name: request_schema(command)() for name, command in COMMANDS.items()}


class SyncCommand(Schema):
    command_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(COMMANDS)))
    device_time = fields.AwareDateTime(
        required=True,
        metadata={"pattern": DEVICE_TIME},  # the domain's years, offsets
    )
    base_version = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=0)
    )
    args = fields.Dict(keys=fields.String(), required=True)


class SyncRequest(Schema):
    device_id = fields.String(
        required=True, validate=[*text(rules.DEVICE_ID), whole_characters]
    )
    commands = fields.List(
        fields.Nested(SyncCommand), required=True, validate=validate.Length(min=1)
    )


class Changed(Schema):
    aggregate_id = fields.UUID(required=True)
    version = fields.Integer(required=True)


class SyncResult(Schema):
    command_id = fields.UUID(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(["applied", "duplicate", "conflict", "rejected"]),
    )
    aggregate_id = fields.UUID()
    version = fields.Integer()
    also = fields.List(
        fields.Nested(Changed),
        metadata={
            "description": "Other aggregates the command changed, with their new"
            " versions: a problem raised on a visit records itself on the visit"
        },
    )
    current_version = fields.Integer(metadata={"description": "With a conflict"})
    problem = fields.Dict(metadata={"description": "problem+json, with a rejection"})


class SyncResponse(Schema):
    results = fields.List(fields.Nested(SyncResult), required=True)
    position = fields.Integer(
        required=True,
        metadata={
            "description": "The log's position after this batch: every read answers"
            " at or after it"
        },
    )


class ChangesArgs(Schema):
    cursor = fields.String(load_default=None, allow_none=False, validate=CURSOR)
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class Change(Schema):
    position = fields.Integer(required=True)
    aggregate_id = fields.UUID(required=True)
    type = fields.String(required=True, attribute="kind")
    jurisdiction = fields.String(required=True)
    moved_from = fields.String(
        allow_none=True,
        metadata={"description": "Set on a move: drop the aggregate if it left you"},
    )
    version = fields.Integer(required=True)
    event = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)


class ChangesResponse(Schema):
    changes = fields.List(fields.Nested(Change), required=True)
    state = fields.Boolean(
        required=True,
        metadata={
            "description": "True on a first sync (no cursor) while these are the"
            " current state: one entry per aggregate you can see, at its latest"
            " version then; then the changes after that state follow"
        },
    )
    next_cursor = fields.String(
        required=True, metadata={"description": "Pass back to get what changed since"}
    )


@blp.route("", methods=["POST"])
@blp.arguments(SyncRequest)
@blp.response(200, SyncResponse)
@blp.doc(**authorized(413))
def sync(batch: dict[str, Any]) -> dict[str, Any]:
    """Apply a batch of commands made offline, each answered on its own, in order."""
    principal = current_principal()
    commands = batch["commands"]
    if not 0 < len(commands) <= services().settings.max_batch:
        abort(
            422, message=f"a batch holds 1 to {services().settings.max_batch} commands"
        )
    prepared = [prepare(principal, batch["device_id"], c) for c in commands]
    submissions = [p for p in prepared if isinstance(p, Submission)]
    ledger = services().ledger
    outcomes = ledger.execute_batch(submissions, sender=principal.sender)
    answered = iter(outcomes)
    results = [p if isinstance(p, dict) else report(next(answered)) for p in prepared]
    for result, sent in zip(results, commands, strict=True):
        result["command_id"] = sent["command_id"]
    return {"results": results, "position": position(outcomes)}


def position(outcomes: list[Result]) -> int:
    """Where the batch left the log (0 when nothing of it was tried)."""
    return max((o.position for o in outcomes if isinstance(o, Outcome)), default=0)


def prepare(
    principal: Principal, device_id: str, sent: dict[str, Any]
) -> Submission | dict[str, Any]:
    """The command as a submission, or the reason it is rejected before it is tried."""
    kind = COMMANDS[sent["type"]]
    try:
        command = build(kind, SCHEMAS[sent["type"]].load(sent["args"]))
    except ma.ValidationError as invalid:
        return rejected(
            422, "Unprocessable Content", "invalid arguments", errors=invalid.messages
        )
    meta = Meta(
        principal.officer_id, sent["command_id"], device_id, sent["device_time"]
    )
    return Submission(command, meta, sent["base_version"])


def report(result: Result) -> dict[str, Any]:
    if isinstance(result, StaleVersion):
        return {
            "status": "conflict",
            "aggregate_id": result.aggregate_id,
            "current_version": result.current,
        }
    if isinstance(result, DomainError):
        code, title = next((s, t) for k, s, t in STATUS if isinstance(result, k))
        return rejected(code, title, str(result))
    return {
        "status": "duplicate" if result.duplicate else "applied",
        "aggregate_id": result.aggregate_id,
        "version": result.version,
        "also": [
            {"aggregate_id": changed, "version": version}
            for changed, version in result.also.items()
        ],
    }


def rejected(status: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    problem = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return {"status": "rejected", "problem": problem | extra}


@blp.route("/changes", methods=["GET"])
@blp.arguments(ChangesArgs, location="query")
@blp.response(200, ChangesResponse)
@blp.alt_response(414, response=URI_TOO_LONG)
@blp.doc(**authorized(410))
def changes(args: dict[str, Any]) -> dict[str, Any]:
    """What changed in your jurisdiction since the cursor, oldest first; with no
    cursor, first the current state of what it holds, then what changes after.

    A page with no changes means the reader holds everything: once the listing has
    nothing left (its last page was full, or its rest changed since), the same page
    goes on with the changes after it."""
    scope, limit = current_principal().jurisdiction, args["limit"]
    feed = current_views().changes
    if not args["cursor"]:
        at = FeedCursor(feed.head(), state_after=0)
    else:
        at = decode_feed_cursor(args["cursor"], scope)
    if at.state_after is not None:
        rows = feed.state(scope, at.position, at.state_after, limit)
        if rows:
            more = len(rows) == limit
            next_at = FeedCursor(at.position, rows[-1].position if more else None)
            next_cursor = encode_feed_cursor(next_at, scope)
            return {"changes": rows, "state": True, "next_cursor": next_cursor}
    rows = feed.since(scope, at.position, limit)
    last = rows[-1].position if rows else at.position
    next_cursor = encode_feed_cursor(FeedCursor(last), scope)
    return {"changes": rows, "state": False, "next_cursor": next_cursor}
