"""Commands on departments (reference data), and finding the one a command names."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import rules
from domain.commands.base import Change, Command, Unit
from domain.errors import AlreadyExists, InvalidValue, RuleBroken
from domain.model.claim import Claim
from domain.model.department import Department
from domain.values import Meta

CODE, NAME = "department-code", "department-name"  # claims, per jurisdiction
LEVELS = (2, 4, 6, 9)  # digits of a province, city, county, township above a place


@dataclass(frozen=True, kw_only=True)
class RegisterDepartment(Command, wire="RegisterDepartment"):
    department_id: UUID
    jurisdiction: str
    code: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def target_id(self) -> UUID:
        return self.department_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.department_id, "department_id")
        department = Department.register(
            id=self.department_id,
            meta=meta,
            jurisdiction=self.jurisdiction,
            code=self.code,
            name=self.name,
            aliases=list(self.aliases),
        )
        place = department.jurisdiction
        new_names = unclaimed(unit, department, department.names)
        unit.add_claiming(department, CODE, f"{place}:{department.code}", meta)
        claim(unit, department, new_names, meta)
        return department


@dataclass(frozen=True, kw_only=True)
class DepartmentChange(Change[Department]):
    kind: ClassVar[type[Aggregate]] = Department
    department_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.department_id


@dataclass(frozen=True, kw_only=True)
class RenameDepartment(DepartmentChange, wire="RenameDepartment"):
    """A new name, and the aliases it is also known by (keep the old name among
    them, and problems and handlers recorded under it still find it)."""

    name: str
    aliases: tuple[str, ...] = ()

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        department = unit.get(Department, self.department_id, to_change=True)
        new_names = unclaimed(unit, department, [self.name, *self.aliases])
        department.rename(meta, self.name, list(self.aliases))
        claim(unit, department, new_names, meta)
        return department


@dataclass(frozen=True, kw_only=True)
class RetireDepartment(DepartmentChange, wire="RetireDepartment"):
    reason: str

    def apply(self, department: Department, meta: Meta) -> None:
        department.retire(meta, self.reason)


@dataclass(frozen=True, kw_only=True)
class ReinstateDepartment(DepartmentChange, wire="ReinstateDepartment"):
    def apply(self, department: Department, meta: Meta) -> None:
        department.reinstate(meta)


def unclaimed(unit: Unit, department: Department, names: list[str]) -> list[str]:
    """The names not yet the department's: each must be free in its jurisdiction,
    for good (a name once given stays with its department, so a text recorded
    under that name always finds the same one). Checked before anything changes."""
    fresh = []
    for name in names:
        holder = unit.holder(NAME, f"{department.jurisdiction}:{name}")
        if holder is None:
            fresh.append(name)
        elif holder != department.id:
            raise AlreadyExists(
                f"{name} names another department of {department.jurisdiction}"
            )
    return fresh


def claim(unit: Unit, department: Department, names: list[str], meta: Meta) -> None:
    for name in names:
        claim_id = Claim.id_for(NAME, f"{department.jurisdiction}:{name}")
        unit.add(Claim(id=claim_id, meta=meta, holder_id=department.id))


def department_for(
    unit: Unit, place: str, department_id: UUID | None, name: str | None
) -> Department:
    """The active department a command names, by id or by a name or alias it is
    registered under, serving `place` (registered there or above it)."""
    if (department_id is None) == (name is None):
        raise InvalidValue(
            "department_id", "give a department's id or its name, one of them"
        )
    found = unit.get(Department, department_id or named(unit, place, str(name)))
    found.require_active()
    if not found.serves(place):
        raise RuleBroken(f"{found.name} is not a department of {place} or above")
    return found


def named(unit: Unit, place: str, name: str) -> UUID:
    """The department registered under `name` nearest `place`, from it upwards."""
    rules.DEPARTMENT.check("department", name)
    for level in [place, *(place[:n] for n in reversed(LEVELS) if n < len(place))]:
        holder = unit.holder(NAME, f"{level}:{name}")
        if holder is not None:
            return holder
    raise InvalidValue(
        "department", f"no department named {name} is registered for {place}"
    )


def maybe_named(unit: Unit, place: str, name: str) -> Department | None:
    """The department a name recorded before departments were registered finds,
    None if it finds none (or a retired one counts: it was registered)."""
    try:
        return unit.get(Department, named(unit, place, name))
    except InvalidValue:
        return None
