"""Strict request parsing: JSON that is ambiguous or absurd is refused before any schema,
and so is a query parameter no route takes."""

import json
import math
from typing import Any, NoReturn

import flask
import marshmallow as ma
from flask_smorest import Blueprint as SmorestBlueprint
from webargs import core
from webargs.flaskparser import FlaskParser, abort

MAX_DIGITS = 100  # of a whole number: no figure here comes near


class StrictJSONError(json.JSONDecodeError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "request body", 0)  # a doc: webargs reads "" as empty


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise StrictJSONError("duplicate keys in an object")
    return dict(pairs)


def _finite(text: str) -> float | int:
    """A finite number; a whole one (`2026.0`, `1e3`) as the integer JSON Schema
    takes it for, so a strict integer field accepts it."""
    value = float(text)
    if not math.isfinite(value):
        raise StrictJSONError(f"number {text} is out of range")
    return int(value) if value.is_integer() else value


def _integer(text: str) -> int:
    """A whole number of a plausible length: Python converts none of thousands of
    digits (a ValueError that no JSON parser reports as such)."""
    if len(text) > MAX_DIGITS:
        raise StrictJSONError(f"a number of {len(text)} digits is out of range")
    return int(text)


def _constant(text: str) -> Any:
    raise StrictJSONError(f"{text} is not JSON")


def strict_loads(data: bytes) -> Any:
    """JSON without duplicate keys, NaN, infinities or nesting deep enough to overflow."""
    try:
        text = data.decode("utf-8")
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_float=_finite,
            parse_int=_integer,
            parse_constant=_constant,
        )
    except UnicodeDecodeError as error:
        raise StrictJSONError(f"not UTF-8: {error.reason}") from None
    except RecursionError:
        raise StrictJSONError("nested too deeply") from None


class StrictParser(FlaskParser):
    # A query parameter no route takes is refused, as an unknown body field is: a
    # misspelt filter (`dept=`) must not answer the whole unfiltered ledger.
    DEFAULT_UNKNOWN_BY_LOCATION = FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION | {
        "query": ma.RAISE
    }

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not core.is_json(req.mimetype):
            return core.missing
        return strict_loads(req.get_data(cache=True))

    def _handle_invalid_json_error(
        self, error: Any, req: flask.Request, *args: Any, **kwargs: Any
    ) -> NoReturn:
        abort(400, exc=error, messages={"json": [f"Invalid JSON body: {error.msg}."]})


class Blueprint(SmorestBlueprint):  # type: ignore[misc]
    """flask-smorest's Blueprint, parsing bodies strictly."""

    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
        """A schema class is made an instance once, here: given the class, webargs
        makes one for every request, and marshmallow deep-copies its fields for each
        (for /sync, the envelope's schema and its nested command schema)."""
        made = schema() if isinstance(schema, type) else schema
        return super().arguments(made, *args, **kwargs)


def absent_not_null(
    converter: Any, field: ma.fields.Field[Any], ret: dict[str, Any], **_: Any
) -> dict[str, Any]:
    """An apispec attribute function: an optional argument that cannot be null is
    documented without `default: null` (it is left out, never sent as null)."""
    if "default" in ret and ret["default"] is None and not field.allow_none:
        del ret["default"]
    return {}


RAW_BODIES = ("evidence-files",)  # blueprints that take bytes, not JSON
FORMS = ("console",)  # the console's pages post HTML forms


def require_json() -> None:
    """Refuses a body that is not declared as JSON (415) before any view runs."""
    request = flask.request
    skipped = (*RAW_BODIES, *FORMS)
    if request.blueprint in skipped or request.routing_exception is not None:
        return  # raw uploads, or no route: 404 / 405 answer first
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if request.method in {"POST", "PUT", "PATCH"} and has_body and not request.is_json:
        abort(415, messages={"headers": {"Content-Type": ["must be application/json"]}})
