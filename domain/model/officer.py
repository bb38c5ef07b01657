"""A user of the system: an officer, handler, supervisor, auditor or administrator."""

import re
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules, values
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta

USERNAME = re.compile(r"[a-z0-9._-]{3,64}")


class Role(Enum):
    OFFICER = "officer"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"
    AGENT = "agent"  # 帮办代办员: handles matters and permits for projects
    CALLBACK = "callback"  # the 12345 or polling centre that calls enterprises back


class Officer(Aggregate):
    """Who may do what, and where. A deactivated officer keeps only a history."""

    # Reference data: seen (never changed) from jurisdictions below its own.
    shared_downwards: ClassVar[bool] = True
    # What a snapshot taken before departments were registered lacks.
    department_id: UUID | None = None

    class Registered(Aggregate.Created):
        meta: Meta
        username: str
        name: str
        jurisdiction: str
        roles: list[Role]
        department: str | None  # its name then
        department_id: UUID | None  # absent before departments were registered
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["department_id"] = None

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        username: str,
        name: str,
        jurisdiction: str,
        roles: list[Role],
        department: str | None,
        department_id: UUID | None,
    ) -> None:
        self.username = username
        self.name = name
        self.jurisdiction = jurisdiction
        self.roles = roles
        self.department = department
        self.department_id = department_id
        self.active = True

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        meta: Meta,
        username: str,
        name: str,
        jurisdiction: str,
        roles: list[Role],
        department: str | None,
        department_id: UUID | None = None,
    ) -> "Officer":
        """Checks a new user's facts and registers them."""
        if not isinstance(username, str) or not USERNAME.fullmatch(username):
            raise InvalidValue("username", "must be 3 to 64 of a-z 0-9 . _ -")
        if not roles:
            raise InvalidValue("roles", "must name at least one role")
        if len(set(roles)) != len(roles):
            raise InvalidValue("roles", "must not name a role twice")
        if department is not None:
            rules.DEPARTMENT.check("department", department)
        elif Role.HANDLER in roles:
            raise InvalidValue("department", "a handler works in a department")
        return cls(
            id=id,
            meta=meta,
            username=username,
            name=rules.PERSON.check("name", name),
            jurisdiction=values.jurisdiction(jurisdiction),
            roles=sorted(roles, key=lambda role: role.value),
            department=department,
            department_id=department_id,
        )

    class RoleGranted(Aggregate.Event):
        meta: Meta
        role: Role

    def grant_role(self, meta: Meta, role: Role) -> None:
        self._require_active()
        if role in self.roles:
            raise RuleBroken(f"the officer is {role.value} already")
        if role is Role.HANDLER and self.department is None:
            raise RuleBroken("a handler needs a department first")
        self._role_granted(meta=meta, role=role)

    @event(RoleGranted)
    def _role_granted(self, meta: Meta, role: Role) -> None:
        self.roles = sorted([*self.roles, role], key=lambda r: r.value)

    class RoleRevoked(Aggregate.Event):
        meta: Meta
        role: Role

    def revoke_role(self, meta: Meta, role: Role) -> None:
        self._require_active()
        if role not in self.roles:
            raise RuleBroken(f"the officer is no {role.value}")
        if self.roles == [role]:
            raise RuleBroken("the last role cannot be revoked; deactivate instead")
        self._role_revoked(meta=meta, role=role)

    @event(RoleRevoked)
    def _role_revoked(self, meta: Meta, role: Role) -> None:
        self.roles = [r for r in self.roles if r is not role]

    class DepartmentAssigned(Aggregate.Event):
        meta: Meta
        department: str  # its name then
        department_id: UUID | None  # absent before departments were registered
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["department_id"] = None

    def assign_department(
        self, meta: Meta, department: str, department_id: UUID | None = None
    ) -> None:
        """Into a department; a handler recorded under a name only is given the
        registered department's id so (`siteledger departments map`)."""
        self._require_active()
        same = rules.DEPARTMENT.check("department", department) == self.department
        if department_id is not None and self.department_id is not None:
            same = department_id == self.department_id
        elif department_id is not None:
            same = False  # a name recorded before is matched to its department
        if same:
            raise RuleBroken(f"the officer is in {department} already")
        self._department_assigned(
            meta=meta, department=department, department_id=department_id
        )

    @event(DepartmentAssigned)
    def _department_assigned(
        self, meta: Meta, department: str, department_id: UUID | None
    ) -> None:
        self.department = department
        self.department_id = department_id

    class JurisdictionAssigned(Aggregate.Event):
        meta: Meta
        jurisdiction: str

    def assign_jurisdiction(self, meta: Meta, jurisdiction: str) -> None:
        self._require_active()
        if values.jurisdiction(jurisdiction) == self.jurisdiction:
            raise RuleBroken(f"the officer serves {jurisdiction} already")
        self._jurisdiction_assigned(meta=meta, jurisdiction=jurisdiction)

    @event(JurisdictionAssigned)
    def _jurisdiction_assigned(self, meta: Meta, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction

    class Deactivated(Aggregate.Event):
        meta: Meta
        reason: str

    def deactivate(self, meta: Meta, reason: str) -> None:
        self._require_active()
        self._deactivated(meta=meta, reason=rules.REASON.check("reason", reason))

    @event(Deactivated)
    def _deactivated(self, meta: Meta, reason: str) -> None:
        self.active = False

    def serves(self, jurisdiction: str) -> bool:
        """The place lies in the officer's jurisdiction (or is it)."""
        return jurisdiction.startswith(self.jurisdiction)

    def active_at(self, moment: datetime) -> bool:
        """Active then: a deactivated officer was until the deactivation (nothing
        changes an officer once deactivated, so it is their last change)."""
        return self.active or moment < self.modified_on

    def _require_active(self) -> None:
        if not self.active:
            raise RuleBroken(f"{self.username} has been deactivated")


STORED_TYPES = (Role,)
