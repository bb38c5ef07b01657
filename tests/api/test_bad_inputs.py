"""Malformed, absurd and unexpected bodies on every write path: a clear 4xx, nothing
stored. Each test sends its bad input to every path it applies to and compares all
the answers at once, so a failure lists every path that answered otherwise."""

import dataclasses
import json
from typing import Any
from uuid import uuid4

import pytest
from werkzeug.test import TestResponse

from api.http.permissions import MATRIX
from domain.commands import issue, officer
from domain.commands.base import Command
from tests.api import bodies as b
from tests.api.conftest import Api
from tests.api.scenarios import SCENARIOS

PROBLEM = "application/problem+json"
COMMANDS = list(MATRIX)
# Publishing a ranking or lists, and recording a month's assessment, take no
# client's command either, but a body of their own.
PUBLISH = "/board/departments/publications"
PUBLISHING = {PUBLISH, "/board/lists/publications", "/board/assessments"}
ROUTES = sorted(
    {scenario.route for scenario in SCENARIOS.values()} | {"/sync", *PUBLISHING}
)
# Write paths that take no command: evidence's confirmation (the verdict is the
# server's) and the local evidence store's signed upload URL (bytes, not JSON).
NOT_COMMANDS = {"/evidence/<id>/confirm", "/evidence/uploads/<token>"}
Answer = tuple[int, str | None, Any]


def problem_of(response: TestResponse, key: str = "errors") -> Answer:
    """Status, type and one part of the problem (its field errors, by default)."""
    body = response.get_json(silent=True) or {}
    return response.status_code, response.mimetype, body.get(key)


def to_every_route(api: Api, **request: Any) -> dict[str, TestResponse]:
    admin = api.as_("admin")
    return {r: admin.post(r.replace("<id>", str(uuid4())), **request) for r in ROUTES}


def test_these_routes_are_every_write_path_of_the_api(api: Api) -> None:
    posts = {
        rule.rule.replace("<uuid:aggregate_id>", "<id>")
        for rule in api.app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
    }
    console = {"/console/login", "/console/logout"}  # HTML forms (test_console.py)
    assert posts == {*ROUTES, "/auth/token", *NOT_COMMANDS, *console}


# Bodies that are no JSON document, or an absurd one ---------------------------------

DEEP = "[" * 100_000 + "]" * 100_000
MALFORMED = {
    "duplicate keys": ('{"reason": "a", "reason": "b"}', "duplicate keys in an object"),
    "1e309": ('{"amount": 1e309}', "number 1e309 is out of range"),
    "5,000 digits": (
        f'{{"amount": {"9" * 5000}}}',
        "a number of 5000 digits is out of range",
    ),
    "NaN": ('{"amount": NaN}', "NaN is not JSON"),
    "Infinity": ('{"amount": -Infinity}', "-Infinity is not JSON"),
    "deeply nested": (DEEP, "nested too deeply"),
    "not UTF-8": (b'{"reason": "\xff"}', "not UTF-8: invalid start byte"),
    "truncated": ('{"reason": ', "Expecting value"),
}


@pytest.mark.parametrize(("raw", "reason"), MALFORMED.values(), ids=MALFORMED)
def test_a_body_that_is_not_strict_json_is_400_on_every_write_path(
    api: Api, raw: str | bytes, reason: str
) -> None:
    before = api.events()
    answers = to_every_route(api, data=raw, content_type="application/json")
    expected = (400, PROBLEM, {"json": [f"Invalid JSON body: {reason}."]})
    assert {r: problem_of(a) for r, a in answers.items()} == dict.fromkeys(
        ROUTES, expected
    )
    assert api.events() == before


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x"],
)
def test_a_body_not_declared_as_json_is_415_on_every_write_path(
    api: Api, content_type: str
) -> None:
    before = api.events()
    answers = to_every_route(api, data=b'{"a": 1}', content_type=content_type)
    expected = (
        415,
        PROBLEM,
        {"headers": {"Content-Type": ["must be application/json"]}},
    )
    assert {r: problem_of(a) for r, a in answers.items()} == dict.fromkeys(
        ROUTES, expected
    )
    assert api.events() == before


def test_a_body_over_the_size_limit_is_413_on_every_write_path(api: Api) -> None:
    huge = json.dumps({"reason": "长" * 400_000})  # 1.2 MB of UTF-8
    before = api.events()
    answers = to_every_route(api, data=huge, content_type="application/json")
    expected = (413, PROBLEM, "The data value transmitted exceeds the capacity limit.")
    assert {r: problem_of(a, "detail") for r, a in answers.items()} == dict.fromkeys(
        ROUTES, expected
    )
    assert {problem_of(a, "title") for a in answers.values()} == {
        (413, PROBLEM, "Content Too Large")
    }
    assert api.events() == before


@pytest.mark.parametrize("shape", ["null", "[]", "7", '"text"', "true"])
def test_a_body_that_is_not_an_object_is_422(api: Api, shape: str) -> None:
    sent = SCENARIOS[issue.EscalateIssue](api, api.home)
    before = api.events()
    response = api.as_("supervisor").post(
        sent.path, data=shape, content_type="application/json"
    )
    invalid = {"json": {"_schema": ["Invalid input type."]}}
    assert problem_of(response) == (422, PROBLEM, invalid)
    assert problem_of(response, "title") == (422, PROBLEM, "Unprocessable Content")
    assert api.events() == before


def test_nesting_inside_a_field_is_refused_by_the_field(api: Api) -> None:
    sent = SCENARIOS[issue.EscalateIssue](api, api.home)
    nested: Any = "市"
    for _ in range(200):
        nested = {"to": nested}
    before = api.events()
    response = api.as_("supervisor").post(sent.path, sent.body | {"to": nested})
    assert problem_of(response) == (
        422,
        PROBLEM,
        {"json": {"to": ["Not a valid string."]}},
    )
    assert api.events() == before


# Fields no command has, and bodies missing what it needs --------------------------

EXTRA = ["status", "jurisdiction", "originator_version", "topic", "id", "version"]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_fields_the_command_does_not_have_are_refused_by_name(
    api: Api, command: type[Command]
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    extras = [field for field in EXTRA if field not in SCENARIOS[command].fields]
    before = api.events()
    answers = {f: caller.post(sent.path, sent.body | {f: "closed"}) for f in extras}
    assert {f: problem_of(a) for f, a in answers.items()} == {
        f: (422, PROBLEM, {"json": {f: ["Unknown field."]}}) for f in extras
    }
    assert api.events() == before


def needed(command: type[Command]) -> set[str]:
    """The fields a command's body must have (those without a default)."""
    return {
        f.name
        for f in dataclasses.fields(command)
        if f.name in SCENARIOS[command].fields and f.default is dataclasses.MISSING
    }


NEEDING = [command for command in COMMANDS if needed(command)]


@pytest.mark.parametrize("command", NEEDING, ids=lambda c: c.__name__)
def test_an_empty_body_is_refused_naming_every_missing_field(
    api: Api, command: type[Command]
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    before = api.events()
    empty = {
        "no body": caller.post(sent.path),
        "no fields": caller.post(sent.path, data="{}", content_type="application/json"),
    }
    missing = {name: ["Missing data for required field."] for name in needed(command)}
    assert {k: problem_of(a) for k, a in empty.items()} == dict.fromkeys(
        empty, (422, PROBLEM, {"json": missing})
    )
    assert api.events() == before


# Commands that need one of two fields: a department by id or by one of its names.
ONE_OF = (issue.AssignIssue, officer.AssignDepartment)


@pytest.mark.parametrize("command", ONE_OF, ids=lambda c: c.__name__)
def test_a_department_is_named_by_id_or_by_name_and_an_empty_body_says_so(
    api: Api, command: type[Command]
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    before = api.events()
    refused = caller.post(sent.path)
    assert refused.status_code == 422
    assert "give a department's id or its name" in refused.get_json()["detail"]
    assert api.events() == before


@pytest.mark.parametrize(
    "command",
    sorted(set(COMMANDS) - set(NEEDING) - set(ONE_OF), key=str),
    ids=lambda c: c.__name__,
)
def test_an_action_that_needs_nothing_but_its_target_takes_an_empty_body(
    api: Api, command: type[Command]
) -> None:
    sent = SCENARIOS[command](api, api.home)
    assert api.sender_of(command).post(sent.path).status_code == 200


# Ids: malformed, unknown, not yet created ------------------------------------------


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "..%2Fetc", "%00", "%E5%BC%A0"])
def test_a_path_whose_id_is_no_uuid_is_404_on_every_action(
    api: Api, bad_id: str
) -> None:
    before = api.events()
    admin = api.as_("admin")
    actions = [route for route in ROUTES if "<id>" in route]
    answers = {
        r: admin.post(r.replace("<id>", bad_id), {"reason": "x"}) for r in actions
    }
    assert {r: problem_of(a, "status") for r, a in answers.items()} == dict.fromkeys(
        actions, (404, PROBLEM, 404)
    )
    assert api.events() == before


def test_an_update_before_its_create_is_404_and_the_create_still_works(
    api: Api,
) -> None:
    raised = b.an_issue(api.home)
    escalate = {"to": "市发改委", "reason": b.REASON}
    caller, before = api.as_("supervisor"), api.events()
    early = caller.post(f"/issues/{raised['issue_id']}/escalate", escalate)
    assert problem_of(early, "detail") == (
        404,
        PROBLEM,
        f"Issue {raised['issue_id']} not found",
    )
    assert api.events() == before
    assert caller.post("/issues", raised).status_code == 201
    assert (
        caller.post(f"/issues/{raised['issue_id']}/escalate", escalate).status_code
        == 200
    )
