"""The role matrix, command by command and role by role, over HTTP and in sync batches."""

from collections.abc import Callable
from pathlib import Path

import pytest

from api.http.permissions import DEPARTMENTAL, MATRIX, matrix_markdown
from domain.commands.base import Command
from domain.model.officer import Role
from tests.api.bodies import a_photo, every_row, given_issue, given_visit
from tests.api.conftest import ROLES, Api, Caller
from tests.api.scenarios import SCENARIOS, Creating, Sent

Send = Callable[[Caller, Sent], str]

PROBLEM = "application/problem+json"


def may(role: str, command: type[Command]) -> bool:
    return Role(role) in MATRIX[command]


def test_every_command_of_the_matrix_can_be_sent_in_these_tests() -> None:
    assert set(SCENARIOS) == set(MATRIX)


def test_the_documented_matrix_is_the_one_the_api_enforces() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "permissions.md").read_text()
    assert matrix_markdown() in documented


def expected(command: type[Command], allowed: str, refused: str) -> dict[str, str]:
    """What each role should meet: the matrix, role by role."""
    return {role: allowed if may(role, command) else refused for role in ROLES}


def sending(api: Api, command: type[Command], send: Send) -> dict[str, str]:
    """What each role meets sending the command; every role allowed to gets a target
    of its own, the others share one (which a refusal leaves as it was)."""
    shared, met = SCENARIOS[command](api, api.home), {}
    for role in ROLES:
        sent = SCENARIOS[command](api, api.home) if may(role, command) else shared
        before = api.events()
        met[role] = send(api.as_(role), sent)
        if api.events() == before:
            met[role] += ", nothing stored"
    return met


def over_http(caller: Caller, sent: Sent) -> str:
    response = caller.post(sent.path, sent.body)
    if response.mimetype == PROBLEM:
        return f"{response.status_code}: {response.get_json()['detail']}"
    return str(response.status_code)


def in_a_batch(caller: Caller, sent: Sent) -> str:
    batch = {"device_id": "phone-1", "commands": [sent.batch_item()]}
    (result,) = caller.post("/sync", batch).get_json()["results"]
    return str(result.get("problem", {}).get("status", result["status"]))


@pytest.mark.parametrize("command", MATRIX, ids=lambda c: c.__name__)
def test_a_command_is_forbidden_over_http_exactly_where_the_matrix_says(
    api: Api, command: type[Command]
) -> None:
    done = "201" if isinstance(SCENARIOS[command], Creating) else "200"
    refused = f"403: {command.__name__} is not for your roles, nothing stored"
    assert sending(api, command, over_http) == expected(command, done, refused)


@pytest.mark.parametrize("command", MATRIX, ids=lambda c: c.__name__)
def test_a_command_is_forbidden_in_a_sync_batch_exactly_where_the_matrix_says(
    api: Api, command: type[Command]
) -> None:
    assert sending(api, command, in_a_batch) == expected(
        command, "applied", "403, nothing stored"
    )


def moved_to_another_department(api: Api, command: type[Command]) -> Sent:
    """The command, on a problem transferred away from the handler's department."""
    sent = SCENARIOS[command](api, api.home)
    api.as_("supervisor").post(
        f"/issues/{sent.target}/transfer",
        {"department": "县发改局", "deadline": "2030-01-01", "reason": "职责调整"},
    )
    return sent


ANOTHER_DEPARTMENT = "the problem is with another department"
DEPARTMENTAL_COMMANDS = sorted(DEPARTMENTAL, key=str)


@pytest.mark.parametrize("command", DEPARTMENTAL_COMMANDS, ids=lambda c: c.__name__)
def test_a_handler_may_not_act_on_another_departments_problem(
    api: Api, command: type[Command]
) -> None:
    sent = moved_to_another_department(api, command)
    before = api.events()
    response = api.as_("handler").post(sent.path, sent.body)
    assert (response.status_code, response.mimetype) == (403, PROBLEM)
    assert response.get_json()["detail"] == ANOTHER_DEPARTMENT
    assert api.events() == before


@pytest.mark.parametrize("command", DEPARTMENTAL_COMMANDS, ids=lambda c: c.__name__)
def test_a_handler_may_not_act_on_another_departments_problem_in_a_batch(
    api: Api, command: type[Command]
) -> None:
    sent = moved_to_another_department(api, command)
    before = api.events()
    batch = {"device_id": "phone-1", "commands": [sent.batch_item()]}
    (result,) = api.as_("handler").post("/sync", batch).get_json()["results"]
    assert (result["status"], result["problem"]["status"]) == ("rejected", 403)
    assert result["problem"]["detail"] == ANOTHER_DEPARTMENT
    assert api.events() == before


def test_a_handler_sends_photos_only_of_problems_of_their_department(api: Api) -> None:
    issue_id = given_issue(api, api.home, "accepted")
    api.as_("supervisor").post(
        f"/issues/{issue_id}/transfer",
        {"department": "县发改局", "deadline": "2030-01-01", "reason": "职责调整"},
    )
    visit_id = given_visit(api, api.home)
    before = api.events()
    for owner, owner_id, reason in (
        ("issue", issue_id, ANOTHER_DEPARTMENT),
        ("visit", visit_id, "a handler sends photos of problems only"),
    ):
        response = api.as_("handler").post("/evidence", a_photo(owner_id, owner))
        assert (response.status_code, response.get_json()["detail"]) == (403, reason)
    assert api.events() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("roles", {"role": "supervisor"}),
        ("roles/revocation", {"role": "admin"}),
        ("department", {"department": "县住建局"}),
        ("jurisdiction", {"jurisdiction": "610502001"}),
        ("deactivation", {"reason": "调离"}),
    ],
)
def test_an_admin_changes_no_account_of_their_own(
    api: Api, path: str, body: dict[str, str]
) -> None:
    """Granting oneself a role is another admin's call, as is every other change."""
    admin, before = api.as_("admin"), api.events()
    response = admin.post(f"/officers/{admin.officer_id}/{path}", body)
    assert (response.status_code, response.get_json()["detail"]) == (
        403,
        "an admin's own account is changed by another admin",
    )
    assert api.events() == before


READABLE: dict[str, Callable[[Api], object]] = {
    "projects": lambda api: api.home.project_id,
    "enterprises": lambda api: api.home.enterprise_id,
    "officers": lambda api: api.home.officer_id,
    "checklists": lambda api: api.home.template_id,
    "visits": lambda api: given_visit(api, api.home),
    "issues": lambda api: given_issue(api, api.home, "accepted"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", READABLE)
def test_every_role_reads_every_kind_in_its_jurisdiction(
    api: Api, role: str, kind: str
) -> None:
    target, caller = READABLE[kind](api), api.as_(role)
    api.catch_up()
    reads = [f"/{kind}/{target}", f"/{kind}/{target}/history", "/sync/changes"]
    assert {path: caller.get(path).status_code for path in reads} == dict.fromkeys(
        reads, 200
    )
    assert caller.get(f"/{kind}/{target}?version=1").get_json()["version"] == 1
    listed = {row["id"] for row in every_row(caller, f"/{kind}")}
    assert str(target) in listed
