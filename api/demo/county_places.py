"""A simulated county's people, enterprises and key projects, and the visits to them."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from api.demo import data
from api.demo.plan import credit_code, departments
from domain.commands.checklist import CreateChecklistTemplate, PublishChecklistVersion
from domain.commands.enterprise import RegisterEnterprise
from domain.commands.officer import RegisterOfficer
from domain.commands.project import (
    AdvanceStage,
    AssignLeader,
    AssignSteward,
    RecordMilestone,
    RegisterProject,
    ReportInvestment,
    SetAnnualPlan,
)
from domain.model.enterprise import Scale
from domain.model.officer import Role
from domain.model.project import Level, Milestone, Stage

if TYPE_CHECKING:
    from api.demo.county import County

TOWNS = 3
ENTERPRISES = 10
PROJECTS = 16
ITEMS = next(iter(data.CHECKLISTS.values()))[:4]
CENT = Decimal("0.01")


@dataclass
class Place:
    id: UUID
    jurisdiction: str
    steward: str
    name: str
    owner_id: UUID | None = None  # set for a project
    total: Decimal = Decimal(0)
    cumulative: Decimal = Decimal(0)
    started: bool = False
    months: list[str] = field(default_factory=list)


class Places:
    def __init__(self, county: "County") -> None:
        self.county = county
        self.firms: list[Place] = []
        self.credit_codes: set[str] = set()
        self.projects: list[Place] = []
        self.template = county.new_id()

    def people(self) -> None:
        c = self.county
        code = c.code
        staff: list[tuple[str, tuple[Role, ...], str, str | None]] = [
            ("admin", (Role.ADMIN,), code, None),
            ("supervisor", (Role.SUPERVISOR,), code, "县营商办"),
            ("leader", (Role.SUPERVISOR,), code, "县重点项目专班"),
            *((f"handler-{k}", (Role.HANDLER,), code, n) for k, n in data.DEPARTMENTS),
            *(
                (f"officer{t}", (Role.OFFICER,), self.town(t), None)
                for t in range(TOWNS)
            ),
        ]
        for name, *_ in staff:
            c.officers[name] = c.new_id()
        # From a stream of their own: the county's draws stay as they were before.
        own = random.Random(f"{c.seed}:departments")
        ids = lambda: UUID(int=own.getrandbits(128), version=4)  # noqa: E731
        c.send("admin", *departments(code, ids), new_id=ids)
        for name, roles, jurisdiction, department in staff:
            c.send(
                "admin",
                RegisterOfficer(
                    officer_id=c.officers[name],
                    username=c.username(name),
                    name=c.person(),
                    jurisdiction=jurisdiction,
                    roles=roles,
                    department=department,
                ),
            )
        c.send(
            "admin",
            CreateChecklistTemplate(
                template_id=self.template, name="在建项目检查", jurisdiction=code
            ),
        )
        c.send("admin", PublishChecklistVersion(template_id=self.template, items=ITEMS))

    def town(self, n: int) -> str:
        return f"{self.county.code}{n + 1:03d}"

    def register(self) -> None:
        for _ in range(ENTERPRISES):
            self.firm()
        for _ in range(PROJECTS):
            self.project()

    def firm(self) -> None:
        c = self.county
        t = c.rng.randrange(TOWNS)
        brand, (sector, business) = (
            c.rng.choice(data.BRANDS),
            c.rng.choice(data.BUSINESSES),
        )
        place = Place(
            c.new_id(),
            f"{self.town(t)}{c.rng.randint(1, 4):03d}",
            f"officer{t}",
            f"{brand}{business}有限公司",
        )
        c.send(
            place.steward,
            RegisterEnterprise(
                enterprise_id=place.id,
                credit_code=credit_code(c.rng, self.credit_codes, division=c.code),
                name=place.name,
                sector=sector,
                scale=c.pick({Scale.ABOVE_DESIGNATED: 1, Scale.BELOW_DESIGNATED: 1}),
                jurisdiction=place.jurisdiction,
            ),
        )
        self.firms.append(place)

    def project(self) -> None:
        c = self.county
        owner = c.rng.choice(self.firms)
        total = Decimal(c.rng.randrange(500, 50_000, 10))
        start = c.scenario.start + timedelta(days=c.rng.randint(-240, 200))
        sector = c.rng.choice(list(data.PROJECT_NAMES))
        town = data.TOWNSHIPS[int(owner.jurisdiction[6:9]) - 1]
        name = c.rng.choice(data.PROJECT_NAMES[sector]).format(
            n=c.rng.choice(data.FIGURES), town=town
        )
        place = Place(
            c.new_id(), owner.jurisdiction, owner.steward, name, owner.id, total
        )
        c.send(
            "supervisor",
            RegisterProject(
                project_id=place.id,
                code=f"{c.code}-{len(self.projects) + 1:03d}",
                name=place.name,
                level=c.pick(
                    {Level.PROVINCIAL: 1, Level.MUNICIPAL: 3, Level.COUNTY: 8}
                ),
                jurisdiction=place.jurisdiction,
                location=f"{town}{c.rng.choice(data.SPOTS)}",
                owner_enterprise_id=owner.id,
                sector=sector,
                planned_start=start,
                planned_finish=start + timedelta(days=c.rng.randint(365, 900)),
                total_investment=total,
                plan_year=c.today.year,
                planned_investment=(
                    total * Decimal(c.rng.randint(25, 50)) / 100
                ).quantize(CENT),
            ),
            AssignSteward(project_id=place.id, officer_id=c.officers[place.steward]),
        )
        if c.rng.random() < 0.3:
            c.send(
                "supervisor",
                AssignLeader(project_id=place.id, officer_id=c.officers["leader"]),
            )
        signed = min(start, c.today) - timedelta(days=c.rng.randint(30, 200))
        c.send(
            place.steward,
            RecordMilestone(project_id=place.id, milestone=Milestone.SIGNED, on=signed),
            AdvanceStage(project_id=place.id, stage=Stage.PRE_CONSTRUCTION),
        )
        self.projects.append(place)
        self.schedule_start(place, start)

    def schedule_start(self, place: Place, planned: date) -> None:
        c = self.county
        if c.rng.random() < 0.12:
            return  # never breaks ground this year: late, then very late
        actual = planned + timedelta(days=c.rng.randint(-20, 75))
        if actual < c.today:
            self.break_ground(place, actual)
            self.report(place)
        else:
            c.later(
                (actual - c.today).days, 10, lambda: self.break_ground(place, actual)
            )

    def break_ground(self, place: Place, on: date) -> None:
        c = self.county
        c.send(
            place.steward,
            RecordMilestone(
                project_id=place.id, milestone=Milestone.GROUNDBREAKING, on=on
            ),
            AdvanceStage(project_id=place.id, stage=Stage.UNDER_CONSTRUCTION),
        )
        place.started = True

    def report(self, place: Place) -> None:
        """The cumulative investment to the end of last month."""
        c = self.county
        last = c.today.replace(day=1) - timedelta(days=1)
        month = f"{last.year}-{last.month:02d}"
        step = place.total * Decimal(c.rng.randint(1, 9)) / 100
        cumulative = min(place.total, place.cumulative + step).quantize(CENT)
        if cumulative <= place.cumulative or month in place.months:
            return
        place.cumulative, place.months = cumulative, [*place.months, month]
        c.send(
            place.steward,
            ReportInvestment(project_id=place.id, month=month, cumulative=cumulative),
        )

    def month_end(self) -> None:
        """On the 5th, last month's investment; in mid-December, next year's plans."""
        c = self.county
        if c.today.day == 5:
            for place in self.projects:
                if place.started and c.rng.random() < 0.85:
                    self.report(place)
        if c.today.month == 12 and c.today.day == 15:
            for place in self.projects:
                plan = (place.total * Decimal(c.rng.randint(20, 45)) / 100).quantize(
                    CENT
                )
                c.send(
                    "supervisor",
                    SetAnnualPlan(
                        project_id=place.id, year=c.today.year + 1, amount=plan
                    ),
                )
