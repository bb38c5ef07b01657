"""Over a real server: a place registered by name shows in the board's export; a
node plan sent in an offline batch, revised with a reason, and its lateness read
back; statistics and the month's preview on the board; a project entered in the
pre-landing pool from an offline batch, signed, and counted in 四个一批."""

import csv
import io
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from projections.dates import LOCAL
from tests.e2e.conftest import COUNTY, Site, Staff, project


def test_a_place_plan_and_revision_read_back_over_http(
    staff: Staff, site: Site
) -> None:
    place = {"code": COUNTY, "level": "county", "name": "临渭区", "name_en": "Linwei"}
    staff.admin.ok("/places", place, 201)
    plan = {
        "command_id": str(uuid4()),
        "type": "PlanNodes",
        "device_time": datetime.now(UTC).isoformat(),
        "args": {
            "project_id": str(site.project_id),
            "nodes": [{"node": "permits", "on": "2026-05-01"}],
        },
    }
    answer = staff.supervisor.ok("/sync", {"device_id": "pad-1", "commands": [plan]})
    assert answer["results"][0]["status"] == "applied", answer
    revision = {"nodes": [{"node": "permits", "on": "2026-06-01"}], "reason": "延期"}
    staff.supervisor.ok(f"/projects/{site.project_id}/node-plan/revision", revision)
    nodes = staff.auditor.read(
        f"/projects/{site.project_id}/nodes", as_of="2026-06-11T12:00:00+08:00"
    )
    (permits,) = nodes["nodes"]
    assert (permits["planned_on"], permits["original_on"], permits["days_late"]) == (
        "2026-06-01",
        "2026-05-01",
        10,
    )
    response = staff.supervisor.get("/board/projects", format="csv", lang="en")
    head, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[head.index("Project")] == "年产5万吨新型建材项目")
    assert row[head.index("Jurisdiction name")] == "Linwei"
    assert "permits" in row[head.index("Nodes late")]
    board = staff.supervisor.read("/board/projects", limit=200)["items"]
    shown = next(r for r in board if r["id"] == str(site.project_id))
    assert shown["assessment_preview"]["preview"] is True
    stats = staff.auditor.read("/board/statistics", group_by="county")["groups"]
    assert [g["group"] for g in stats] == [COUNTY]


def test_a_project_pooled_offline_then_signed_counts_in_the_four_batches(
    staff: Staff, site: Site
) -> None:
    project_id = uuid4()
    body = project(project_id, site.enterprise_id) | {"code": "POOL-E2E"}
    staff.admin.ok("/projects", body | {"total_investment": "8000"}, 201)
    yesterday = datetime.now(LOCAL).date() - timedelta(days=1)
    enter = {
        "command_id": str(uuid4()),
        "type": "EnterPool",
        "device_time": datetime.now(UTC).isoformat(),
        "args": {"project_id": str(project_id), "on": yesterday.isoformat()},
    }
    answer = staff.supervisor.ok("/sync", {"device_id": "pad-2", "commands": [enter]})
    assert answer["results"][0]["status"] == "applied", answer
    pool = staff.auditor.read("/board/statistics/pool")
    (mine,) = [row for row in pool["items"] if row["id"] == str(project_id)]
    assert (mine["status"], mine["pooled_on"]) == ("pooled", yesterday.isoformat())
    signed = {"milestone": "signed", "on": datetime.now(LOCAL).date().isoformat()}
    staff.supervisor.ok(f"/projects/{project_id}/milestones", signed)
    late = {"on": yesterday.isoformat()}
    refused = staff.supervisor.post(f"/projects/{project_id}/pool", late)
    assert refused.status_code == 409  # in the pool already
    year = staff.auditor.read(
        "/board/statistics/batches", period="year", year=yesterday.year
    )
    (row,) = year["groups"]
    assert (row["group"], row["planned"], row["planned_investment"]) == (
        COUNTY,
        1,
        "8000",
    )
    today = staff.auditor.read("/board/statistics/pool")
    (now,) = [row for row in today["items"] if row["id"] == str(project_id)]
    assert now["status"] == "signed"
