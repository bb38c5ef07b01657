"""What every resource shares: ETags, preconditions, replays, versions, history."""

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import pytest
from werkzeug.test import TestResponse

from domain.commands import checklist, enterprise, issue, officer, project, visit
from domain.commands.base import Command
from domain.model.officer import Officer
from tests.api import bodies as b
from tests.api.conftest import Api, Caller
from tests.api.scenarios import SCENARIOS, Sent

PROBLEM = "application/problem+json"
# One action per kind of resource, to move a resource on by a version.
ACTIONS: dict[str, type[Command]] = {
    "projects": project.AdvanceStage,
    "enterprises": enterprise.UpdateEnterpriseProfile,
    "officers": officer.GrantRole,
    "checklists": checklist.PublishChecklistVersion,
    "visits": visit.AddVisitNote,
    "issues": issue.EscalateIssue,
}
CREATES: dict[str, type[Command]] = {
    "projects": project.RegisterProject,
    "enterprises": enterprise.RegisterEnterprise,
    "officers": officer.RegisterOfficer,
    "checklists": checklist.CreateChecklistTemplate,
    "visits": visit.PlanVisit,
    "issues": issue.RaiseIssue,
}
KINDS = list(ACTIONS)
COMMANDS = [*CREATES.values(), *ACTIONS.values()]


def ready(api: Api, command: type[Command]) -> tuple[Caller, Sent]:
    return api.sender_of(command), SCENARIOS[command](api, api.home)


def now_of(caller: Caller, path: str) -> tuple[Any, str]:
    response = caller.get(path)
    assert response.status_code == 200
    return response.get_json(), response.headers["ETag"]


def same_answer(first: TestResponse, second: TestResponse) -> bool:
    return (first.status_code, first.get_data(), first.headers["ETag"]) == (
        second.status_code,
        second.get_data(),
        second.headers["ETag"],
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_a_write_answers_the_resource_as_it_left_it_with_its_version_as_etag(
    api: Api, command: type[Command]
) -> None:
    caller, sent = ready(api, command)
    response = caller.post(sent.path, sent.body)
    assert response.status_code == (201 if sent.creates else 200)
    written = response.get_json()
    assert response.headers["ETag"] == f'"{written["version"]}"'
    assert now_of(caller, sent.resource) == (written, response.headers["ETag"])


@pytest.mark.parametrize("kind", KINDS)
def test_a_write_based_on_a_stale_version_is_412_with_the_current_representation(
    api: Api, kind: str
) -> None:
    caller, sent = ready(api, ACTIONS[kind])
    current, tag = now_of(caller, sent.resource)
    before = api.events()
    stale = f'"{current["version"] - 1}"'
    response = caller.post(sent.path, sent.body, headers={"If-Match": stale})
    assert (response.status_code, response.mimetype) == (412, PROBLEM)
    assert response.headers["ETag"] == tag
    problem = response.get_json()
    assert (problem["current"], problem["current_version"]) == (
        current,
        current["version"],
    )
    assert api.events() == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ['"{}"', 'W/"{}"', "*"])
def test_a_write_based_on_the_current_version_applies(
    api: Api, kind: str, form: str
) -> None:
    caller, sent = ready(api, ACTIONS[kind])
    current, _ = now_of(caller, sent.resource)
    if_match = form.format(current["version"])
    response = caller.post(sent.path, sent.body, headers={"If-Match": if_match})
    assert response.status_code == 200
    assert response.get_json()["version"] == current["version"] + 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_is_304_while_the_client_holds_its_current_version(
    api: Api, kind: str
) -> None:
    caller, sent = ready(api, ACTIONS[kind])
    current, tag = now_of(caller, sent.resource)
    for held in (tag, f"W/{tag}", f'"99", {tag}', "*"):
        unchanged = caller.get(sent.resource, headers={"If-None-Match": held})
        assert (unchanged.status_code, unchanged.get_data()) == (304, b""), held
        assert unchanged.headers["ETag"] == tag
    caller.post(sent.path, sent.body)
    changed = caller.get(sent.resource, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.get_json()["version"] == current["version"] + 1


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_a_replayed_idempotency_key_answers_the_first_response_and_stores_nothing(
    api: Api, command: type[Command]
) -> None:
    caller, sent = ready(api, command)
    key = {"Idempotency-Key": str(uuid4())}
    first = caller.post(sent.path, sent.body, headers=key)
    after_first = api.events()
    again = caller.post(sent.path, sent.body, headers=key)
    assert same_answer(first, again)
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert api.events() == after_first


def test_a_replay_after_later_changes_still_answers_the_first_response(
    api: Api,
) -> None:
    caller, sent = ready(api, issue.EscalateIssue)
    key = {"Idempotency-Key": str(uuid4())}
    first = caller.post(sent.path, sent.body, headers=key)
    later = caller.post(sent.path, sent.body | {"to": "省发改委"})
    assert later.get_json()["version"] == first.get_json()["version"] + 1
    assert same_answer(first, caller.post(sent.path, sent.body, headers=key))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_an_idempotency_key_reused_for_other_content_is_422_and_stores_nothing(
    api: Api, command: type[Command]
) -> None:
    caller, sent = ready(api, command)
    key = str(uuid4())
    caller.post(sent.path, sent.body, headers={"Idempotency-Key": key})
    other = SCENARIOS[command](api, api.home)
    before = api.events()
    response = caller.post(other.path, other.body, headers={"Idempotency-Key": key})
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert response.get_json()["title"] == "Idempotency key reused"
    assert key in response.get_json()["detail"]
    assert api.events() == before


def test_an_idempotency_key_is_the_senders_own(api: Api) -> None:
    sent, key = SCENARIOS[issue.RaiseIssue](api, api.home), str(uuid4())
    api.as_("officer").post(sent.path, sent.body, headers={"Idempotency-Key": key})
    before = api.events()
    response = api.as_("supervisor").post(
        sent.path, sent.body, headers={"Idempotency-Key": key}
    )
    assert (response.status_code, response.get_json()["title"]) == (
        422,
        "Idempotency key reused",
    )
    assert api.events() == before


def test_each_version_of_a_resource_can_be_read_back(api: Api) -> None:
    caller, sent = ready(api, issue.EscalateIssue)
    path = sent.resource
    states = [now_of(caller, path)[0]]
    for level in ("市发改委", "省发改委"):
        states.append(caller.post(sent.path, sent.body | {"to": level}).get_json())
    for state in states:
        read, tag = now_of(caller, f"{path}?version={state['version']}")
        assert (read, tag) == (state, f'"{state["version"]}"')
    assert caller.get(f"{path}?version={len(states) + 1}").status_code == 404


@pytest.mark.parametrize(
    "query", ["version=0", "version=x", "as_of=2026-05-01T10:00:00", "as_of=x"]
)
def test_a_read_at_a_version_or_instant_that_makes_no_sense_is_422(
    api: Api, query: str
) -> None:
    response = api.as_("auditor").get(f"/projects/{api.home.project_id}?{query}")
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert set(response.get_json()["errors"]["query"]) <= {"version", "as_of"}


def test_a_read_as_of_an_instant_shows_what_the_server_knew_then(api: Api) -> None:
    caller, sent = ready(api, issue.EscalateIssue)
    path = sent.resource
    first, _ = now_of(caller, path)
    caller.post(sent.path, sent.body)
    recorded = [
        e["recorded_at"] for e in caller.get(f"{path}/history").get_json()["events"]
    ]
    created, escalated = (datetime.fromisoformat(t) for t in recorded[-2:])
    between = created + (escalated - created) / 2
    for instant, version in (
        (between, first["version"]),
        (escalated, first["version"] + 1),
    ):
        read = caller.get(f"{path}?as_of={quote(instant.isoformat())}")
        assert read.get_json()["version"] == version
    before = quote(
        (datetime.fromisoformat(recorded[0]) - timedelta(seconds=1)).isoformat()
    )
    assert caller.get(f"{path}?as_of={before}").status_code == 404
    assert caller.get(f"{path}?as_of=2000-01-01T00:00:00Z&version=1").status_code == 422


def test_the_history_says_who_did_what_from_which_device_by_whose_clock(
    api: Api,
) -> None:
    caller, sent = ready(api, issue.EscalateIssue)
    key, clock = str(uuid4()), "2026-05-01T09:30:00+08:00"
    sent_at = datetime.now(UTC)
    headers = {"Idempotency-Key": key, "Device-Id": "phone-7", "Device-Time": clock}
    caller.post(sent.path, sent.body, headers=headers)
    history = caller.get(f"{sent.resource}/history").get_json()
    assert history["id"] == str(sent.target)
    versions = [entry["version"] for entry in history["events"]]
    assert versions == list(range(1, len(versions) + 1))
    last = history["events"][-1]
    recorded = datetime.fromisoformat(last.pop("recorded_at"))
    assert sent_at <= recorded <= datetime.now(UTC)
    sender = api.services.ledger.load(Officer, caller.officer_id)
    assert last == {
        "version": versions[-1],
        "event": "Issue.Escalated",
        "actor_id": str(caller.officer_id),
        "actor_name": sender.name,
        "device_id": "phone-7",
        "device_time": clock,
        "command_id": key,
        "data": {
            "level": 1,
            "to": "市发改委",
            "reason": b.REASON,
            # Up to an office: nowhere moved, no new limit.
            "department": None,
            "deadline": None,
            "respond_by": None,
            "department_id": None,
        },
        "proof": f"/audit/events/{sent.target}/{versions[-1]}/proof",
    }
