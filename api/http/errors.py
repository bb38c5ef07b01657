"""Every error as RFC 9457 problem+json, mapped from its cause in this one place."""

import http
import re
import threading
from typing import Any
from uuid import uuid4

import marshmallow as ma
from apispec import APISpec
from flask import Flask, Response, g, json, request
from flask_smorest import Api, Blueprint, abort
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from api.failures import RETRY_AFTER_SECONDS, classify, log_line
from api.http.schemas.base import Schema
from api.problem_text import language, localized
from domain.access import Forbidden
from domain.damage import DamagedHistory
from domain.errors import (
    CommandConflict,
    ConcurrentWrite,
    DomainError,
    InvalidValue,
    NotFound,
    OutsideJurisdiction,
    RuleBroken,
    StaleVersion,
)

PROBLEM = "application/problem+json"
URI_TOO_LONG = http.HTTPStatus(414).name  # its component's name (varies by Python)
STATUS: list[tuple[type[DomainError], int, str]] = [
    (OutsideJurisdiction, 403, "Forbidden"),  # well formed, not yours to create
    (Forbidden, 403, "Forbidden"),  # not for your roles or department
    (InvalidValue, 422, "Unprocessable Content"),
    (CommandConflict, 422, "Idempotency key reused"),
    (NotFound, 404, "Not Found"),
    (StaleVersion, 412, "Precondition Failed"),
    (ConcurrentWrite, 409, "Conflict"),
    (RuleBroken, 409, "Conflict"),
    (DamagedHistory, 500, "Damaged history"),  # api/http/damage.py names what and where
]

# Werkzeug's older names for these statuses; the titles are the current ones.
RFC_9110 = {413: "Content Too Large", 422: "Unprocessable Content"}


class ProblemSchema(Schema):
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
    dependency = ma.fields.String(
        metadata={"description": "A 5xx: the dependency that failed"}
    )
    retry = ma.fields.Boolean(
        metadata={"description": "A 5xx: whether the same request may succeed later"}
    )
    setting = ma.fields.String(
        metadata={"description": "A misconfiguration: the setting to check"}
    )
    request_id = ma.fields.String(
        metadata={"description": "A 5xx: what the server's log line carries"}
    )


def problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body |= extra
    lang = language()
    shown = localized(body, lang)
    response = Response(json.dumps(shown), status=status, mimetype=PROBLEM)
    response.headers["Content-Language"] = lang
    response.vary.add("Accept-Language")
    return response


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
    """flask-smorest's Api, answering every HTTP error as problem+json, and writing
    the OpenAPI document when it is first read: a cold start routes requests at
    once and leaves the document, half of building the app, to whoever asks."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._undocumented: list[tuple[Blueprint, str, Any]] = []
        self._documenting = threading.RLock()
        super().__init__(*args, **kwargs)

    def register_blueprint(
        self, blp: Blueprint, *, parameters: Any = None, **options: Any
    ) -> None:
        """Api.register_blueprint, less the documentation: kept for later."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    @property
    def spec(self) -> APISpec:
        """The document, with the blueprints not yet in it written in."""
        with self._documenting:
            while self._undocumented:  # one that fails stays: every reader hears it
                blp, name, parameters = self._undocumented[0]
                blp.register_views_in_doc(
                    self, self._app, self._spec, name=name, parameters=parameters
                )
                self._spec.tag({"name": name, "description": blp.description})
                del self._undocumented[0]
        return self._spec

    @spec.setter
    def spec(self, value: APISpec) -> None:  # None until the app is known
        self._spec = value

    def _register_responses(self) -> None:
        """flask-smorest's response per status, documented as the problem+json sent."""
        problem_body = {PROBLEM: {"schema": self.ERROR_SCHEMA}}
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 200 and status not in (204, 304):
                response["content"] = problem_body
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "content": problem_body}
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        extra = {"errors": errors} if errors else {}
        detail = data.get("message") or (
            "see errors: what was refused, by location and field"
            if errors
            else error.description or ""
        )
        code = error.code or 500
        response = problem(code, RFC_9110.get(code, error.name), detail, **extra)
        response.headers.update(data.get("headers") or {})
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response


REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")  # a caller's, if it looks like one
MAX_REQUEST_LINE = 8190  # bytes of method, path and query, as most servers read


def register(app: Flask) -> None:
    app.before_request(uri_not_too_long)
    app.register_error_handler(DomainError, domain_problem)
    app.register_error_handler(Exception, failed)
    app.after_request(tag_request_id)


def uri_not_too_long() -> None:
    """A request line past 8190 bytes is 414 (the server refuses its headers past
    SITELEDGER_SERVER_MAX_HEADER_BYTES itself, with 431)."""
    line = len(request.method) + len(request.full_path.encode()) + len(" HTTP/1.1")
    if line > MAX_REQUEST_LINE:
        abort(414, message=f"the request line is over {MAX_REQUEST_LINE} bytes")


def request_id() -> str:
    """The caller's X-Request-Id if sane, else API Gateway's, else a new one."""
    found: str | None = g.get("request_id")
    if found is None:
        given = request.headers.get("X-Request-Id", "")
        context = request.environ.get("apig_wsgi.request_context") or {}
        found = (
            given
            if REQUEST_ID.fullmatch(given)
            else str(context.get("requestId") or uuid4().hex)
        )
        g.request_id = found
    return found


def tag_request_id(response: Response) -> Response:
    """The id back to a caller who sent one, and on every 5xx (it is logged)."""
    if "X-Request-Id" in request.headers or response.status_code >= 500:
        response.headers["X-Request-Id"] = request_id()
    return response


def failed(error: Exception) -> Response:
    """A 5xx: the failed dependency and whether to retry, logged on one line."""
    failure = classify(error)
    status = failure.status if failure else 500
    log_line(request_id(), request.method, request.path, status, error)
    if failure is None:
        return problem(
            500,
            "Internal Server Error",
            "an unexpected error; the server's log names it under this request id",
            request_id=request_id(),
        )
    response = problem(
        failure.status,
        failure.title,
        failure.detail,
        request_id=request_id(),
        **failure.problem(),
    )
    if failure.retry:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
