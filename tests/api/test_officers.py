"""Officers over HTTP (admins): registration, roles, department, jurisdiction, list."""

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.commands.officer import DeactivateOfficer
from projections import FIELDS
from tests.api import bodies as b
from tests.api.conftest import CITY_ADMIN, Api, Caller
from tests.factories import meta

PROBLEM = "application/problem+json"


def registered(api: Api, **changes: object) -> b.Body:
    body = b.an_officer(api.home) | changes
    response = api.as_("admin").post("/officers", body)
    assert response.status_code == 201, response.get_json()
    answer: b.Body = response.get_json()
    return answer


def calling_as(api: Api, officer: b.Body) -> Caller:
    """A caller with a token of the officer's own."""
    officer_id = UUID(officer["id"])
    token, _ = api.services.tokens.issue(officer_id, officer["username"])
    return Caller(api.app.test_client(), token, officer_id)


def test_a_registered_officer_is_answered_with_roles_and_department(api: Api) -> None:
    officer = registered(api, roles=["supervisor", "handler"])
    assert (officer["type"], officer["version"], officer["active"]) == (
        "officer",
        1,
        True,
    )
    assert (officer["roles"], officer["department"]) == (
        ["handler", "supervisor"],
        "县住建局",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"roles": []}, "roles"),
        ({"roles": ["officer", "officer"]}, "roles"),
        ({"roles": ["handler"], "department": None}, "department"),
        ({"username": "Zhang Wei"}, "username"),
        ({"jurisdiction": "61x"}, "jurisdiction"),
        ({"roles": ["root"]}, "roles"),
    ],
    ids=[
        "no role",
        "a role twice",
        "a handler of no department",
        "a spaced name",
        "a bad code",
        "an unknown role",
    ],
)
def test_a_registration_that_breaks_a_rule_is_refused_naming_the_field(
    api: Api, changes: b.Body, field: str
) -> None:
    before = api.events()
    response = api.as_("admin").post("/officers", b.an_officer(api.home) | changes)
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert field in response.get_json()["errors"]["json"]
    assert api.events() == before


def test_a_username_taken_anywhere_is_refused_naming_it(api: Api) -> None:
    first = b.an_officer(api.away)
    assert api.as_("outsider").post("/officers", first).status_code == 403
    assert api.as_(CITY_ADMIN).post("/officers", first).status_code == 201
    before = api.events()
    again = b.an_officer(api.home) | {"username": first["username"]}
    response = api.as_("admin").post("/officers", again)
    assert (response.status_code, response.mimetype) == (409, PROBLEM)
    assert response.get_json()["detail"] == (
        f"username {first['username']} is registered already"
    )
    assert api.events() == before


def test_a_role_granted_takes_effect_at_the_officers_next_request(api: Api) -> None:
    officer = registered(api)
    caller = calling_as(api, officer)
    project = b.a_project(api.home)
    assert caller.post("/projects", project).status_code == 403
    admin = api.as_("admin")
    granted = admin.post(f"/officers/{officer['id']}/roles", {"role": "supervisor"})
    assert granted.get_json()["roles"] == ["officer", "supervisor"]
    assert caller.post("/projects", project).status_code == 201
    admin.post(f"/officers/{officer['id']}/roles/revocation", {"role": "supervisor"})
    assert caller.post("/projects", b.a_project(api.home)).status_code == 403


def test_a_deactivated_officer_can_no_longer_call_the_api(api: Api) -> None:
    officer = registered(api)
    caller = calling_as(api, officer)
    assert caller.get("/projects").status_code == 200
    admin = api.as_("admin")
    assert (
        admin.post(
            f"/officers/{officer['id']}/deactivation", {"reason": "调离"}
        ).status_code
        == 200
    )
    refused = caller.get("/projects")
    assert (refused.status_code, refused.get_json()["detail"]) == (
        401,
        "the officer's account is not active",
    )
    before = api.events()
    again = admin.post(f"/officers/{officer['id']}/roles", {"role": "auditor"})
    assert (again.status_code, again.get_json()["detail"]) == (
        409,
        f"{officer['username']} has been deactivated",
    )
    assert api.events() == before


def test_an_officer_moved_down_the_tree_sees_only_the_township(api: Api) -> None:
    officer = registered(api)
    caller = calling_as(api, officer)
    assert caller.get(f"/projects/{api.home.project_id}").status_code == 200
    moved = api.as_("admin").post(
        f"/officers/{officer['id']}/jurisdiction", {"jurisdiction": "610502001"}
    )
    assert moved.get_json()["jurisdiction"] == "610502001"
    assert caller.get(f"/projects/{api.home.project_id}").status_code == 404
    assert caller.get(f"/checklists/{api.home.template_id}").status_code == 200


@pytest.fixture(scope="module")
def pair(api: Api) -> tuple[b.Body, b.Body]:
    """Two officers that differ in every field their list filters on."""
    wanted = registered(
        api, name="李四", roles=["auditor", "officer"], department="县发改局"
    )
    other = registered(api)
    api.services.ledger.execute(
        DeactivateOfficer(officer_id=UUID(wanted["id"]), reason="退休"), meta()
    )
    api.catch_up()
    return wanted, other


FILTERS: dict[str, Callable[[b.Body], str]] = {
    "username": lambda wanted: wanted["username"],
    "roles": lambda wanted: "auditor",
    "department": lambda wanted: "县发改局",
    "department_id": lambda wanted: wanted["department_id"],
    "status": lambda wanted: "inactive",
    "q": lambda wanted: "李四",
}


def test_every_filter_of_the_officer_list_is_tried() -> None:
    assert set(FILTERS) == {f.name for f in FIELDS["officer"]} | {"status", "q"}


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_narrows_the_officer_list(
    api: Api, pair: tuple[b.Body, b.Body], name: str
) -> None:
    wanted, other = pair
    query = {name: FILTERS[name](wanted)}
    listed = {r["id"] for r in b.every_row(api.as_("auditor"), "/officers", **query)}
    assert wanted["id"] in listed
    assert other["id"] not in listed
