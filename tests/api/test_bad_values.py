"""Sneaky text and impossible device clocks in every field that takes them."""

import types
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from werkzeug.test import TestResponse

from domain.commands import (
    checklist,
    enterprise,
    issue,
    meeting,
    officer,
    project,
    visit,
)
from domain.commands.base import Command
from tests.api import bodies as b
from tests.api.conftest import Api
from tests.api.scenarios import SCENARIOS

PROBLEM = "application/problem+json"
REFUSED = (422, PROBLEM, True)  # naming the field


def is_text(hint: Any) -> bool:
    """A str field, optional or not."""
    if get_origin(hint) in (Union, types.UnionType):
        return str in get_args(hint)
    return hint is str


TEXT = [
    (scenario.command, name)
    for scenario in SCENARIOS.values()
    for name, hint in get_type_hints(scenario.command).items()
    if name in scenario.fields and is_text(hint)
]
IDS = [f"{command.__name__}.{name}" for command, name in TEXT]
DATES = [
    (scenario.command, name)
    for scenario in SCENARIOS.values()
    for name, hint in get_type_hints(scenario.command).items()
    if name in scenario.fields and date in (hint, *get_args(hint))
]
MULTILINE = {
    (issue.RaiseIssue, "description"),
    (issue.ReportIssueProgress, "note"),
    (issue.ProposeResolution, "summary"),
    (issue.CloseOutIssue, "note"),
    (issue.RateIssue, "comment"),
    (issue.RecordCallbackFailure, "note"),
    (visit.AnswerItem, "note"),
    (visit.AddVisitNote, "text"),
    (visit.CancelVisit, "reason"),
    (checklist.RetireChecklistTemplate, "reason"),
    (meeting.HoldMeeting, "minutes"),
    (meeting.RecordMinutes, "minutes"),
    (meeting.IssueTask, "description"),
}
SNEAKY = {
    "NUL": "前\x00后",
    "lone surrogate": "前\ud800后",
    "RTL override": "合同\u202etxt.exe",
    "CR LF": "前\r\n后",
    "escape": "前\x1b[31m后",
}


def answers(
    api: Api, command: type[Command], field: str, values: list[str]
) -> dict[str, tuple[int, str | None, bool]]:
    """What the command gets with each value in the field, the rest as a phone
    sends it; none of them stored anything."""
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    before = api.events()
    found = {
        value: naming(caller.post(sent.path, sent.body | {field: value}), field)
        for value in values
    }
    assert api.events() == before
    return found


def naming(response: TestResponse, field: str) -> tuple[int, str | None, bool]:
    """Status, type, and whether the problem's field errors name the field."""
    errors = (response.get_json(silent=True) or {}).get("errors") or {}
    return response.status_code, response.mimetype, field in errors.get("json", {})


@pytest.mark.parametrize(("command", "field"), TEXT, ids=IDS)
def test_sneaky_text_is_refused_in_every_text_field(
    api: Api, command: type[Command], field: str
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    sneaky = SNEAKY | (
        {} if (command, field) in MULTILINE else {"line break": "行\n行"}
    )
    before = api.events()
    answers = {
        name: naming(caller.post(sent.path, sent.body | {field: text}), field)
        for name, text in sneaky.items()
    }
    assert answers == dict.fromkeys(sneaky, (422, PROBLEM, True))
    assert api.events() == before


@pytest.mark.parametrize(
    ("command", "field"), DATES, ids=[f"{c.__name__}.{f}" for c, f in DATES]
)
def test_a_date_outside_2000_to_2100_is_refused_in_every_date_field(
    api: Api, command: type[Command], field: str
) -> None:
    days = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]
    assert answers(api, command, field, days) == dict.fromkeys(days, REFUSED)


@pytest.mark.parametrize(
    ("command", "field"),
    sorted(MULTILINE, key=str),
    ids=[f"{c.__name__}.{f}" for c, f in sorted(MULTILINE, key=str)],
)
def test_a_line_break_is_kept_in_a_multi_line_field(
    api: Api, command: type[Command], field: str
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    written = caller.post(sent.path, sent.body | {field: "第一行\n第二行"})
    assert written.status_code in {200, 201}
    # The command's event, or the one before a callback's flag that follows it; a
    # meeting's task keeps its text in the problem it raised.
    shown = f"/issues/{sent.args['issue_id']}" if "issue_id" in sent.args else ""
    last = [
        event
        for path in {sent.resource, shown} - {""}
        for event in caller.get(f"{path}/history").get_json()["events"][-2:]
    ]
    assert any("第一行\n第二行" in event["data"].values() for event in last)


IDENTIFIERS = [
    (officer.RegisterOfficer, "username"),
    (project.RegisterProject, "code"),
    (project.RegisterProject, "jurisdiction"),
    (enterprise.RegisterEnterprise, "credit_code"),
    (project.ReportInvestment, "month"),
    (visit.AnswerItem, "item_id"),
]
PATHS = ["../../etc/passwd", "..\\..\\boot.ini", "a/../b", "/etc/passwd"]


@pytest.mark.parametrize(
    ("command", "field"), IDENTIFIERS, ids=[f"{c.__name__}.{f}" for c, f in IDENTIFIERS]
)
def test_a_file_path_is_no_identifier(
    api: Api, command: type[Command], field: str
) -> None:
    assert answers(api, command, field, PATHS) == dict.fromkeys(PATHS, REFUSED)


@pytest.mark.parametrize("part", ["item_id", "text", "category"])
def test_sneaky_text_is_refused_in_a_checklist_item(api: Api, part: str) -> None:
    sent = SCENARIOS[checklist.PublishChecklistVersion](api, api.home)
    before = api.events()
    answers = {}
    for name, text in SNEAKY.items():
        items = [b.ITEMS[0] | {part: text}, b.ITEMS[1]]
        response = api.as_("admin").post(sent.path, {"items": items})
        errors = str(response.get_json().get("errors"))
        answers[name] = (response.status_code, response.mimetype, part in errors)
    assert answers == dict.fromkeys(SNEAKY, (422, PROBLEM, True))
    assert api.events() == before


# The device's clock ------------------------------------------------------------------

BAD_CLOCKS = {
    "year 1": ("0001-01-01T00:00:00+08:00", "year out of range"),
    "year 9999": ("9999-12-31T23:59:59+08:00", "year out of range"),
    "no offset": ("2026-05-01T10:00:00", "Not a valid aware datetime."),
    "+14:30": ("2026-05-01T10:00:00+14:30", "offset must be within ±14:00"),
    "-14:01": ("2026-05-01T10:00:00-14:01", "offset must be within ±14:00"),
    "NaN": ("NaN", "Not a valid datetime."),
    "a date": ("2026-05-01", "Not a valid aware datetime."),
}
CLOCKED = [
    project.RegisterProject,
    enterprise.RegisterEnterprise,
    officer.RegisterOfficer,
    checklist.CreateChecklistTemplate,
    visit.PlanVisit,
    issue.RaiseIssue,
    issue.EscalateIssue,
]


@pytest.mark.parametrize("command", CLOCKED, ids=lambda c: c.__name__)
def test_an_impossible_device_time_is_refused_naming_the_header(
    api: Api, command: type[Command]
) -> None:
    sent, caller = SCENARIOS[command](api, api.home), api.sender_of(command)
    before = api.events()
    answers = {
        name: caller.post(sent.path, sent.body, headers={"Device-Time": clock})
        for name, (clock, _) in BAD_CLOCKS.items()
    }
    assert {
        name: (a.status_code, a.mimetype, a.get_json().get("errors"))
        for name, a in answers.items()
    } == {
        name: (422, PROBLEM, {"headers": {"Device-Time": [message]}})
        for name, (_, message) in BAD_CLOCKS.items()
    }
    assert api.events() == before


@pytest.mark.parametrize(
    "clock", ["2026-05-01T10:00:00+14:00", "2026-05-01T10:00:00-14:00"]
)
def test_the_farthest_real_offsets_are_kept_as_sent(api: Api, clock: str) -> None:
    sent = SCENARIOS[issue.RaiseIssue](api, api.home)
    caller = api.as_("officer")
    assert (
        caller.post(sent.path, sent.body, headers={"Device-Time": clock}).status_code
        == 201
    )
    (created,) = caller.get(f"/issues/{sent.target}/history").get_json()["events"]
    assert created["device_time"] == clock


@pytest.mark.parametrize(
    "device", ["x" * 129, "合同\u202etxt".encode().decode("latin-1")]
)
def test_an_unusable_device_id_is_refused_naming_the_header(
    api: Api, device: str
) -> None:
    sent = SCENARIOS[issue.RaiseIssue](api, api.home)
    before = api.events()
    response = api.as_("officer").post(
        sent.path, sent.body, headers={"Device-Id": device}
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert list(response.get_json()["errors"]) == ["headers"]
    assert "Device-Id" in response.get_json()["errors"]["headers"]
    assert api.events() == before
