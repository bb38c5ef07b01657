"""Every error as RFC 9457 problem+json, mapped from its cause in this one place."""

from typing import Any

import marshmallow as ma
from eventsourcing.persistence import InterfaceError, OperationalError
from flask import Flask, Response, json
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from domain.errors import (
    CommandConflict,
    ConcurrentWrite,
    DomainError,
    InvalidValue,
    NotFound,
    RuleBroken,
    StaleVersion,
)

PROBLEM = "application/problem+json"
STATUS: list[tuple[type[DomainError], int, str]] = [
    (InvalidValue, 422, "Unprocessable Content"),
    (CommandConflict, 422, "Idempotency key reused"),
    (NotFound, 404, "Not Found"),
    (StaleVersion, 412, "Precondition Failed"),
    (ConcurrentWrite, 409, "Conflict"),
    (RuleBroken, 409, "Conflict"),
]


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, with field errors for a refused body."""

    type = ma.fields.String(metadata={"description": "A URI naming the problem"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.Dict(metadata={"description": "Messages by location and field"})
    current_version = ma.fields.Integer(
        metadata={"description": "The resource's version, when a precondition failed"}
    )
    current = ma.fields.Dict(metadata={"description": "The resource as it is now"})


def problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body |= extra
    return Response(json.dumps(body), status=status, mimetype=PROBLEM)


def domain_problem(error: DomainError, **extra: Any) -> Response:
    for kind, status, title in STATUS:
        if isinstance(error, kind):
            if isinstance(error, InvalidValue):
                extra.setdefault("errors", {"json": {error.field: [error.message]}})
            if isinstance(error, StaleVersion):
                extra.setdefault("current_version", error.current)
            return problem(status, title, str(error), **extra)
    return problem(422, "Unprocessable Content", str(error), **extra)


class ProblemApi(Api):  # type: ignore[misc]
    """flask-smorest's Api, answering every HTTP error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        extra = {"errors": errors} if errors else {}
        detail = data.get("message") or (
            "see errors: what was refused, by location and field"
            if errors
            else error.description or ""
        )
        response = problem(error.code or 500, error.name, detail, **extra)
        response.headers.update(data.get("headers") or {})
        return response


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_problem)
    app.register_error_handler(OperationalError, unavailable)
    app.register_error_handler(InterfaceError, unavailable)


def unavailable(error: Exception) -> Response:
    response = problem(503, "Service Unavailable", "the store is not reachable; retry")
    response.headers["Retry-After"] = "5"
    return response
