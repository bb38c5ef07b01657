"""A package of five permits run through to granted over HTTP (one 容缺
acceptance supplied late, one return): the approvals tests' common history."""

from typing import Any
from uuid import uuid4

from domain.commands.officer import RegisterOfficer
from domain.commands.project import AssignSteward, RegisterProject
from domain.model.officer import Role
from tests.api import bodies as b
from tests.api.approval_bodies import PERMITS, given_template
from tests.api.conftest import DEPARTMENT, Api, Caller
from tests.factories import meta

Body = dict[str, Any]


def handler_of(api: Api, department: str) -> Caller:
    """A handler of a department of the home county (the tests' own is 县住建局)."""
    if department == DEPARTMENT:
        return api.as_("handler")
    officer_id, username = uuid4(), f"handler.{uuid4().hex[:12]}"
    api.services.ledger.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username=username,
            name="审批科",
            jurisdiction=api.home.jurisdiction,
            roles=(Role.HANDLER,),
            department=department,
        ),
        meta(),
    )
    token, _ = api.services.tokens.issue(officer_id, username)
    return Caller(api.as_("agent").client, token, officer_id)


# (permit, step path, body, sent by): the agent prepares and submits, the
# department decides. Dates and counts are worked by hand below.
def steps() -> list[tuple[str, str, Body, str]]:
    return [
        ("filing", "preparation", {"on": "2026-04-24"}, "agent"),
        ("filing", "submission", {"on": "2026-04-27"}, "agent"),
        ("filing", "acceptance", {"on": "2026-04-27"}, "dept"),
        ("filing", "grant", {"on": "2026-04-29", "reference": "2026-610502-01"}, "dept"),
        ("land", "preparation", {"on": "2026-04-29"}, "agent"),
        ("land", "submission", {"on": "2026-04-30"}, "agent"),
        ("land", "acceptance", {"on": "2026-04-30"}, "dept"),
        ("land", "grant", {"on": "2026-05-13"}, "dept"),
        ("eia", "preparation", {"on": "2026-05-06"}, "agent"),
        ("eia", "submission", {"on": "2026-05-06"}, "agent"),
        (
            "eia",
            "acceptance",
            {"on": "2026-05-07", "missing": ["公众参与说明"], "supply_by": "2026-05-12"},
            "dept",
        ),
        ("eia", "documents", {"on": "2026-05-15"}, "agent"),
        ("eia", "grant", {"on": "2026-05-22"}, "dept"),
        ("works", "preparation", {"on": "2026-05-08"}, "agent"),
        ("works", "submission", {"on": "2026-05-11"}, "agent"),
        ("works", "return", {"on": "2026-05-13", "reason": "缺少总平面图"}, "dept"),
        ("works", "submission", {"on": "2026-05-18"}, "agent"),
        ("works", "acceptance", {"on": "2026-05-19"}, "dept"),
        ("works", "grant", {"on": "2026-06-05"}, "dept"),
        ("build", "preparation", {"on": "2026-09-21"}, "agent"),
        ("build", "submission", {"on": "2026-09-28"}, "agent"),
        ("build", "acceptance", {"on": "2026-09-28"}, "dept"),
        ("build", "grant", {"on": "2026-10-12"}, "dept"),
    ]  # fmt: skip


COMMITTED = {"filing": 3, "land": 10, "eia": 12, "works": 10, "build": 7}


def steward(api: Api) -> dict[str, str]:
    """The home county's officer, the project's steward (项目管家)."""
    return {"officer_id": str(api.as_("officer").officer_id)}


def an_agent(api: Api) -> str:
    """Another agent of the home county."""
    officer_id = uuid4()
    api.services.ledger.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username=f"agent.{uuid4().hex[:12]}",
            name="代办员乙",
            jurisdiction=api.home.jurisdiction,
            roles=(Role.AGENT,),
            department=None,
        ),
        meta(),
    )
    return str(officer_id)


def grant_all(api: Api, others: tuple[str, ...] = (), **on: str) -> str:
    """The package's project registered in April (the board of June shows it), to
    break ground in September (no other warning then). Its chief agent is the home
    county's; `others` are its other agents, `on` puts them on permits."""
    supervisor = api.as_("supervisor")
    project = b.a_project(api.home) | {"planned_start": "2026-09-01"}
    body = {
        "package_id": b.new_id(),
        "project_id": b.given(
            api,
            (RegisterProject, project),
            (AssignSteward, {"project_id": project["project_id"], **steward(api)}),
        ),
        "template_id": given_template(api, api.home, PERMITS),
    }
    assert supervisor.post("/packages", body).status_code == 201
    package = f"/packages/{body['package_id']}"
    agents = {"chief_agent_id": str(api.as_("agent").officer_id), "agent_ids": others}
    assert supervisor.post(f"{package}/agents", agents).status_code == 200
    for permit_id, agent_id in on.items():
        put = {"permit_id": permit_id, "agent_id": agent_id}
        assert api.as_("agent").post(f"{package}/permit-agent", put).status_code == 200
    departments = {p["permit_id"]: handler_of(api, p["department"]) for p in PERMITS}
    for permit_id, days in COMMITTED.items():
        limit = {"permit_id": permit_id, "committed_days": days}
        answer = departments[permit_id].post(f"{package}/committed-limit", limit)
        assert answer.status_code == 200, answer.get_json()
    for permit_id, path, step, who in steps():
        caller = api.as_("agent") if who == "agent" else departments[permit_id]
        answer = caller.post(f"{package}/{path}", {"permit_id": permit_id, **step})
        assert answer.status_code == 200, (permit_id, path, answer.get_json())
    return str(body["package_id"])
