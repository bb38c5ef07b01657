"""A project's move takes its open problems and planned visits along, in the same
command: the county it left answers 404 for them, the county it reached sees them
and acts on them; what was closed or begun stays where it was done. Over HTTP on
SQLite and PostgreSQL."""

from typing import Any
from uuid import uuid4

from domain.commands import issue, visit
from tests.api import bodies as b
from tests.api.conftest import AWAY, CITY_ADMIN, HOME, OUTSIDER, Api

Body = dict[str, Any]


def a_project_with_its_work(api: Api) -> dict[str, str]:
    """A project of the home county with an open and a closed problem, a planned
    visit and a visit in progress."""
    project_id = b.given_project(api, api.home)
    open_body, closed_body = (b.an_issue(api.home, project_id) for _ in range(2))
    planned, begun = (
        b.a_visit(api.home) | {"project_id": project_id} for _ in range(2)
    )
    closing = [
        (issue.AssignIssue, {"department": "县住建局", "deadline": b.DEADLINE}),
        (issue.AcceptIssue, {}),
        (issue.ProposeResolution, {"summary": "已协调"}),
        (issue.CloseOutIssue, {"note": "销号"}),
    ]
    closed_id = {"issue_id": closed_body["issue_id"]}
    b.given(
        api,
        (issue.RaiseIssue, open_body),
        (issue.RaiseIssue, closed_body),
        *((command, closed_id | args) for command, args in closing),
        (visit.PlanVisit, planned),
        (visit.PlanVisit, begun),
        (visit.CheckIn, {"visit_id": begun["visit_id"], "gps": b.GPS}),
    )
    return {
        "project": project_id,
        "open": open_body["issue_id"],
        "closed": closed_body["issue_id"],
        "planned": planned["visit_id"],
        "begun": begun["visit_id"],
    }


def moved(api: Api, project_id: str) -> Any:
    move = {"jurisdiction": AWAY, "reason": "区划调整"}
    return api.as_(CITY_ADMIN).post(f"/projects/{project_id}/move", move)


def test_a_moved_projects_open_problems_and_planned_visits_go_with_it(
    store_api: Api,
) -> None:
    api = store_api
    work = a_project_with_its_work(api)
    response = moved(api, work["project"])
    assert response.status_code == 200, response.get_json()
    home, away = api.as_("supervisor"), api.as_(OUTSIDER)
    for went in (f"/issues/{work['open']}", f"/visits/{work['planned']}"):
        assert home.get(went).status_code == 404
        assert away.get(went).get_json()["jurisdiction"] == AWAY
    for stayed in (f"/issues/{work['closed']}", f"/visits/{work['begun']}"):
        assert home.get(stayed).get_json()["jurisdiction"] == HOME
        assert away.get(stayed).status_code == 404
    listed = {row["id"] for row in b.every_row(home, "/ledgers/issues")}
    assert (work["open"] in listed, work["closed"] in listed) == (False, True)
    theirs = {row["id"] for row in b.every_row(away, "/ledgers/issues")}
    assert work["open"] in theirs
    planned = {row["id"] for row in b.every_row(away, "/visits", status="planned")}
    assert work["planned"] in planned


def test_the_county_it_reached_acts_on_them_and_the_one_it_left_cannot(
    store_api: Api,
) -> None:
    api = store_api
    work = a_project_with_its_work(api)
    moved(api, work["project"])
    assign = {"department": "县发改局", "deadline": b.DEADLINE}
    before = api.events()
    refused = api.as_("supervisor").post(f"/issues/{work['open']}/assign", assign)
    assert refused.status_code == 404
    assert api.events() == before
    away = api.as_(OUTSIDER)
    assigned = away.post(f"/issues/{work['open']}/assign", assign)
    assert assigned.status_code == 200, assigned.get_json()
    theirs = away.get("/departments?code=FGJ").get_json()["items"]
    assert [row["jurisdiction"] for row in theirs] == [AWAY]
    assert assigned.get_json()["department_id"] == theirs[0]["id"]
    checked_in = away.post(f"/visits/{work['planned']}/check-in", {"gps": b.GPS})
    assert checked_in.status_code == 200, checked_in.get_json()


def test_everything_moves_in_the_one_command_that_moved_the_project(
    store_api: Api,
) -> None:
    api = store_api
    work = a_project_with_its_work(api)
    key = {"Idempotency-Key": str(uuid4())}
    move = {"jurisdiction": AWAY, "reason": "区划调整"}
    city = api.as_(CITY_ADMIN)
    first = city.post(f"/projects/{work['project']}/move", move, headers=key)
    events = api.events()
    replay = city.post(f"/projects/{work['project']}/move", move, headers=key)
    assert replay.get_data() == first.get_data()
    assert api.events() == events  # a replay moves nothing again
    command_ids = set()
    for kind, name in (
        ("projects", "project"),
        ("issues", "open"),
        ("visits", "planned"),
    ):
        history = city.get(f"/{kind}/{work[name]}/history").get_json()["events"]
        last = history[-1]
        assert last["event"].endswith(".Moved")
        assert last["data"]["jurisdiction"] == AWAY
        command_ids.add(last["command_id"])
    assert command_ids == {key["Idempotency-Key"]}
