"""Commands on the system's users: their roles, department and jurisdiction."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import values
from domain.commands.base import Change, Command, Unit
from domain.commands.department import department_for
from domain.model.officer import Officer, Role
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RegisterOfficer(Command, wire="RegisterOfficer"):
    officer_id: UUID
    username: str
    name: str
    jurisdiction: str
    roles: tuple[Role, ...]
    department: str | None = None  # a name it is registered under, or
    department_id: UUID | None = None
    added_later: ClassVar[tuple[str, ...]] = ("department_id",)

    @property
    def target_id(self) -> UUID:
        return self.officer_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.officer_id, "officer_id")
        department = None
        if self.department is not None or self.department_id is not None:
            unit.require_within(values.jurisdiction(self.jurisdiction))  # 403 first
            department = department_for(
                unit, self.jurisdiction, self.department_id, self.department
            )
        officer = Officer.register(
            id=self.officer_id,
            meta=meta,
            username=self.username,
            name=self.name,
            jurisdiction=self.jurisdiction,
            roles=list(self.roles),
            department=department.name if department else None,
            department_id=department.id if department else None,
        )
        # One officer a username, ever: a token names its officer by it.
        return unit.add_claiming(officer, "username", officer.username, meta)


@dataclass(frozen=True, kw_only=True)
class OfficerChange(Change[Officer]):
    kind: ClassVar[type[Aggregate]] = Officer
    officer_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.officer_id


@dataclass(frozen=True, kw_only=True)
class GrantRole(OfficerChange, wire="GrantRole"):
    role: Role

    def apply(self, officer: Officer, meta: Meta) -> None:
        officer.grant_role(meta, self.role)


@dataclass(frozen=True, kw_only=True)
class RevokeRole(OfficerChange, wire="RevokeRole"):
    role: Role

    def apply(self, officer: Officer, meta: Meta) -> None:
        officer.revoke_role(meta, self.role)


@dataclass(frozen=True, kw_only=True)
class AssignDepartment(OfficerChange, wire="AssignDepartment"):
    """Into a registered department, named by its id or a name it is registered
    under; sent again for a handler recorded under a name only, it matches them."""

    added_later: ClassVar[tuple[str, ...]] = ("department_id",)
    department: str | None = None
    department_id: UUID | None = None

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        officer = unit.get(Officer, self.officer_id, to_change=True)
        to = department_for(
            unit, officer.jurisdiction, self.department_id, self.department
        )
        officer.assign_department(meta, to.name, to.id)
        return officer


@dataclass(frozen=True, kw_only=True)
class AssignJurisdiction(OfficerChange, wire="AssignJurisdiction"):
    jurisdiction: str

    def apply(self, officer: Officer, meta: Meta) -> None:
        officer.assign_jurisdiction(meta, self.jurisdiction)


@dataclass(frozen=True, kw_only=True)
class DeactivateOfficer(OfficerChange, wire="DeactivateOfficer"):
    reason: str

    def apply(self, officer: Officer, meta: Meta) -> None:
        officer.deactivate(meta, self.reason)
