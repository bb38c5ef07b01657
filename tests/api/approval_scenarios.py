"""Every approval command, ready to send: its package set up in a state where it
succeeds, for whichever role the matrix allows (the home agent is its chief agent,
its permits are the home handlers' department's)."""

from dataclasses import dataclass
from typing import Any

from domain.commands import approval as c
from domain.commands.base import Command
from tests.api import approval_bodies as ab
from tests.api.bodies import Body, new_id
from tests.api.conftest import Api, Place
from tests.api.scenarios import Creating, Scenario, Sent, act

M = "matter_id"
MATTER = {
    "what": "代办施工许可申报材料",
    "for_whom": "秦岭机械",
    "opened_on": "2026-03-02",
}


@dataclass(frozen=True)
class CreatingPackage(Creating):
    """A package needs a project and a template, set up first."""

    def __call__(self, api: Api, place: Place) -> Sent:
        body = ab.a_package(api, place)
        return Sent(self.command, "/packages", body, "package_id", creates=True)


def package(*then: tuple[type[Command], Body], agents: bool = True) -> Any:
    return lambda api, place: (ab.given_package(api, place, *then, agents=agents), {})


def a_template(api: Api, place: Place) -> tuple[str, Body]:
    return ab.given_template(api, place), {}


def agents_to_assign(api: Api, place: Place) -> tuple[str, Body]:
    agent = ab.agent_of(api, place)
    return ab.given_package(api, place, agents=False), {"chief_agent_id": agent}


def with_agent(api: Api, place: Place) -> tuple[str, Body]:
    agent = ab.agent_of(api, place)
    return ab.given_package(api, place, agent=agent), {"agent_id": agent}


def a_new_matter(api: Api, place: Place) -> tuple[str, Body]:
    agent = ab.agent_of(api, place)
    return ab.given_package(api, place, agent=agent), {M: new_id(), "agent_id": agent}


def an_open_matter(api: Api, place: Place) -> tuple[str, Body]:
    agent = ab.agent_of(api, place)
    matter = {M: new_id(), "agent_id": agent, **MATTER}
    opened = ab.given_package(api, place, (c.OpenMatter, matter), agent=agent)
    return opened, {M: matter[M]}


P = {"permit_id": ab.PERMIT}
ON = "2026-03-20"
SCENARIOS: dict[type[Command], Scenario] = {
    scenario.command: scenario
    for scenario in (
        Creating(c.CreatePackageTemplate, ab.a_template),
        act(c.PublishPackageVersion, a_template, "versions", permits=ab.PERMITS),
        act(c.RetirePackageTemplate, a_template, "retirement", reason="更新"),
        CreatingPackage(c.CreatePackage, lambda place: {}),
        act(c.AssignAgents, agents_to_assign, "agents"),
        act(c.AssignPermitAgent, with_agent, "permit-agent", **P),
        act(c.CommitLimit, package(), "committed-limit", **P, committed_days=8),
        act(c.PreparePermit, package(), "preparation", **P, on=ON),
        act(c.SubmitPermit, package(ab.PREPARED), "submission", **P, on=ON),
        act(
            c.AcceptPermit,
            package(ab.PREPARED, ab.SUBMITTED),
            "acceptance",
            **P,
            on=ON,
        ),
        act(
            c.SupplyDocuments,
            package(ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED_SHORT),
            "documents",
            **P,
            on=ON,
        ),
        act(
            c.GrantPermit,
            package(ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED),
            "grant",
            **P,
            on=ON,
        ),
        act(
            c.ReturnPermit,
            package(ab.PREPARED, ab.SUBMITTED),
            "return",
            **P,
            on=ON,
            reason="材料不全",
        ),
        act(c.OpenMatter, a_new_matter, "matters", **MATTER),
        act(c.CloseMatter, an_open_matter, "matter-closure", on=ON, result="已办结"),
    )
}
