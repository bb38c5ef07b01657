"""Writes do not wait for the views, and no follower runs beside this server: every
read still answers at or after the caller's last write (read-your-writes)."""

from datetime import UTC, date, datetime
from uuid import uuid4

from tests.e2e.conftest import Site, Staff


def test_a_problem_synced_is_in_the_ledger_the_feed_and_the_list_read_next(
    staff: Staff, site: Site
) -> None:
    officer, supervisor = staff.officer, staff.supervisor
    feed = supervisor.read("/sync/changes", limit=1000)
    while feed["changes"]:
        feed = supervisor.read("/sync/changes", cursor=feed["next_cursor"], limit=1000)
    issue_id = uuid4()
    raise_ = {
        "command_id": str(uuid4()),
        "type": "RaiseIssue",
        "device_time": datetime.now(UTC).isoformat(),
        "args": {
            "issue_id": str(issue_id),
            "source": "self_report",
            "category": "power_utilities",
            "severity": "medium",
            "description": "临时用电增容申请未批复",
            "project_id": str(site.project_id),
        },
    }
    answer = officer.ok("/sync", {"device_id": "phone-ryw", "commands": [raise_]})
    (result,) = answer["results"]
    assert result["status"] == "applied", result
    assert answer["position"] > 0

    rows = supervisor.read("/ledgers/issues", limit=200)["items"]
    assert str(issue_id) in {row["id"] for row in rows}
    listed = supervisor.read("/issues", limit=200)["items"]
    assert str(issue_id) in {item["id"] for item in listed}
    changes = supervisor.read("/sync/changes", cursor=feed["next_cursor"])["changes"]
    assert [c["aggregate_id"] for c in changes] == [str(issue_id)]
    assert changes[0]["position"] <= answer["position"]


def test_a_direct_write_answers_its_place_in_the_log(staff: Staff, site: Site) -> None:
    visit_id = uuid4()
    plan = {
        "visit_id": str(visit_id),
        "officer_ids": [str(staff.officer.officer_id)],
        "kind": "service",
        "planned_for": date.today().isoformat(),
        "project_id": str(site.project_id),
    }
    response = staff.officer.post("/visits", plan)
    assert response.status_code == 201, response.text
    position = int(response.headers["Siteledger-Position"])
    rows = staff.supervisor.read("/ledgers/visits", limit=200)["items"]
    assert str(visit_id) in {row["id"] for row in rows}
    changes = staff.supervisor.read("/sync/changes", limit=1000)["changes"]
    assert max(c["position"] for c in changes) >= position
