"""A simulated county's approval packages: a package for most projects, its
permits prepared, submitted, accepted (some 容缺) and granted day by day, each
with its agent's matter, as the demo county's (`api.demo.approvals`) but in time."""

import random
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from api.demo import data
from api.demo.approvals import MATTERS, MISSING, PERMITS
from api.demo.plan import Timed
from domain.app import Submission
from domain.commands import approval as c
from domain.commands.base import Command
from domain.commands.officer import RegisterOfficer
from domain.model.officer import Role
from domain.model.package_template import PermitSpec
from domain.values import Meta

if TYPE_CHECKING:
    from api.demo.county import County
    from api.demo.county_places import Place

AGENTS = ("agent1", "agent2", "agent3")
PACKAGED_SHARE = 0.6  # of projects
RONGQUE_SHARE = 0.2


class Approvals:
    """Drawn from a random stream of its own, so the rest of the county's year is
    the same with or without it."""

    def __init__(self, county: "County") -> None:
        self.county = county
        self.rng = random.Random(f"{county.seed}:approvals")
        self.template = self.new_id()

    def new_id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def send(self, actor: str, *commands: Command) -> None:
        """As `County.send`, with command ids of this stream."""

        county = self.county
        for command in commands:
            county.seq += 1
            meta = Meta(
                county.officers[actor], self.new_id(), f"{actor}-phone", county.now
            )
            submission = Submission(command, meta)
            county.sent.append(Timed(county.now, county.code, county.seq, submission))

    def setup(self) -> None:
        """Agents and the template; each package on a day of the first months."""
        county = self.county
        for name in AGENTS:
            county.officers[name] = self.new_id()
            self.send(
                "admin",
                RegisterOfficer(
                    officer_id=county.officers[name],
                    username=county.username(name),
                    name=self.rng.choice(data.SURNAMES)
                    + self.rng.choice(data.GIVEN_NAMES),
                    jurisdiction=county.code,
                    roles=(Role.AGENT,),
                    department="县行政审批局",
                ),
            )
        specs = tuple(
            PermitSpec(key, name, data.DEPARTMENT_NAMES[dept], days, stage)
            for key, name, dept, days, stage in PERMITS
        )
        create = c.CreatePackageTemplate(
            template_id=self.template,
            name="工业项目审批套餐",
            project_kind="industrial",
            jurisdiction=county.code,
        )
        publish = c.PublishPackageVersion(template_id=self.template, permits=specs)
        self.send("supervisor", create, publish)
        for project in self.county.places.projects:
            if self.rng.random() < PACKAGED_SHARE:
                day = self.rng.randint(1, 120)
                self.county.later(day, 10, partial(self.package, project))

    def package(self, project: "Place") -> None:
        county, package_id = self.county, self.new_id()
        chief, agent = self.rng.sample(AGENTS, 2)
        self.send(
            "supervisor",
            c.CreatePackage(
                package_id=package_id, project_id=project.id, template_id=self.template
            ),
            c.AssignAgents(
                package_id=package_id,
                chief_agent_id=county.officers[chief],
                agent_ids=(county.officers[agent],),
            ),
        )
        self.prepare(package_id, 0, agent)

    def prepare(self, package_id: UUID, index: int, agent: str) -> None:
        if index >= len(PERMITS):
            return
        county, (permit_id, *_) = self.county, PERMITS[index]
        base: dict[str, Any] = {"package_id": package_id, "permit_id": permit_id}
        matter_id = self.new_id()
        self.send(
            agent,
            c.PreparePermit(**base, on=county.today),
            c.OpenMatter(
                package_id=package_id,
                matter_id=matter_id,
                agent_id=county.officers[agent],
                what=self.rng.choice(MATTERS),
                for_whom="项目单位",
                opened_on=county.today,
                permit_id=permit_id,
            ),
        )
        flow = Flow(self, base, index, agent, matter_id)
        county.later(self.rng.randint(1, 3), 9, flow.submit)


class Flow:
    """One permit's steps after its preparation, each scheduling the next."""

    def __init__(
        self,
        owner: Approvals,
        base: dict[str, Any],
        index: int,
        agent: str,
        matter: UUID,
    ) -> None:
        self.owner, self.base, self.index = owner, base, index
        self.agent, self.matter = agent, matter
        self.county = owner.county
        self.handler = f"handler-{PERMITS[index][2]}"
        self.rng, self.send = owner.rng, owner.send
        self.short = self.rng.random() < RONGQUE_SHARE

    def submit(self) -> None:
        self.send(self.agent, c.SubmitPermit(**self.base, on=self.county.today))
        self.county.later(self.rng.randint(0, 2), 11, self.accept)

    def accept(self) -> None:
        county = self.county
        missing = (self.rng.choice(MISSING),) if self.short else ()
        supply_by = county.today + timedelta(days=7) if self.short else None
        self.send(
            self.handler,
            c.AcceptPermit(
                **self.base, on=county.today, missing=missing, supply_by=supply_by
            ),
        )
        grant_in = self.rng.randint(3, 30)
        if self.short:
            county.later(self.rng.randint(2, 10), 15, self.supply)
            grant_in = max(grant_in, 12)
        county.later(grant_in, 16, self.grant)

    def supply(self) -> None:
        self.send(self.agent, c.SupplyDocuments(**self.base, on=self.county.today))

    def grant(self) -> None:
        county = self.county
        self.send(
            self.handler,
            c.GrantPermit(**self.base, on=county.today),
            c.CloseMatter(
                package_id=self.base["package_id"],
                matter_id=self.matter,
                on=county.today,
                result="已办结",
            ),
        )
        following = partial(
            self.owner.prepare, self.base["package_id"], self.index + 1, self.agent
        )
        county.later(self.rng.randint(1, 7), 9, following)
