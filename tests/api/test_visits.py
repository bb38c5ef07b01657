"""A visit over HTTP: planned, checked in on site, answered, confirmed, checked out."""

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from projections import FIELDS
from tests.api import bodies as b
from tests.api.conftest import Api

PROBLEM = "application/problem+json"


def test_an_inspection_goes_from_plan_to_check_out_with_a_problem_on_the_way(
    api: Api,
) -> None:
    officer = api.as_("officer")
    plan = b.a_visit(api.home, template=True)
    visit = f"/visits/{plan['visit_id']}"
    planned = officer.post("/visits", plan).get_json()
    assert (planned["status"], planned["template_version"], planned["items"]) == (
        "planned",
        1,
        b.ITEMS,
    )
    steps = [
        ("check-in", {"gps": b.GPS}, "in_progress"),
        ("answers", {"item_id": "progress", "answer": "pass"}, "in_progress"),
        (
            "answers",
            {"item_id": "safety", "answer": "not_applicable", "note": "停工"},
            "in_progress",
        ),
        ("notes", {"text": "现场整洁\n材料堆放有序"}, "in_progress"),
        ("confirmation", {"representative": "李经理"}, "in_progress"),
    ]
    for path, body, status in steps:
        response = officer.post(f"{visit}/{path}", body)
        assert (response.status_code, response.get_json()["status"]) == (200, status), (
            path
        )
    problem = b.an_issue(api.home) | {"source": "visit", "visit_id": plan["visit_id"]}
    assert officer.post("/issues", problem).status_code == 201
    finished = officer.post(f"{visit}/check-out", {"gps": b.GPS}).get_json()
    assert finished["status"] == "finished"
    assert finished["answers"] == {
        "progress": {"answer": "pass", "note": "", "evidence_ids": []},
        "safety": {"answer": "not_applicable", "note": "停工", "evidence_ids": []},
    }
    assert (finished["representative"], finished["issue_ids"]) == (
        "李经理",
        [problem["issue_id"]],
    )
    assert finished["notes"] == ["现场整洁\n材料堆放有序"]
    events = [e["event"] for e in officer.get(f"{visit}/history").get_json()["events"]]
    assert events == [
        "Visit.Planned",
        "Visit.CheckedIn",
        "Visit.ItemAnswered",
        "Visit.ItemAnswered",
        "Visit.NoteAdded",
        "Visit.Confirmed",
        "Visit.ProblemRecorded",
        "Visit.Finished",
    ]


BROKEN = {
    "checking out with items unanswered": (
        "check-out",
        {},
        409,
        "items not answered yet: safety, progress",
    ),
    "checking in twice": (
        "check-in",
        {"gps": b.GPS},
        409,
        "cannot check in to a visit that is in progress",
    ),
    "passing a photo item without a photo": (
        "answers",
        {"item_id": "safety", "answer": "pass"},
        422,
        "item safety needs a photo to pass or fail",
    ),
    "answering an item not on the checklist": (
        "answers",
        {"item_id": "roof", "answer": "pass"},
        422,
        "'roof' is not on this visit's checklist",
    ),
    "a blank note": (
        "notes",
        {"text": " "},
        422,
        "text",
    ),
    "a latitude past the pole": (
        "check-out",
        {"gps": {"lat": 91, "lon": 0, "accuracy_m": 5}},
        422,
        "lat",
    ),
}


@pytest.mark.parametrize(
    ("path", "body", "status", "says"), BROKEN.values(), ids=BROKEN
)
def test_a_step_out_of_turn_or_out_of_bounds_is_refused_saying_why(
    api: Api, path: str, body: b.Body, status: int, says: str
) -> None:
    visit = b.given_visit(api, api.home, template=True)
    before = api.events()
    response = api.as_("officer").post(f"/visits/{visit}/{path}", body)
    assert (response.status_code, response.mimetype) == (status, PROBLEM)
    assert says in json.dumps(response.get_json(), ensure_ascii=False)
    assert api.events() == before


@pytest.fixture(scope="module")
def pair(api: Api) -> tuple[b.Body, b.Body]:
    """Two visits that differ in every field their list filters on."""
    officer = api.as_("officer")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    wanted = b.a_visit(api.home) | {
        "kind": "service",
        "planned_for": tomorrow,
        "project_id": None,
        "enterprise_id": str(api.home.enterprise_id),
        "officer_ids": [str(api.home.officer_id), str(officer.officer_id)],
    }
    other = b.a_visit(api.home)
    for body in (wanted, other):
        assert officer.post("/visits", body).status_code == 201
    check_in = officer.post(f"/visits/{wanted['visit_id']}/check-in", {"gps": b.GPS})
    assert check_in.status_code == 200
    return wanted, other


FILTERS: dict[str, Callable[[b.Body], str]] = {
    "kind": lambda wanted: "service",
    "planned_for": lambda wanted: wanted["planned_for"],
    "project_id": lambda wanted: "",
    "enterprise_id": lambda wanted: wanted["enterprise_id"],
    "officer_ids": lambda wanted: wanted["officer_ids"][1],
    "status": lambda wanted: "in_progress",
    "q": lambda wanted: "service @",
}


def test_every_filter_of_the_visit_list_is_tried() -> None:
    assert set(FILTERS) == {f.name for f in FIELDS["visit"]} | {"status", "q"}


@pytest.mark.parametrize("name", [n for n in FILTERS if n != "project_id"])
def test_each_filter_narrows_the_visit_list(
    api: Api, pair: tuple[b.Body, b.Body], name: str
) -> None:
    wanted, other = pair
    query = {name: FILTERS[name](wanted)}
    listed = {r["id"] for r in b.every_row(api.as_("auditor"), "/visits", **query)}
    assert wanted["visit_id"] in listed
    assert other["visit_id"] not in listed


def test_the_visit_list_filters_by_project(
    api: Api, pair: tuple[b.Body, b.Body]
) -> None:
    wanted, other = pair
    query = {"project_id": other["project_id"]}
    listed = {r["id"] for r in b.every_row(api.as_("auditor"), "/visits", **query)}
    assert other["visit_id"] in listed
    assert wanted["visit_id"] not in listed
