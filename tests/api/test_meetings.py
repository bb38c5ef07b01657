"""Meetings (调度会) over HTTP on SQLite and PostgreSQL: a meeting held reviews
projects; its decisions become tasks (任务交办单) that run the problems' loop and
link back to it; the meeting shows its tasks' states; the rhythm of meetings held;
the task list as a file; bad input refused with nothing stored."""

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli import main
from api.demo.clock import Clock, stamping
from api.settings import Settings
from projections.dates import AsOf
from projections.rebuild import drop, fresh, verify
from tests.api import bodies as b
from tests.api.conftest import DEPARTMENT, Api, running_api
from tests.factories import BEIJING

TODAY = AsOf.of(None).today  # Beijing's: limits are worked out from it
MONDAY = TODAY - timedelta(days=TODAY.weekday())
# Task 1 closed today; task 2 due in 5 days, open; task 3 due in 30, open.
DUE = [TODAY + timedelta(days=n) for n in (10, 5, 30)]
Meeting = dict[str, Any]
DATABASE = "SITELEDGER_DATABASE_URL"


def sent(api: Api, path: str, body: dict[str, Any], who: str = "supervisor") -> Any:
    found = api.as_(who).post(path, body)
    assert found.status_code in (200, 201), found.get_json()
    return found.get_json()


def end_of(day: date) -> str:
    return AsOf.end_of(day).moment.isoformat()


def a_meeting(api: Api, projects: list[str], **changed: Any) -> dict[str, Any]:
    return {
        "meeting_id": b.new_id(),
        "jurisdiction": api.home.jurisdiction,
        "kind": "dispatch",
        "held_on": MONDAY.isoformat(),
        "title": "重点项目周调度会",
        "chair_id": str(api.as_("supervisor").officer_id),
        "attendee_ids": [str(api.as_(r).officer_id) for r in ("officer", "handler")],
        "project_ids": projects,
        "minutes": "一、听取项目进展汇报；二、研究解决用地、审批问题。",
    } | changed


def a_task(project_id: str, department: str, due: date, text: str) -> dict[str, Any]:
    return {
        "issue_id": b.new_id(),
        "project_id": project_id,
        "description": text,
        "category": "approvals_permits",
        "department": department,
        "deadline": due.isoformat(),
    }


@pytest.fixture(scope="module")
def held(store_api: Api) -> tuple[Api, Meeting, list[str], list[str]]:
    """A weekly 调度会 this Monday, reviewing two projects, issuing three tasks; the
    first (县住建局's) taken round the loop to its close-out today."""
    api = store_api
    projects = [sent(api, "/projects", b.a_project(api.home))["id"] for _ in range(2)]
    meeting = sent(api, "/meetings", a_meeting(api, projects))
    tasks = [
        a_task(projects[0], DEPARTMENT, DUE[0], "协调办理施工许可"),
        a_task(projects[1], "县发改局", DUE[1], "完成节能审查"),
        a_task(projects[0], "县自然资源局", DUE[2], "落实用地指标"),
    ]
    for task in tasks:
        meeting = sent(api, f"/meetings/{meeting['id']}/tasks", task)
    first = f"/issues/{tasks[0]['issue_id']}"
    sent(api, f"{first}/accept", {}, "handler")
    sent(api, f"{first}/resolution", {"summary": "许可证已核发"}, "handler")
    sent(api, f"{first}/close-out", {"note": "项目单位确认"})
    return api, meeting, projects, [task["issue_id"] for task in tasks]


def test_a_meeting_keeps_its_tasks_in_the_order_issued(held: Any) -> None:
    api, meeting, _, issue_ids = held
    found = api.as_("auditor").get(f"/meetings/{meeting['id']}").get_json()
    assert found["task_ids"] == issue_ids
    assert found["kind"] == "dispatch"
    assert found["version"] == 4  # held, and three tasks issued


def test_a_task_is_a_problem_raised_at_the_meeting_and_assigned(held: Any) -> None:
    api, meeting, projects, issue_ids = held
    task = api.as_("auditor").get(f"/issues/{issue_ids[1]}").get_json()
    assert task["source"] == "meeting"
    assert task["meeting"] == f"重点项目周调度会（{MONDAY.isoformat()}）"
    assert task["meeting_id"] == meeting["id"]  # the link back to the meeting
    assert task["status"] == "assigned"
    assert task["department"] == "县发改局"
    assert task["deadline"] == DUE[1].isoformat()
    assert task["project_id"] == projects[1]


def test_the_meeting_shows_its_tasks_states(held: Any) -> None:
    api, meeting, _, issue_ids = held
    as_of = {"as_of": end_of(TODAY + timedelta(days=8))}
    path = f"/meetings/{meeting['id']}/tasks"
    found = api.as_("auditor").get(path, query_string=as_of).get_json()
    # Closed on time (1), overdue by 3 days (2), open and not yet due (3).
    assert found["figures"] == {
        "tasks": 3,
        "open": 2,
        "overdue": 1,
        "closed": 1,
        "closed_on_time": 1,
    }
    rows = found["items"]
    assert [r["issue_id"] for r in rows] == issue_ids
    assert [r["number"] for r in rows] == [1, 2, 3]
    assert [r["status"] for r in rows] == ["closed", "assigned", "assigned"]
    assert [r["days_overdue"] for r in rows] == [0, 3, 0]
    assert [r["department"] for r in rows] == [DEPARTMENT, "县发改局", "县自然资源局"]
    assert rows[0]["chair_name"] == "测试supervisor"
    assert rows[0]["project_name"] == "秦岭智能装备产业园"


def test_the_task_list_as_of_a_day_before_the_close_out(held: Any) -> None:
    api, meeting, _, _ = held
    query = {"as_of": end_of(TODAY - timedelta(days=1))}
    path = f"/meetings/{meeting['id']}/tasks"
    found = api.as_("auditor").get(path, query_string=query).get_json()
    assert found["items"] == []  # issued today: none yet the day before


def test_the_task_list_exports_names_not_codes(held: Any) -> None:
    api, meeting, _, _ = held
    query = {
        "format": "csv",
        "held_from": MONDAY.isoformat(),
        "held_to": MONDAY.isoformat(),
        "as_of": end_of(TODAY + timedelta(days=8)),
    }
    data = api.as_("auditor").get("/meetings/tasks", query_string=query)
    assert data.status_code == 200
    rows = list(csv.reader(io.StringIO(data.data.decode("utf-8-sig"))))
    header = rows.index(next(r for r in rows if r and r[0] == "序号"))
    table = [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1 :]]
    mine = [r for r in table if r["会议名称"] == meeting["title"]]
    assert len(mine) >= 3
    first, second = mine[-3], mine[-2]
    assert (first["交办事项"], first["责任单位"]) == ("协调办理施工许可", DEPARTMENT)
    assert (first["会议类型"], first["主持人"]) == ("调度会", "测试supervisor")
    assert (first["办理状态"], second["办理状态"]) == ("已销号", "已交办")
    assert (second["是否逾期"], second["逾期天数"]) == ("是", "3")


def test_the_rhythm_shows_the_last_meeting_and_the_next_due(held: Any) -> None:
    api, _, _, _ = held
    sunday_next_week = MONDAY + timedelta(days=13)  # 一周一调度
    for day, overdue in ((sunday_next_week, False), (MONDAY + timedelta(14), True)):
        query = {"as_of": end_of(day)}
        found = api.as_("auditor").get("/meetings/rhythm", query_string=query)
        rows = {r["kind"]: r for r in found.get_json()["items"]}
        assert rows["dispatch"]["last_held"] == MONDAY.isoformat()
        assert rows["dispatch"]["next_due"] == sunday_next_week.isoformat()
        assert rows["dispatch"]["overdue"] is overdue
        assert rows["dispatch"]["days_overdue"] == int(overdue)
        assert rows["topical"]["next_due"] is None  # held when needed


def test_a_kind_never_held_is_due_by_the_end_of_this_period(fresh_api: Api) -> None:
    found = fresh_api.as_("auditor").get("/meetings/rhythm").get_json()["items"]
    report = next(r for r in found if r["kind"] == "report")  # 半月一汇报
    half = date(TODAY.year, TODAY.month, 15)
    if TODAY.day > 15:
        half = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1)
        half -= timedelta(days=1)
    assert report == report | {"last_held": None, "held_this_year": 0}
    assert (report["next_due"], report["overdue"]) == (half.isoformat(), False)


def test_the_history_shows_the_meeting_held_and_its_tasks(held: Any) -> None:
    api, meeting, _, _ = held
    history = api.as_("auditor").get(f"/meetings/{meeting['id']}/history")
    events = [e["event"] for e in history.get_json()["events"]]
    assert events == ["Meeting.Held", *["Meeting.TaskIssued"] * 3]
    before = api.as_("auditor").get(f"/meetings/{meeting['id']}?version=2")
    assert len(before.get_json()["task_ids"]) == 1


def test_the_minutes_are_recorded_again_and_kept_in_history(held: Any) -> None:
    api, _, projects, _ = held
    meeting = sent(api, "/meetings", a_meeting(api, projects[:1], minutes=""))
    path = f"/meetings/{meeting['id']}"
    sent(api, f"{path}/minutes", {"minutes": "会议纪要：责成县住建局限期办结。"})
    assert api.as_("auditor").get(path).get_json()["minutes"].startswith("会议纪要")
    cleared = api.as_("supervisor").post(f"{path}/minutes", {"minutes": ""})
    assert cleared.status_code == 200  # minutes may be emptied
    again = api.as_("supervisor").post(f"{path}/minutes", {"minutes": ""})
    assert again.status_code == 409  # reads so already


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"kind": "weekly"}, 422),  # not a kind held here
        ({"title": ""}, 422),
        ({"held_on": "1999-12-31"}, 422),
        ({"chair_id": b.new_id()}, 404),
        ({"status": "held"}, 422),
        ({"jurisdiction": "610503"}, 403),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_stored(
    held: Any, change: dict[str, Any], status: int
) -> None:
    api, _, projects, _ = held
    before = api.events()
    found = api.as_("supervisor").post("/meetings", a_meeting(api, projects) | change)
    assert (found.status_code, found.content_type) == (
        status,
        "application/problem+json",
    )
    assert api.events() == before


def test_attendees_named_twice_are_refused(held: Any) -> None:
    api, _, projects, _ = held
    twice = [str(api.as_("officer").officer_id)] * 2
    found = api.as_("supervisor").post(
        "/meetings", a_meeting(api, projects, attendee_ids=twice)
    )
    assert found.status_code == 422


def test_another_countys_project_is_not_reviewed(held: Any) -> None:
    api, _, _, _ = held
    before = api.events()
    body = a_meeting(api, [str(api.away.project_id)])
    assert api.as_("supervisor").post("/meetings", body).status_code == 404
    assert api.events() == before


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"department": "县不存在局"}, 422),
        ({"deadline": (TODAY - timedelta(days=1)).isoformat()}, 422),
        ({"project_id": "other"}, 422),  # not reviewed at this meeting
        ({"description": ""}, 422),
    ],
)
def test_a_bad_task_is_refused_and_nothing_stored(
    held: Any, change: dict[str, Any], status: int
) -> None:
    api, meeting, projects, _ = held
    if change.get("project_id") == "other":
        change = {"project_id": str(api.home.project_id)}
    task = a_task(projects[0], DEPARTMENT, DUE[0], "补充材料") | change
    before = api.events()
    found = api.as_("supervisor").post(f"/meetings/{meeting['id']}/tasks", task)
    assert found.status_code == status, found.get_json()
    assert api.events() == before


@pytest.mark.parametrize("who", ["officer", "handler", "auditor", "admin"])
def test_only_supervisors_hold_meetings(held: Any, who: str) -> None:
    api, _, projects, _ = held
    found = api.as_(who).post("/meetings", a_meeting(api, projects))
    assert found.status_code == 403


def test_another_county_sees_no_meeting(held: Any) -> None:
    api, meeting, projects, _ = held
    outsider = api.as_("outsider")
    assert outsider.get(f"/meetings/{meeting['id']}").status_code == 404
    assert outsider.get(f"/meetings/{meeting['id']}/tasks").status_code == 404
    task = a_task(projects[0], DEPARTMENT, DUE[0], "越权交办")
    assert outsider.post(f"/meetings/{meeting['id']}/tasks", task).status_code == 404
    rhythm = outsider.get("/meetings/rhythm").get_json()["items"]
    assert {row["jurisdiction"] for row in rhythm} == {api.away.jurisdiction}


def test_a_phone_holds_a_meeting_and_issues_a_task_in_one_sync(held: Any) -> None:
    api, _, projects, _ = held
    meeting = a_meeting(api, projects[:1], kind="on_site", title="现场办公会")
    task = {"meeting_id": meeting["meeting_id"]} | a_task(
        projects[0], "县营商办", DUE[2], "现场协调施工用电"
    )
    results = b.synced(
        api.as_("supervisor"),
        b.command("HoldMeeting", meeting),
        b.command("IssueTask", task),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert results[1]["also"] == [{"aggregate_id": task["issue_id"], "version": 2}]


def test_the_meetings_view_rebuilds_equal_to_the_live_one(held: Any) -> None:
    api, _, _, _ = held
    api.catch_up()
    views, app = api.services.views, api.services.ledger
    scratch = fresh(views, "meetings", "meetingscheck")
    try:
        assert verify(app, views.meetings, scratch) == []
    finally:
        drop(scratch)


def test_the_command_line_exports_the_task_list(held: Any, tmp_path: Path) -> None:
    api, meeting, _, _ = held
    out = tmp_path / "tasks.csv"
    args = ["export", "tasks", "--format", "csv", "--out", str(out)]
    url = api.services.settings.database_url
    ran = CliRunner().invoke(
        main, [*args, "--jurisdiction", api.home.jurisdiction], env={DATABASE: url}
    )
    assert ran.exit_code == 0, ran.output
    text = out.read_text(encoding="utf-8-sig")
    assert f"{meeting['title']},调度会,{MONDAY.isoformat()},测试supervisor,1," in text


SEED_004 = "dispatch:week:周调度会,rating:month:月评比会,tour:quarter:季观摩会"


def test_a_county_holds_the_kinds_its_settings_name(tmp_path: Path) -> None:
    """Seed 004's 「周调度、月评比、季观摩」: only those kinds, with their rhythm."""
    with running_api(tmp_path, meeting_kinds=SEED_004) as api:
        project = sent(api, "/projects", b.a_project(api.home))["id"]
        refused = api.as_("supervisor").post(
            "/meetings", a_meeting(api, [project], kind="report")
        )
        assert refused.status_code == 422
        held = a_meeting(api, [project], kind="rating", held_on="2026-11-02")
        sent(api, "/meetings", held)
        query = {"as_of": end_of(date(2027, 1, 1))}
        found = api.as_("auditor").get("/meetings/rhythm", query_string=query)
        rows = {r["kind"]: r for r in found.get_json()["items"]}
        assert list(rows) == ["dispatch", "rating", "tour"]
        # Held in November: December's was due by 31 December, a day past.
        assert rows["rating"] == rows["rating"] | {
            "kind_name": "月评比会",
            "last_held": "2026-11-02",
            "next_due": "2026-12-31",
            "overdue": True,
            "days_overdue": 1,
            "held_this_year": 0,  # none yet in 2027
        }


def test_kinds_of_meeting_that_cannot_be_read_stop_the_service_at_start() -> None:
    with pytest.raises(ValueError, match="meeting kind"):
        Settings(database_url="memory://", meeting_kinds="dispatch:fortnight:调度会")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=BEIJING)


def test_a_meeting_and_its_tasks_read_as_of_a_day(store_api: Api) -> None:
    """Held on 1 June, its task issued on 2 June due on 20 June: as of 1 June it
    had none; as of 25 June the task was 5 days overdue."""
    api = store_api
    with stamping(Clock(at(1, 9))):
        project = sent(api, "/projects", b.a_project(api.home))["id"]
        body = a_meeting(api, [project], held_on="2026-06-01")
        meeting = sent(api, "/meetings", body)
    with stamping(Clock(at(2, 10))):
        task = a_task(project, DEPARTMENT, date(2026, 6, 20), "限期完成环评批复")
        sent(api, f"/meetings/{meeting['id']}/tasks", task)
    path, auditor = f"/meetings/{meeting['id']}", api.as_("auditor")
    then = auditor.get(path, query_string={"as_of": at(1, 18).isoformat()})
    assert (then.get_json()["task_ids"], then.headers["ETag"]) == ([], '"1"')
    first = auditor.get(
        f"{path}/tasks", query_string={"as_of": end_of(date(2026, 6, 1))}
    )
    assert first.get_json()["items"] == []
    late = auditor.get(
        f"{path}/tasks", query_string={"as_of": end_of(date(2026, 6, 25))}
    )
    (row,) = late.get_json()["items"]
    assert (row["overdue"], row["days_overdue"], row["due_on"]) == (
        True,
        5,
        "2026-06-20",
    )


def test_meetings_are_listed_with_their_title_and_day(held: Any) -> None:
    api, meeting, _, _ = held
    api.catch_up()
    found = api.as_("auditor").get("/meetings", query_string={"limit": 200})
    labels = {row["id"]: row["label"] for row in found.get_json()["items"]}
    assert labels[meeting["id"]] == f"重点项目周调度会 ({MONDAY.isoformat()})"
    outside = api.as_("outsider").get("/meetings", query_string={"limit": 200})
    assert meeting["id"] not in {row["id"] for row in outside.get_json()["items"]}
