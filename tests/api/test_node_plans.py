"""Node plans (倒排工期、挂图作战): planned dates per node, actual dates as recorded,
days late per node; a revision is an event with a reason, the original stays
visible; over HTTP on SQLite and PostgreSQL."""

from datetime import date
from typing import Any

import pytest

from projections.dates import AsOf
from projections.rebuild import drop, fresh, verify
from tests.api import bodies as b
from tests.api.conftest import Api

PLAN = [
    {"node": "completion", "on": "2027-10-01"},
    {"node": "permits", "on": "2026-05-01"},
    {"node": "groundbreaking", "on": "2026-06-01"},
]
JUNE_11 = "2026-06-11T12:00:00+08:00"


def a_planned_project(api: Api) -> str:
    lead = api.as_("supervisor")
    project_id = str(lead.post("/projects", b.a_project(api.home)).get_json()["id"])
    planned = lead.post(f"/projects/{project_id}/node-plan", {"nodes": PLAN})
    assert planned.status_code == 200, planned.get_json()
    return project_id


def reached(api: Api, project_id: str, node: str, on: str) -> None:
    body = {"milestone": node, "on": on}
    found = api.as_("officer").post(f"/projects/{project_id}/milestones", body)
    assert found.status_code == 200, found.get_json()


def nodes(api: Api, project_id: str, as_of: str = JUNE_11) -> dict[str, Any]:
    found = api.as_("auditor").get(
        f"/projects/{project_id}/nodes", query_string={"as_of": as_of}
    )
    assert found.status_code == 200, found.get_json()
    return found.get_json()  # type: ignore[no-any-return]


def lateness(api: Api, project_id: str, as_of: str = JUNE_11) -> dict[str, Any]:
    return {
        n["node"]: (n["planned_on"], n["actual_on"], n["days_late"])
        for n in nodes(api, project_id, as_of)["nodes"]
    }


def test_each_node_is_late_by_the_days_past_its_plan(store_api: Api) -> None:
    project_id = a_planned_project(store_api)
    reached(store_api, project_id, "permits", "2026-05-20")
    assert lateness(store_api, project_id) == {
        "permits": ("2026-05-01", "2026-05-20", 19),  # reached 19 days late
        "groundbreaking": ("2026-06-01", None, 10),  # not yet, 10 days past
        "completion": ("2027-10-01", None, 0),
    }


def test_a_node_reached_after_the_day_asked_is_not_reached_then(
    store_api: Api,
) -> None:
    project_id = a_planned_project(store_api)
    reached(store_api, project_id, "permits", "2026-04-20")
    before = lateness(store_api, project_id, "2026-04-10T12:00:00+08:00")
    assert before["permits"] == ("2026-05-01", None, 0)
    assert lateness(store_api, project_id)["permits"] == ("2026-05-01", "2026-04-20", 0)


def test_a_revision_moves_a_node_with_its_reason_and_the_original_stays(
    store_api: Api,
) -> None:
    project_id = a_planned_project(store_api)
    lead = store_api.as_("supervisor")
    revision = {
        "nodes": [{"node": "groundbreaking", "on": "2026-07-01"}],
        "reason": "用地报批延后，县专班会议同意调整",
    }
    revised = lead.post(f"/projects/{project_id}/node-plan/revision", revision)
    assert revised.status_code == 200, revised.get_json()
    assert revised.get_json()["node_plan"]["groundbreaking"] == "2026-07-01"
    assert revised.get_json()["original_plan"]["groundbreaking"] == "2026-06-01"
    found = nodes(store_api, project_id)
    groundbreaking = next(n for n in found["nodes"] if n["node"] == "groundbreaking")
    assert (groundbreaking["planned_on"], groundbreaking["original_on"]) == (
        "2026-07-01",
        "2026-06-01",
    )
    assert (groundbreaking["revisions"], groundbreaking["days_late"]) == (1, 0)
    assert found["revisions"] == 1
    events = lead.get(f"/projects/{project_id}/history").get_json()["events"]
    last = events[-1]
    assert last["event"] == "Project.NodePlanRevised"
    assert last["data"]["reason"] == revision["reason"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("node-plan", {"nodes": PLAN}, 409),  # planned already: revise it
        ("node-plan/revision", {"nodes": PLAN[:1], "reason": "无变化"}, 409),
        ("node-plan/revision", {"nodes": PLAN[:1]}, 422),  # no reason
        (
            "node-plan/revision",
            {"nodes": [{"node": "groundbreaking", "on": "2028-01-01"}], "reason": "晚"},
            422,  # after its completion
        ),
        (
            "node-plan/revision",
            {"nodes": [{"node": "moon", "on": "2026-07-01"}], "reason": "x"},
            422,
        ),
        ("node-plan/revision", {"nodes": [], "reason": "空"}, 422),
        ("node-plan/revision", {"nodes": [PLAN[1], PLAN[1]], "reason": "重复"}, 422),
    ],
)
def test_a_plan_that_does_not_hold_together_is_refused_and_nothing_stored(
    store_api: Api, path: str, body: dict[str, Any], status: int
) -> None:
    project_id = a_planned_project(store_api)
    before = store_api.events()
    found = store_api.as_("supervisor").post(f"/projects/{project_id}/{path}", body)
    assert found.status_code == status, found.get_json()
    assert found.mimetype == "application/problem+json"
    assert store_api.events() == before


def test_a_project_without_a_plan_keeps_working_and_shows_its_milestones(
    store_api: Api,
) -> None:
    project_id = b.given_project(store_api, store_api.home)
    reached(store_api, project_id, "land", "2026-03-02")
    reached(store_api, project_id, "groundbreaking", "2026-04-02")
    got = store_api.as_("auditor").get(f"/projects/{project_id}").get_json()
    assert "node_plan" not in got
    assert got["milestones"] == {"land": "2026-03-02", "groundbreaking": "2026-04-02"}
    assert lateness(store_api, project_id) == {
        "land": (None, "2026-03-02", None),
        "groundbreaking": (None, "2026-04-02", None),
    }
    revise = {"nodes": PLAN[:1], "reason": "补报"}
    found = store_api.as_("supervisor").post(
        f"/projects/{project_id}/node-plan/revision", revise
    )
    assert found.status_code == 409


def test_another_countys_nodes_are_not_found(store_api: Api) -> None:
    project_id = a_planned_project(store_api)
    found = store_api.as_("outsider").get(f"/projects/{project_id}/nodes")
    assert found.status_code == 404


def test_the_node_view_rebuilds_equal_to_the_live_one(store_api: Api) -> None:
    store_api.catch_up()
    views, app = store_api.services.views, store_api.services.ledger
    scratch = fresh(views, "progress", "progresscheck")
    try:
        assert verify(app, views.progress, scratch) == []
    finally:
        drop(scratch)


def test_the_board_and_its_export_show_the_nodes_late(store_api: Api) -> None:
    project_id = a_planned_project(store_api)
    reached(store_api, project_id, "permits", "2026-05-20")
    late = (AsOf.of(None).today - date(2026, 6, 1)).days  # registered today
    items = store_api.as_("supervisor").get("/board/projects?limit=200")
    row = next(r for r in items.get_json()["items"] if r["id"] == project_id)
    assert row["late_nodes"] == [
        {"node": "permits", "days_late": 19},
        {"node": "groundbreaking", "days_late": late},
    ]
    for lang, text in (
        ("zh", f"施工许可滞后19天；开工滞后{late}天"),
        ("en", f"permits 19 days late; groundbreaking {late} days late"),
    ):
        asked = {"format": "csv", "lang": lang}
        data = store_api.as_("supervisor").get("/board/projects", query_string=asked)
        assert text in data.data.decode("utf-8-sig")
