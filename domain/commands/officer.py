"""Commands on the system's users: their roles, department and jurisdiction."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.model.officer import Officer, Role
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RegisterOfficer(Command, wire="RegisterOfficer"):
    officer_id: UUID
    username: str
    name: str
    jurisdiction: str
    roles: tuple[Role, ...]
    department: str | None = None

    @property
    def target_id(self) -> UUID:
        return self.officer_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.officer_id, "officer_id")
        officer = Officer.register(
            id=self.officer_id,
            meta=meta,
            username=self.username,
            name=self.name,
            jurisdiction=self.jurisdiction,
            roles=list(self.roles),
            department=self.department,
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
    department: str

    def apply(self, officer: Officer, meta: Meta) -> None:
        officer.assign_department(meta, self.department)


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
