"""The demo county's people and places as batches of commands, drawn from one seed."""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from api.demo import data
from domain import credit_code as credit_codes
from domain.app import Submission
from domain.commands.base import Command
from domain.commands.checklist import CreateChecklistTemplate, PublishChecklistVersion
from domain.commands.enterprise import RegisterEnterprise
from domain.commands.officer import RegisterOfficer
from domain.model.checklist import ChecklistItem
from domain.model.enterprise import Scale
from domain.model.project import Stage
from domain.values import GeoFix, Meta

T = TypeVar("T")
BEIJING = timezone(timedelta(hours=8))
STAGES = list(Stage)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Timed:
    """A command at its instant, from one county, in that county's order."""

    at: datetime
    county: str
    seq: int
    submission: Submission

    @property
    def key(self) -> tuple[datetime, str, int]:
        return (self.at, self.county, self.seq)


def credit_code(
    rng: random.Random, taken: set[str], kind: str = "91", division: str = data.COUNTY
) -> str:
    """A unified social credit code registered in the division, none of `taken`.

    `kind` is authority and category: 91 an enterprise, 93 a farmers' cooperative.
    The organisation code is eight digits (older) or `MA6…` (newer, Shaanxi)."""
    while True:
        if rng.random() < 0.5:
            body = "MA6" + "".join(rng.choice(credit_codes.CHARSET) for _ in range(5))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        code = credit_codes.make(kind, division, body)
        if code not in taken:
            taken.add(code)
            return code


@dataclass(frozen=True)
class Place:
    """A project or an enterprise: where it is, who speaks for it, who serves it."""

    id: UUID
    jurisdiction: str
    gps: GeoFix
    contact: str
    steward: str
    brand: str = ""
    sector: str = ""
    owner_id: UUID | None = None  # a project's owner enterprise
    stage: Stage | None = None
    leader: str | None = None

    @property
    def is_project(self) -> bool:
        return self.owner_id is not None

    @property
    def enterprise_id(self) -> UUID:
        return self.owner_id or self.id


@dataclass
class Plan:
    """Every command to send, in batches, and the ids a summary or a test needs."""

    officers: dict[str, UUID] = field(default_factory=dict)  # username → id
    firms: list[Place] = field(default_factory=list)
    credit_codes: set[str] = field(default_factory=set)
    projects: list[Place] = field(default_factory=list)
    templates: dict[UUID, tuple[ChecklistItem, ...]] = field(default_factory=dict)
    visits: list[UUID] = field(default_factory=list)
    problems: list[UUID] = field(default_factory=list)
    packages: list[UUID] = field(default_factory=list)  # one claim each (a project's)
    notable: dict[str, UUID] = field(default_factory=dict)  # what it shows → id
    batches: list[list[Submission]] = field(default_factory=lambda: [[]])


class Planner:
    """Draws the county from one seed; every id too, so a seed always gives the same."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.plan = Plan()
        self.names: set[str] = set()
        lat, lon = data.CENTRE
        self.towns = [
            GeoFix(
                lat + self.rng.uniform(-0.1, 0.1),
                lon + self.rng.uniform(-0.15, 0.15),
                0,
            )
            for _ in data.TOWNSHIPS
        ]

    def new_id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def send(self, actor: str, *commands: Command) -> None:
        """Adds commands to the open batch, as sent from the actor's phone now."""
        for command in commands:
            when = datetime.now(BEIJING)
            meta = Meta(
                self.plan.officers[actor], self.new_id(), f"{actor}-phone", when
            )
            self.plan.batches[-1].append(Submission(command, meta))

    def cut(self) -> None:
        """Closes the open batch: each coherent group is one transaction."""
        self.plan.batches.append([])

    def shuffled(self, counts: Mapping[T, int]) -> list[T]:
        items = [key for key, count in counts.items() for _ in range(count)]
        self.rng.shuffle(items)
        return items

    def person(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN_NAMES)

    def days(self, earliest: int, latest: int) -> date:
        return self.today + timedelta(days=self.rng.randint(earliest, latest))

    def fix(self, near: GeoFix, spread: float = 0.0003) -> GeoFix:
        """A GPS fix within `spread` degrees of a place, as a phone reports it."""
        lat = round(near.lat + self.rng.uniform(-spread, spread), 6)
        lon = round(near.lon + self.rng.uniform(-spread, spread), 6)
        return GeoFix(lat, lon, round(self.rng.uniform(3, 30), 1))

    def grid(self, town: int) -> str:
        grid = self.rng.randint(1, data.GRIDS_PER_TOWNSHIP)
        return f"{data.COUNTY}{town + 1:03d}{grid:03d}"

    def steward(self, jurisdiction: str) -> str:
        """The township's officer, or a county-wide assistant for county places."""
        if len(jurisdiction) > len(data.COUNTY):
            return f"officer{int(jurisdiction[6:9]):02d}"
        return self.rng.choice(data.ASSISTANTS)

    # People, templates and enterprises ----------------------------------------------

    def officers(self) -> None:
        for username, *_ in data.OFFICERS:
            self.plan.officers[username] = self.new_id()
        for username, roles, jurisdiction, department in data.OFFICERS:
            officer_id = self.plan.officers[username]
            self.send(
                "admin",
                RegisterOfficer(
                    officer_id=officer_id,
                    username=username,
                    name=self.person(),
                    jurisdiction=jurisdiction,
                    roles=roles,
                    department=department,
                ),
            )
        self.cut()

    def templates(self) -> None:
        """Both checklists; the site one got its sign-board item in a second version."""
        for name, items in data.CHECKLISTS.items():
            template_id = self.new_id()
            create = CreateChecklistTemplate(
                template_id=template_id, name=name, jurisdiction=data.COUNTY
            )
            self.send("admin", create)
            if not self.plan.templates:
                self.send(
                    "admin",
                    PublishChecklistVersion(template_id=template_id, items=items[:-1]),
                )
                self.plan.notable["a checklist with two versions"] = template_id
            self.send(
                "admin", PublishChecklistVersion(template_id=template_id, items=items)
            )
            self.plan.templates[template_id] = items
        self.cut()

    def enterprises(self) -> None:
        """State-owned platforms, farmers' cooperatives and private firms."""
        for sector, suffix in data.STATE_FIRMS:
            self.firm(f"渭南市{data.COUNTY_NAME}{suffix}", sector, None, "91")
        for cooperative in data.COOPERATIVES:
            town = self.rng.randrange(len(data.TOWNSHIPS))
            name = f"{data.COUNTY_NAME}{data.TOWNSHIPS[town]}{cooperative}"
            self.firm(name, "现代农业", town, "93")
        pairs = [(b, s, w) for b in data.BRANDS for s, w in data.BUSINESSES]
        for brand, sector, business in self.rng.sample(pairs, data.PRIVATE_FIRMS):
            town = self.rng.randrange(len(data.TOWNSHIPS))
            self.firm(f"渭南{brand}{business}有限公司", sector, town, "91", brand)
        self.cut()

    def firm(
        self, name: str, sector: str, town: int | None, kind: str, brand: str = ""
    ) -> None:
        jurisdiction = data.COUNTY if town is None else self.grid(town)
        centre = self.towns[town] if town is not None else GeoFix(*data.CENTRE, 0)
        contact = f"{self.person()}（{self.rng.choice(data.TITLES)}）"
        place = Place(
            self.new_id(),
            jurisdiction,
            self.fix(centre, 0.02),
            contact,
            self.steward(jurisdiction),
            brand,
            sector,
        )
        above = brand and self.rng.random() < 0.55
        self.send(
            place.steward,
            RegisterEnterprise(
                enterprise_id=place.id,
                credit_code=credit_code(self.rng, self.plan.credit_codes, kind),
                name=name,
                sector=sector,
                scale=Scale.ABOVE_DESIGNATED if above else Scale.BELOW_DESIGNATED,
                jurisdiction=jurisdiction,
            ),
        )
        self.plan.firms.append(place)
