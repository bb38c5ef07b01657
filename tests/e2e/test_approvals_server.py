"""An approval package over real HTTP: an agent's offline steps through /sync, a
容缺 acceptance by the department, a permit's history with who, device and both
clocks; the command line's export and `views verify` on the same store."""

from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.e2e.client import Api, add_user, session
from tests.e2e.conftest import COUNTY, LAND_BUREAU, Site, Staff, project
from tests.e2e.server import cli

BEIJING = timezone(timedelta(hours=8))
PERMITS = [
    {"permit_id": "land", "name": "建设用地规划许可", "department": LAND_BUREAU,
     "statutory_days": 20, "stage": "用地"},
    {"permit_id": "build", "name": "建筑工程施工许可", "department": "县住建局",
     "statutory_days": 15, "stage": "施工"},
]  # fmt: skip


@pytest.fixture(scope="module")
def agent(e2e_env: dict[str, str], base_url: str) -> Api:
    officer_id = add_user(e2e_env, "sun-agent", COUNTY, "agent")
    return session(base_url, "sun-agent", officer_id)


@pytest.fixture(scope="module")
def package(staff: Staff, site: Site, agent: Api) -> UUID:
    """A new project's package of two permits, the agent its chief agent."""
    project_id, template_id, package_id = uuid4(), uuid4(), uuid4()
    body = project(project_id, site.enterprise_id) | {"code": "XM-2026-016"}
    staff.admin.ok("/projects", body, 201)
    template = {"template_id": str(template_id), "name": "工业项目审批套餐"}
    template |= {"project_kind": "industrial", "jurisdiction": COUNTY}
    staff.admin.ok("/package-templates", template, 201)
    staff.admin.ok(f"/package-templates/{template_id}/versions", {"permits": PERMITS})
    made = {"package_id": str(package_id), "project_id": str(project_id)}
    staff.supervisor.ok("/packages", made | {"template_id": str(template_id)}, 201)
    chief = {"chief_agent_id": str(agent.officer_id)}
    staff.supervisor.ok(f"/packages/{package_id}/agents", chief)
    return package_id


def offline(package_id: UUID, agent_id: UUID, made: datetime) -> list[dict[str, Any]]:
    """Prepared and submitted on the phone, with a matter, before it synced."""
    on, package = made.date().isoformat(), {"package_id": str(package_id)}
    land = package | {"permit_id": "land", "on": on}
    matter = {"matter_id": str(uuid4()), "agent_id": str(agent_id), "opened_on": on}
    matter |= {"what": "代办用地规划许可申报", "for_whom": "陕西秦川建材有限公司"}
    steps = [("PreparePermit", land), ("SubmitPermit", land)]
    steps.append(("OpenMatter", package | matter | {"permit_id": "land"}))
    return [
        {
            "command_id": str(uuid4()),
            "type": kind,
            "device_time": (made + timedelta(minutes=n)).isoformat(),
            "args": args,
        }
        for n, (kind, args) in enumerate(steps)
    ]


@pytest.fixture(scope="module")
def synced(agent: Api, package: UUID) -> list[dict[str, Any]]:
    made = datetime.now(BEIJING) - timedelta(hours=3)
    batch = {
        "device_id": "phone-sun-01",
        "commands": offline(package, agent.officer_id, made),
    }
    results: list[dict[str, Any]] = agent.ok("/sync", batch)["results"]
    return results


@pytest.fixture(scope="module")
def accepted(staff: Staff, package: UUID, synced: list[dict[str, Any]]) -> None:
    """The land bureau accepts with a document missing (容缺受理), on Beijing's day
    (the steps before it were taken on Beijing's day too)."""
    today = datetime.now(BEIJING).date()
    body = {"permit_id": "land", "on": today.isoformat(), "missing": ["宗地图"]}
    body |= {"supply_by": (today + timedelta(days=5)).isoformat()}
    staff.handler.ok(f"/packages/{package}/acceptance", body)


def test_the_agent_s_offline_steps_are_applied(synced: list[dict[str, Any]]) -> None:
    assert [r["status"] for r in synced] == ["applied"] * 3


def test_the_permit_s_history_shows_who_which_device_and_both_clocks(
    staff: Staff, agent: Api, package: UUID, synced: Any, accepted: None
) -> None:
    events = staff.auditor.read(f"/packages/{package}/permits/land/history")["events"]
    assert [e["event"] for e in events] == [
        "ApprovalPackage.Prepared",
        "ApprovalPackage.Submitted",
        "ApprovalPackage.Accepted",
    ]
    prepared, _, acceptance = events
    assert (prepared["actor_id"], prepared["device_id"]) == (
        str(agent.officer_id),
        "phone-sun-01",
    )
    # Made three hours before it reached the server: two clocks, both kept.
    device = datetime.fromisoformat(prepared["device_time"])
    server = datetime.fromisoformat(prepared["recorded_at"])
    assert timedelta(hours=2) < server - device < timedelta(hours=4)
    assert acceptance["actor_id"] == str(staff.handler.officer_id)
    assert acceptance["data"]["missing"] == ["宗地图"]


def test_the_package_reaches_the_agent_s_phone(
    agent: Api, package: UUID, synced: Any
) -> None:
    changes = agent.read("/sync/changes", limit=500)["changes"]
    assert str(package) in {c["aggregate_id"] for c in changes}


def test_the_evaluation_exports_from_the_command_line(
    e2e_env: dict[str, str], tmp_path: Any, synced: Any, accepted: None
) -> None:
    out = tmp_path / "evaluation.csv"
    args = ["export", "approval-evaluation", "--format", "csv", "--out", str(out)]
    cli(e2e_env, *args)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    (mine,) = [line for line in lines if "sun-agent" in line]
    # As an agent: one project, one matter opened, none closed, one open; both
    # permits theirs as the chief agent (no agent is put on either), none granted.
    assert mine.startswith("sun-agent,代办员,1,1,0,1,2,0,0,")


def test_views_rebuilt_from_the_log_verify_equal(
    e2e_env: dict[str, str], synced: Any, accepted: None
) -> None:
    printed = cli(e2e_env, "views", "verify")  # exits 1 if any differs
    assert "approvals: equal" in printed.splitlines()
