"""Who steers a project: exports name its 项目管家 and 包抓领导; the board and the visit
ledger show the leader's site visits this quarter against the rule (seed 001:
「每季度实地调研不少于1次」, a setting) and each steward's coverage this month;
over HTTP on SQLite and PostgreSQL."""

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from projections.dates import AsOf
from projections.people import quarter_start
from tests.api import bodies as b
from tests.api.conftest import Api, Caller, running_api

GPS = {"lat": 34.5, "lon": 109.49, "accuracy_m": 8.0}


def registered(api: Api, name: str, *, leader: bool = True) -> str:
    """A project stewarded by the home officer, led by the home supervisor."""
    lead = api.as_("supervisor")
    body = b.a_project(api.home) | {"name": name, "code": f"XM-{name[-1]}"}
    project_id = lead.post("/projects", body).get_json()["id"]
    officer = {"officer_id": str(api.as_("officer").officer_id)}
    assert lead.post(f"/projects/{project_id}/stewards", officer).status_code == 200
    if leader:
        me = {"officer_id": str(lead.officer_id)}
        assert lead.post(f"/projects/{project_id}/leader", me).status_code == 200
    return str(project_id)


def visited(caller: Caller, project_id: str) -> None:
    """The caller checks in at the project."""
    body = {
        "visit_id": b.new_id(),
        "officer_ids": [str(caller.officer_id)],
        "kind": "supervision",
        "planned_for": datetime.now(UTC).date().isoformat(),
        "project_id": project_id,
    }
    assert caller.post("/visits", body).status_code == 201
    check_in = caller.post(f"/visits/{body['visit_id']}/check-in", {"gps": GPS})
    assert check_in.status_code == 200


@pytest.fixture(scope="module")
def steered(store_api: Api) -> tuple[Api, dict[str, str]]:
    """Three projects: one its leader and steward visited, one neither, one with
    no leader."""
    ids = {name: registered(store_api, name) for name in ("调研项目A", "未调研项目B")}
    ids["无领导项目C"] = registered(store_api, "无领导项目C", leader=False)
    visited(store_api.as_("supervisor"), ids["调研项目A"])
    visited(store_api.as_("officer"), ids["调研项目A"])
    return store_api, ids


def board_rows(api: Api, **query: Any) -> dict[str, dict[str, Any]]:
    found = api.as_("supervisor").get(
        "/board/projects", query_string=query | {"limit": 200}
    )
    return {row["name"]: row for row in found.get_json()["items"]}


def test_the_board_shows_the_leaders_visits_this_quarter_against_the_rule(
    steered: tuple[Api, dict[str, str]],
) -> None:
    api, _ = steered
    rows = board_rows(api)
    seen = {
        name: (
            rows[name]["leader_visits_this_quarter"],
            rows[name]["leader_visit_due"],
            rows[name]["steward_visits_this_month"],
        )
        for name in ("调研项目A", "未调研项目B", "无领导项目C")
    }
    assert seen == {
        "调研项目A": (1, False, 1),
        "未调研项目B": (0, True, 0),
        "无领导项目C": (None, None, 0),
    }
    assert rows["调研项目A"]["leader_name"] == "测试supervisor"
    assert rows["调研项目A"]["steward_names"] == ["测试officer"]


def test_next_quarter_the_leaders_visit_is_due_again(
    steered: tuple[Api, dict[str, str]],
) -> None:
    api, _ = steered
    now = AsOf.of(None)
    next_quarter = datetime.fromisoformat(quarter_start(now)) + timedelta(days=100)
    later = next_quarter.replace(day=5).isoformat()
    rows = board_rows(api, as_of=later)
    assert (
        rows["调研项目A"]["leader_visits_this_quarter"],
        rows["调研项目A"]["leader_visit_due"],
    ) == (0, True)


def test_the_board_export_names_stewards_and_leaders(
    steered: tuple[Api, dict[str, str]],
) -> None:
    api, _ = steered
    query = {"format": "csv", "lang": "zh"}
    data = api.as_("supervisor").get("/board/projects", query_string=query).data
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[head.index("项目名称")] == "未调研项目B")
    assert row[head.index("项目管家")] == "测试officer"
    assert row[head.index("包抓领导")] == "测试supervisor"
    assert row[head.index("领导本季调研")] == "0"
    assert row[head.index("领导调研未达要求")] == "是"


def test_the_visit_ledger_shows_each_leaders_and_stewards_coverage(
    steered: tuple[Api, dict[str, str]],
) -> None:
    api, ids = steered
    get = api.as_("auditor").get
    leaders = get("/ledgers/visits/coverage", query_string={"role": "leader"})
    (leader,) = [
        row
        for row in leaders.get_json()["officers"]
        if row["officer_name"] == "测试supervisor"
    ]
    assert ids["未调研项目B"] in leader["not_visited"]
    assert ids["调研项目A"] not in leader["not_visited"]
    assert "未调研项目B" in leader["not_visited_names"]
    assert leader["period"].startswith(str(AsOf.of(None).today.year) + "-Q")
    stewards = get("/ledgers/visits/coverage", query_string={"role": "steward"})
    (steward,) = stewards.get_json()["officers"]
    assert steward["officer_name"] == "测试officer"
    assert (steward["projects"] - steward["visited"]) >= 2  # B and C, at least
    assert steward["coverage"] == round(steward["visited"] / steward["projects"], 4)


def test_the_coverage_exports_with_names_and_rates(
    steered: tuple[Api, dict[str, str]],
) -> None:
    api, _ = steered
    query = {"role": "leader", "format": "csv", "lang": "en"}
    data = api.as_("auditor").get("/ledgers/visits/coverage", query_string=query).data
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert head[:2] == ["Officer", "Period"]
    row = next(r for r in rows if r[0] == "测试supervisor")
    assert "未调研项目B" in row[head.index("Not visited as required")]


def test_a_rule_of_two_visits_a_quarter_leaves_one_visit_due(tmp_path: Path) -> None:
    with running_api(tmp_path, leader_visits_per_quarter=2) as api:
        project_id = registered(api, "双调研项目D")
        visited(api.as_("supervisor"), project_id)
        row = board_rows(api)["双调研项目D"]
        assert (row["leader_visits_this_quarter"], row["leader_visit_due"]) == (1, True)


def test_an_unknown_role_is_refused(steered: tuple[Api, dict[str, str]]) -> None:
    api, _ = steered
    found = api.as_("auditor").get(
        "/ledgers/visits/coverage", query_string={"role": "mayor"}
    )
    assert found.status_code == 422
