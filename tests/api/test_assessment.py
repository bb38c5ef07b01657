"""The seed's monthly warning (三色预警, seed 000: 「每月依据重点项目开工建设情况和入库纳统
情况…给予"红黄蓝"三色预警」): recorded as events for a month, each reason shown; the
board shows the last one and a live preview; no project turns blue because a month
began. Over HTTP on SQLite and PostgreSQL."""

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli import main
from api.demo.clock import Clock, stamping
from projections.rebuild import drop, fresh, verify
from storage.eventstore import open_ledger
from tests.api import bodies as b
from tests.api.conftest import Api, Caller
from tests.api.test_console import signed_in
from tests.factories import BEIJING

SEPTEMBER = datetime(2026, 9, 1, 9, tzinfo=BEIJING)
Projects = dict[str, str]


def sent(caller: Caller, path: str, body: dict[str, Any]) -> Any:
    found = caller.post(path, body)
    assert found.status_code in (200, 201), found.get_json()
    return found.get_json()


@pytest.fixture(scope="module")
def county(store_api: Api) -> tuple[Api, Projects]:
    """Three projects registered in September: one late at its permit node, one
    under way and not in the statistics, one under way, in them and on pace."""
    lead, officer = store_api.as_("supervisor"), store_api.as_("officer")
    ids: Projects = {}
    with stamping(Clock(SEPTEMBER)):
        for name in ("许可滞后项目", "未入库项目", "正常项目"):
            body = b.a_project(store_api.home) | {"name": name}
            ids[name] = sent(lead, "/projects", body)["id"]
    late, unlisted, fine = (f"/projects/{ids[n]}" for n in ids)
    plan = [
        {"node": "permits", "on": "2026-10-15"},
        {"node": "groundbreaking", "on": "2027-03-01"},
    ]
    sent(lead, f"{late}/node-plan", {"nodes": plan})
    for path in (unlisted, fine):
        sent(
            officer,
            f"{path}/milestones",
            {"milestone": "groundbreaking", "on": "2026-09-01"},
        )
        sent(officer, f"{path}/investment", {"month": "2026-10", "cumulative": "15000"})
    sent(lead, f"{fine}/statistics-entry", {"on": "2026-10-20"})
    return store_api, ids


def board_rows(api: Api, **query: Any) -> dict[str, dict[str, Any]]:
    found = api.as_("supervisor").get(
        "/board/projects", query_string=query | {"limit": 200}
    )
    return {row["name"]: row for row in found.get_json()["items"]}


def test_a_month_not_over_is_not_assessed(county: tuple[Api, Projects]) -> None:
    api, _ = county
    before = api.events()
    found = api.as_("supervisor").post("/board/assessments", {"month": "2027-01"})
    assert found.status_code == 409
    assert api.events() == before


def test_only_supervisors_and_admins_record_an_assessment(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    found = api.as_("officer").post("/board/assessments", {"month": "2026-11"})
    assert found.status_code == 403


def test_novembers_assessment_gives_each_reason_of_its_colour(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    recorded = sent(api.as_("supervisor"), "/board/assessments", {"month": "2026-11"})
    assert (recorded["recorded"], recorded["already"]) == (3, 0)
    again = sent(api.as_("supervisor"), "/board/assessments", {"month": "2026-11"})
    assert (again["recorded"], again["already"]) == (0, 3)
    items = (
        api.as_("auditor").get("/board/assessments?month=2026-11").get_json()["items"]
    )
    found = {row["name"]: (row["colour"], row["reasons"]) for row in items}
    assert found == {
        "许可滞后项目": (
            "yellow",  # 46 days past 15 October at the month's end
            [
                {
                    "code": "node_late",
                    "colour": "yellow",
                    "value": {"node": "permits", "days": 46},
                }
            ],
        ),
        "未入库项目": (
            "yellow",  # 90 days since groundbreaking: not yet red
            [{"code": "not_in_statistics", "colour": "yellow", "value": 90}],
        ),
        "正常项目": (None, []),
    }


def test_each_projects_history_shows_its_assessment_with_the_rules(
    county: tuple[Api, Projects],
) -> None:
    api, ids = county
    path = f"/projects/{ids['许可滞后项目']}/history"
    events = api.as_("auditor").get(path).get_json()["events"]
    assessed = [e for e in events if e["event"] == "Project.Assessed"]
    assert [e["data"]["month"] for e in assessed] == ["2026-11"]
    assert assessed[0]["data"]["rules"]["red_node_late_days"] == 60


def test_the_board_shows_the_last_assessment_and_a_labelled_preview(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    rows = board_rows(api)
    last = rows["许可滞后项目"]["assessment"]
    assert (last["month"], last["colour"]) == ("2026-11", "yellow")
    preview = rows["许可滞后项目"]["assessment_preview"]
    assert preview["preview"] is True
    assert preview["month"] == datetime.now(BEIJING).strftime("%Y-%m")
    assert preview["reasons"][0]["code"] == "node_late"


def test_no_project_turns_blue_because_a_month_began(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    december_first = "2026-12-01T08:00:00+08:00"
    rows = board_rows(api, as_of=december_first)
    # Nothing wrong with it but no visit yet this month: the daily watch says
    # blue, the seed's assessment says nothing.
    assert rows["正常项目"]["warning"] == "blue"
    assert rows["正常项目"]["assessment_preview"]["colour"] is None
    for name in ("许可滞后项目", "未入库项目"):
        preview = rows[name]["assessment_preview"]
        assert preview["colour"] != "blue"
        assert {r["code"] for r in preview["reasons"]} <= {
            "node_late",
            "not_in_statistics",
        }


def test_a_month_later_the_unlisted_project_turns_red(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    rows = board_rows(api, as_of="2026-12-05T08:00:00+08:00")
    preview = rows["未入库项目"]["assessment_preview"]
    assert (preview["colour"], preview["reasons"][0]["value"]) == ("red", 95)


def test_the_assessment_exports_with_each_reason_in_words(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    query = {"month": "2026-11", "format": "csv", "lang": "zh"}
    data = api.as_("auditor").get("/board/assessments", query_string=query).data
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    reasons = {row[head.index("项目名称")]: row[head.index("预警原因")] for row in rows}
    assert reasons["许可滞后项目"] == "施工许可节点滞后46天"
    assert reasons["未入库项目"] == "已开工未入库纳统"
    board = api.as_("auditor").get("/board/projects", query_string={"format": "csv"})
    head, *rows = list(csv.reader(io.StringIO(board.data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[head.index("项目名称")] == "许可滞后项目")
    assert row[head.index("月度预警")] == "黄色预警"
    assert row[head.index("月度预警月份")] == "2026-11"


def test_the_progress_view_rebuilds_equal_with_its_assessments(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    sent(api.as_("supervisor"), "/board/assessments", {"month": "2026-11"})
    api.catch_up()
    views, app = api.services.views, api.services.ledger
    scratch = fresh(views, "progress", "assesscheck")
    try:
        assert verify(app, views.progress, scratch) == []
    finally:
        drop(scratch)


@pytest.mark.parametrize(
    ("month", "exit_code", "said"),
    [
        (
            "2026-11",
            0,
            "2026-11: 0 projects assessed as of 2026-11-30T23:59:59.999999+08:00",
        ),
        ("2026-13", 1, "must be a month YYYY-MM"),
        ("2099-01", 1, "2099-01 is not over"),
    ],
)
def test_the_command_line_assesses_a_month_that_is_over(
    tmp_path: Path, month: str, exit_code: int, said: str
) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    open_ledger(url).close()  # a new, empty store
    result = CliRunner().invoke(
        main, ["assess", "--month", month], env={"SITELEDGER_DATABASE_URL": url}
    )
    assert result.exit_code == exit_code
    assert said in result.output


def test_the_console_board_shows_the_months_warning_and_the_preview_labelled(
    county: tuple[Api, Projects],
) -> None:
    api, _ = county
    sent(api.as_("supervisor"), "/board/assessments", {"month": "2026-11"})
    page = signed_in(api, "supervisor").get("/console/board").get_data(as_text=True)
    assert "本月预览（未发布）" in page
    assert "2026-11 黄色预警" in page
