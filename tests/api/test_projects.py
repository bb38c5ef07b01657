"""Key projects over HTTP: registration, each action's effect, the rules, the list."""

from collections.abc import Callable
from uuid import uuid4

import pytest

from domain.commands import project
from domain.commands.base import Command
from projections import FIELDS
from tests.api import bodies as b
from tests.api.conftest import Api
from tests.api.scenarios import SCENARIOS

PROBLEM = "application/problem+json"


def test_a_registered_project_is_answered_with_its_facts(api: Api) -> None:
    body = b.a_project(api.home)
    response = api.as_("supervisor").post("/projects", body)
    assert (response.status_code, response.headers["ETag"]) == (201, '"1"')
    registered = response.get_json()
    assert {k: registered[k] for k in body if k != "project_id"} == {
        k: v for k, v in body.items() if k != "project_id"
    }
    assert (registered["id"], registered["type"], registered["version"]) == (
        body["project_id"],
        "project",
        1,
    )
    assert (registered["stage"], registered["suspended"], registered["stewards"]) == (
        "planning",
        False,
        [],
    )


def officer_of(api: Api) -> str:
    return str(api.home.officer_id)


# What each action changes, as the answer shows it.
EFFECTS: dict[type[Command], Callable[[Api], b.Body]] = {
    project.AssignSteward: lambda api: {"stewards": [officer_of(api)]},
    project.UnassignSteward: lambda api: {"stewards": []},
    project.AssignLeader: lambda api: {"leader": officer_of(api)},
    project.UnassignLeader: lambda api: {"leader": None},
    project.AdvanceStage: lambda api: {"stage": "pre_construction"},
    project.CorrectStage: lambda api: {"stage": "operating"},
    project.RecordMilestone: lambda api: {"milestones": {"signed": "2026-02-20"}},
    project.ReportInvestment: lambda api: {
        "investment": {"2026-04": "1200.50"},
        "completed_investment": "1200.50",
    },
    project.CorrectInvestment: lambda api: {
        "investment": {"2026-04": "90"},
        "completed_investment": "90",
    },
    project.SetAnnualPlan: lambda api: {
        "annual_plans": {"2026": "18000", "2027": "20000"}
    },
    project.SuspendProject: lambda api: {"suspended": True},
    project.ResumeProject: lambda api: {"suspended": False},
    project.MoveProject: lambda api: {"jurisdiction": "610502001"},
    project.PlanNodes: lambda api: {
        "node_plan": {"permits": "2026-05-01", "groundbreaking": "2026-06-01"},
        "original_plan": {"permits": "2026-05-01", "groundbreaking": "2026-06-01"},
        "plan_revisions": 0,
    },
    project.RecordStatisticsEntry: lambda api: {"statistics_on": "2026-06-30"},
    project.RevisePlan: lambda api: {
        "node_plan": {"permits": "2026-05-01", "groundbreaking": "2026-07-01"},
        "plan_revisions": 1,
    },
}


@pytest.mark.parametrize("command", EFFECTS, ids=lambda c: c.__name__)
def test_each_action_changes_the_project_as_it_says(
    api: Api, command: type[Command]
) -> None:
    sent = SCENARIOS[command](api, api.home)
    before = api.as_("auditor").get(f"/projects/{sent.target}").get_json()
    response = api.as_("supervisor" if command is not project.MoveProject else "admin")
    answered = response.post(sent.path, sent.body).get_json()
    changes = EFFECTS[command](api)
    assert {k: answered[k] for k in changes} == changes
    unchanged = set(before) - set(changes) - {"version", "modified_on"}
    assert {k: answered[k] for k in unchanged} == {k: before[k] for k in unchanged}
    assert answered["version"] == before["version"] + 1


def test_every_project_action_is_covered_here() -> None:
    actions = {c for c in SCENARIOS if c.__module__ == project.__name__}
    assert set(EFFECTS) == actions - {project.RegisterProject}


BROKEN = {
    "advancing to an earlier stage": (
        [(project.AdvanceStage, {"stage": "under_construction"})],
        "stage",
        {"stage": "planning"},
        "planning is not past under_construction: correct it instead",
    ),
    "reporting less than reported": (
        [(project.ReportInvestment, {"month": "2026-04", "cumulative": "500"})],
        "investment",
        {"month": "2026-05", "cumulative": "400"},
        "400 is below the 500 reported for 2026-04: correct it instead",
    ),
    "suspending a suspended project": (
        [(project.SuspendProject, {"reason": b.REASON})],
        "suspension",
        {"reason": b.REASON},
        "cannot suspend a suspended project; resume it first",
    ),
    "resuming a running project": (
        [],
        "resumption",
        {},
        "the project is not suspended",
    ),
}


@pytest.mark.parametrize(
    ("given", "path", "body", "detail"), BROKEN.values(), ids=BROKEN
)
def test_an_action_the_projects_state_forbids_is_409_saying_why(
    api: Api, given: list[b.Step], path: str, body: b.Body, detail: str
) -> None:
    target = b.given_project(api, api.home, *given)
    before = api.events()
    response = api.as_("supervisor").post(f"/projects/{target}/{path}", body)
    assert (response.status_code, response.mimetype) == (409, PROBLEM)
    assert response.get_json()["detail"] == detail
    assert api.events() == before


@pytest.fixture(scope="module")
def pair(api: Api) -> tuple[b.Body, b.Body]:
    """Two projects that differ in every field their list filters on."""
    supervisor = api.as_("supervisor")
    owner = b.an_enterprise(api.home)
    assert api.as_("officer").post("/enterprises", owner).status_code == 201
    wanted = b.a_project(api.home) | {
        "code": f"XM-{uuid4().hex[:8]}",
        "level": "municipal",
        "sector": "新能源",
        "owner_enterprise_id": owner["enterprise_id"],
        "name": "光伏储能一体化项目",
    }
    other = b.a_project(api.home)
    for body in (wanted, other):
        assert supervisor.post("/projects", body).status_code == 201
    path = f"/projects/{wanted['project_id']}/stage"
    assert supervisor.post(path, {"stage": "under_construction"}).status_code == 200
    return wanted, other


FILTERS: dict[str, Callable[[b.Body], str]] = {
    "code": lambda wanted: wanted["code"],
    "level": lambda wanted: "municipal",
    "sector": lambda wanted: "新能源",
    "owner_enterprise_id": lambda wanted: wanted["owner_enterprise_id"],
    "stage": lambda wanted: "under_construction",
    "status": lambda wanted: "under_construction",
    "q": lambda wanted: "储能",
}


def test_every_filter_of_the_project_list_is_tried() -> None:
    assert set(FILTERS) == {f.name for f in FIELDS["project"]} | {"status", "q"}


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_narrows_the_project_list(
    api: Api, pair: tuple[b.Body, b.Body], name: str
) -> None:
    wanted, other = pair
    value = FILTERS[name](wanted)
    listed = {
        r["id"] for r in b.every_row(api.as_("auditor"), "/projects", **{name: value})
    }
    assert wanted["project_id"] in listed
    assert other["project_id"] not in listed
