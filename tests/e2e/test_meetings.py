"""Over a real server: a 调度会 held, its task (任务交办单) handled by the department
round the loop to its close-out, the meeting's tasks and the task list read back."""

import io
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import openpyxl

from tests.e2e.conftest import COUNTY, LAND_BUREAU, Site, Staff


def test_a_meetings_task_runs_the_loop_and_reads_back(staff: Staff, site: Site) -> None:
    today = datetime.now(UTC).date()
    meeting_id, task_id = str(uuid4()), str(uuid4())
    staff.supervisor.ok(
        "/meetings",
        {
            "meeting_id": meeting_id,
            "jurisdiction": COUNTY,
            "kind": "dispatch",
            "held_on": today.isoformat(),
            "title": "项目建设周调度会",
            "chair_id": str(staff.supervisor.officer_id),
            "project_ids": [str(site.project_id)],
        },
        201,
    )
    due = (today + timedelta(days=20)).isoformat()
    task = {"issue_id": task_id, "project_id": str(site.project_id)}
    task |= {"description": "落实项目用地指标", "department": LAND_BUREAU}
    staff.supervisor.ok(f"/meetings/{meeting_id}/tasks", task | {"deadline": due})
    staff.handler.ok(f"/issues/{task_id}/accept", {})
    staff.handler.ok(f"/issues/{task_id}/resolution", {"summary": "指标已下达"})
    staff.supervisor.ok(f"/issues/{task_id}/close-out", {"note": "核实销号"})
    tasks = staff.auditor.read(f"/meetings/{meeting_id}/tasks")
    assert tasks["figures"] == tasks["figures"] | {"tasks": 1, "closed_on_time": 1}
    (row,) = tasks["items"]
    assert (row["status"], row["department"], row["due_on"]) == (
        "closed",
        LAND_BUREAU,
        due,
    )
    book = staff.auditor.get("/meetings/tasks", format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).worksheets[0]
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
    assert {"项目建设周调度会", "落实项目用地指标", LAND_BUREAU, "已销号"} <= set(cells)
