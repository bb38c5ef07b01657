"""Over a real server: a place registered by name shows in the board's export; a
node plan sent in an offline batch, revised with a reason, and its lateness read
back; statistics and the month's preview on the board."""

import csv
import io
from datetime import UTC, datetime
from uuid import uuid4

from tests.e2e.conftest import COUNTY, Site, Staff


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
