"""Departments as reference data over HTTP on SQLite and PostgreSQL: registered and
renamed by admins, fed to phones, problems and handlers placed by id, and one
department however many names it is known by."""

from typing import Any
from uuid import UUID, uuid4

from domain.commands.officer import RegisterOfficer
from domain.model.officer import Role
from tests.api import bodies as b
from tests.api.conftest import HOME, Api, Caller
from tests.factories import meta

Body = dict[str, Any]


def a_department(name: str, *aliases: str, jurisdiction: str = HOME) -> Body:
    code = f"D{uuid4().hex[:8]}"
    return {
        "department_id": str(uuid4()),
        "jurisdiction": jurisdiction,
        "code": code,
        "name": name,
        "aliases": list(aliases),
    }


def registered(api: Api, name: str, *aliases: str) -> Body:
    body = a_department(name, *aliases)
    response = api.as_("admin").post("/departments", body)
    assert response.status_code == 201, response.get_json()
    return body


def unique(name: str) -> str:
    return f"{name}{uuid4().hex[:6]}"


def a_raised_issue(api: Api) -> str:
    return b.given_issue(api, api.home, "raised")


def assign(api: Api, issue_id: str, **to: Any) -> Any:
    body = {"deadline": b.DEADLINE} | to
    return api.as_("supervisor").post(f"/issues/{issue_id}/assign", body)


def test_an_admin_registers_renames_and_retires_a_department_and_phones_see_it(
    store_api: Api,
) -> None:
    api = store_api
    phone = api.as_("officer")
    cursor = phone.get("/sync/changes?limit=1000").get_json()["next_cursor"]
    name = unique("县水利局")
    body = registered(api, name)
    department_id = body["department_id"]
    renamed = api.as_("admin").post(
        f"/departments/{department_id}/name",
        {"name": unique("县水务局"), "aliases": [name]},
    )
    assert renamed.status_code == 200, renamed.get_json()
    assert renamed.get_json()["aliases"] == [name]
    retired = api.as_("admin").post(
        f"/departments/{department_id}/retirement", {"reason": "机构改革"}
    )
    assert retired.get_json()["active"] is False
    listed = b.every_row(phone, "/departments", code=body["code"])
    assert [(row["id"], row["status"]) for row in listed] == [
        (department_id, "retired")
    ]
    assert listed[0]["fields"]["aliases"] == name
    fed = phone.get(f"/sync/changes?cursor={cursor}&limit=1000").get_json()
    mine = [c["event"] for c in fed["changes"] if c["aggregate_id"] == department_id]
    assert mine == ["Department.Registered", "Department.Renamed", "Department.Retired"]


def test_only_admins_register_departments(store_api: Api) -> None:
    api = store_api
    before = api.events()
    refused = api.as_("supervisor").post("/departments", a_department("县某局"))
    assert refused.status_code == 403
    assert api.events() == before


def test_a_code_or_a_name_is_one_departments_in_its_jurisdiction(
    store_api: Api,
) -> None:
    api = store_api
    first = registered(api, unique("县交通局"), unique("县交通运输局"))
    before = api.events()
    same_code = a_department(unique("县公路局")) | {"code": first["code"]}
    same_alias = a_department(unique("县公路局"), first["aliases"][0])
    for body in (same_code, same_alias):
        refused = api.as_("admin").post("/departments", body)
        assert refused.status_code == 409, refused.get_json()
    assert api.events() == before


def test_a_problem_is_assigned_by_id_or_by_any_name_of_its_department(
    store_api: Api,
) -> None:
    api = store_api
    name, alias = unique("县审批局"), unique("县审批服务局")
    department = registered(api, name, alias)
    by_id, by_alias = a_raised_issue(api), a_raised_issue(api)
    first = assign(api, by_id, department_id=department["department_id"])
    second = assign(api, by_alias, department=alias)
    for response in (first, second):
        assert response.status_code == 200, response.get_json()
        assert (
            response.get_json()["department"],
            response.get_json()["department_id"],
        ) == (
            name,
            department["department_id"],
        )
    api.catch_up()
    summary = (
        api.as_("supervisor")
        .get("/ledgers/issues/summary?group_by=department")
        .get_json()["groups"]
    )
    ours = [
        row for row in summary if row["department_id"] == department["department_id"]
    ]
    assert [(row["group"], row["received"]) for row in ours] == [(name, 2)]
    ranked = api.as_("supervisor").get("/board/departments").get_json()["departments"]
    ours = [
        row for row in ranked if row["department_id"] == department["department_id"]
    ]
    assert [(row["group"], row["received"]) for row in ours] == [(name, 2)]
    by_alias_filter = b.every_row(
        api.as_("supervisor"), "/ledgers/issues", department=alias
    )
    assert {row["id"] for row in by_alias_filter} == {by_id, by_alias}


def test_an_unknown_or_retired_department_takes_no_problem(store_api: Api) -> None:
    api = store_api
    issue_id = a_raised_issue(api)
    before = api.events()
    unknown = assign(api, issue_id, department="县不存在局")
    assert unknown.status_code == 422
    assert "no department named 县不存在局" in unknown.get_json()["detail"]
    retired = registered(api, unique("县旧局"))
    api.as_("admin").post(
        f"/departments/{retired['department_id']}/retirement", {"reason": "撤并"}
    )
    after_retiring = api.events()
    refused = assign(api, issue_id, department_id=retired["department_id"])
    assert refused.status_code == 409
    assert (before, api.events()) == (before, after_retiring)


def handler_of(api: Api, department_id: str) -> Caller:
    """A new handler placed in the department by id, with a token of their own."""
    officer_id = uuid4()
    username = f"handler.{officer_id.hex[:10]}"
    register = RegisterOfficer(
        officer_id=officer_id,
        username=username,
        name="测试经办人",
        jurisdiction=HOME,
        roles=(Role.HANDLER,),
        department_id=UUID(department_id),
    )
    api.services.ledger.execute(register, meta())
    token, _ = api.services.tokens.issue(officer_id, username)
    return Caller(api.app.test_client(), token, officer_id)


def test_a_handler_acts_on_their_departments_problems_whatever_name_it_was_given(
    store_api: Api,
) -> None:
    api = store_api
    name, alias = unique("县林业局"), unique("县林草局")
    ours, theirs = registered(api, name, alias), registered(api, unique("县农业局"))
    issue_id = a_raised_issue(api)
    assign(api, issue_id, department=alias)
    outsider = handler_of(api, theirs["department_id"])
    refused = outsider.post(f"/issues/{issue_id}/accept", {})
    assert refused.status_code == 403
    accepted = handler_of(api, ours["department_id"]).post(
        f"/issues/{issue_id}/accept", {}
    )
    assert accepted.status_code == 200, accepted.get_json()
