"""Approval packages as clients send them, and packages set up in given states
through the service layer."""

from typing import Any
from uuid import uuid4

from domain.commands import approval as c
from domain.commands import officer
from tests.api.bodies import Body, Step, given, given_project, new_id
from tests.api.conftest import DEPARTMENT, Api, Place

# A county's package for an industrial project: five permits, one per department
# (the handlers of the tests' home county are 县住建局's).
PERMITS: list[Body] = [
    {"permit_id": "filing", "name": "企业投资项目备案", "department": "县发改局",
     "statutory_days": 5, "stage": "立项"},
    {"permit_id": "land", "name": "建设用地规划许可", "department": "县自然资源局",
     "statutory_days": 20, "stage": "用地"},
    {"permit_id": "eia", "name": "环境影响报告表审批", "department": "县环保局",
     "statutory_days": 20, "stage": "环评"},
    {"permit_id": "works", "name": "建设工程规划许可", "department": "县自然资源局",
     "statutory_days": 20, "stage": "规划"},
    {"permit_id": "build", "name": "建筑工程施工许可", "department": DEPARTMENT,
     "statutory_days": 15, "stage": "施工"},
]  # fmt: skip
# Every permit of the home handlers' department, for the role matrix.
OWN = [p | {"department": DEPARTMENT} for p in PERMITS]


def a_template(place: Place) -> Body:
    return {
        "template_id": new_id(),
        "name": "工业项目审批套餐",
        "project_kind": "industrial",
        "jurisdiction": place.jurisdiction,
    }


def given_template(api: Api, place: Place, permits: list[Body] = OWN) -> str:
    body = a_template(place)
    return given(
        api,
        (c.CreatePackageTemplate, body),
        (
            c.PublishPackageVersion,
            {"template_id": body["template_id"], "permits": permits},
        ),
    )


def a_package(api: Api, place: Place, permits: list[Body] = OWN) -> Body:
    """The body of a new package for a new project, on a new template."""
    return {
        "package_id": new_id(),
        "project_id": given_project(api, place),
        "template_id": given_template(api, place, permits),
    }


def agent_of(api: Api, place: Place) -> str:
    """The home county's agent; elsewhere, a new agent of the place."""
    if place.jurisdiction == api.home.jurisdiction:
        return str(api.as_("agent").officer_id)
    body = {
        "officer_id": new_id(),
        "username": f"agent.{uuid4().hex[:12]}",
        "name": "代办员",
        "jurisdiction": place.jurisdiction,
        "roles": ["agent"],
        "department": None,
    }
    return given(api, (officer.RegisterOfficer, body))


def given_package(
    api: Api, place: Place, *then: Step, agents: bool = True, agent: str = ""
) -> str:
    """A package whose chief agent is `agent` (the place's, see `agent_of`) when
    `agents`, then the steps given (their `package_id` filled in)."""
    body = a_package(api, place)
    package_id = body["package_id"]
    chief = {"chief_agent_id": agent or agent_of(api, place)}
    steps: list[tuple[Any, Body]] = [(c.AssignAgents, chief)] if agents else []
    steps += list(then)
    return given(
        api,
        (c.CreatePackage, body),
        *((command, {"package_id": package_id, **args}) for command, args in steps),
    )


PERMIT = "build"
PREPARED = (c.PreparePermit, {"permit_id": PERMIT, "on": "2026-03-02"})
SUBMITTED = (c.SubmitPermit, {"permit_id": PERMIT, "on": "2026-03-03"})
ACCEPTED = (c.AcceptPermit, {"permit_id": PERMIT, "on": "2026-03-04"})
ACCEPTED_SHORT = (
    c.AcceptPermit,
    {
        "permit_id": PERMIT,
        "on": "2026-03-04",
        "missing": ["施工图审查合格书"],
        "supply_by": "2026-03-11",
    },
)
