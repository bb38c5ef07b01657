"""An approval package template (审批套餐模板) per kind of project: the permits it
needs, in order, each with the department that grants it and its statutory limit in
working days; each publication is a new, fixed version, as with checklists."""

import re
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta
from domain.values import jurisdiction as jurisdiction_code

PERMIT_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")
MAX_PERMITS = 60
MAX_STATUTORY_DAYS = 250  # about a year of working days


@dataclass(frozen=True)
class PermitSpec:
    """One permit of a package: what, who grants it, its statutory limit and the
    stage of the project's approvals it belongs to (立项, 用地, 规划, 施工 …)."""

    permit_id: str
    name: str
    department: str
    statutory_days: int
    stage: str = ""

    def check(self) -> "PermitSpec":
        if not isinstance(self.permit_id, str) or not PERMIT_ID.fullmatch(
            self.permit_id
        ):
            raise InvalidValue("permit_id", "must be 1 to 32 of A-Z a-z 0-9 . _ -")
        rules.NAME.check("name", self.name)
        rules.DEPARTMENT.check("department", self.department)
        check_days("statutory_days", self.statutory_days)
        if self.stage:
            rules.STAGE.check("stage", self.stage)
        return self


def check_days(field: str, days: int) -> int:
    """A limit in working days: 1 to MAX_STATUTORY_DAYS."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidValue(field, "must be a whole number of working days")
    if not 1 <= days <= MAX_STATUTORY_DAYS:
        raise InvalidValue(field, f"must be 1 to {MAX_STATUTORY_DAYS} working days")
    return days


def check_permits(permits: list[PermitSpec]) -> list[PermitSpec]:
    """A publishable list: 1 to MAX_PERMITS well-formed permits with unique ids."""
    if not 1 <= len(permits) <= MAX_PERMITS:
        raise InvalidValue("permits", f"must hold 1 to {MAX_PERMITS} permits")
    seen: set[str] = set()
    for permit in permits:
        if not isinstance(permit, PermitSpec):
            raise InvalidValue("permits", "must all be permits")
        permit.check()
        if permit.permit_id in seen:
            raise InvalidValue("permits", f"permit id {permit.permit_id!r} twice")
        seen.add(permit.permit_id)
    return permits


class PackageTemplate(Aggregate):
    """A named, versioned list of permits for a kind of project."""

    # Reference data: seen (never changed) from jurisdictions below its own.
    shared_downwards: ClassVar[bool] = True

    class Created(Aggregate.Created):
        meta: Meta
        name: str
        project_kind: str
        jurisdiction: str

    @event(Created)
    def __init__(
        self, *, id: UUID, meta: Meta, name: str, project_kind: str, jurisdiction: str
    ) -> None:
        self.name = name
        self.project_kind = project_kind
        self.jurisdiction = jurisdiction
        self.versions: dict[str, list[PermitSpec]] = {}
        self.latest_version = 0
        self.retired = False

    @classmethod
    def create(
        cls, *, id: UUID, meta: Meta, name: str, project_kind: str, jurisdiction: str
    ) -> "PackageTemplate":
        return cls(
            id=id,
            meta=meta,
            name=rules.NAME.check("name", name),
            project_kind=rules.PROJECT_KIND.check("project_kind", project_kind),
            jurisdiction=jurisdiction_code(jurisdiction),
        )

    def permits(self, version: int | None = None) -> list[PermitSpec]:
        """The permits of a version (the latest when None)."""
        if self.retired:
            raise RuleBroken(f"package template {self.name!r} is retired")
        if self.latest_version == 0:
            raise RuleBroken(f"package template {self.name!r} has no version yet")
        try:
            return list(self.versions[str(version or self.latest_version)])
        except KeyError:
            raise InvalidValue(
                "template_version", f"{self.name!r} has no version {version}"
            ) from None

    class VersionPublished(Aggregate.Event):
        meta: Meta
        version: int
        permits: list[PermitSpec]

    def publish(self, meta: Meta, permits: list[PermitSpec]) -> None:
        self._require_active()
        check_permits(permits)
        if self.latest_version and permits == self.versions[str(self.latest_version)]:
            raise RuleBroken(f"version {self.latest_version} has these permits already")
        self._published(meta=meta, version=self.latest_version + 1, permits=permits)

    @event(VersionPublished)
    def _published(self, meta: Meta, version: int, permits: list[PermitSpec]) -> None:
        self.versions[str(version)] = list(permits)
        self.latest_version = version

    class Retired(Aggregate.Event):
        meta: Meta
        reason: str

    def retire(self, meta: Meta, reason: str) -> None:
        self._require_active()
        self._retired(meta=meta, reason=rules.REASON.check("reason", reason))

    @event(Retired)
    def _retired(self, meta: Meta, reason: str) -> None:
        self.retired = True

    def _require_active(self) -> None:
        if self.retired:
            raise RuleBroken(f"package template {self.name!r} is retired")


STORED_TYPES = (PermitSpec,)
