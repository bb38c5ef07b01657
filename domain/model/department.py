"""A department (县发改局, 县行政审批局 …): reference data of a jurisdiction, with the
names it is known by, that problems are assigned to and handlers work in."""

import re
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules, values
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta

CODE = re.compile(r"[A-Za-z0-9-]{1,32}")  # as a project's (the API's `code` rule)
MAX_ALIASES = 10


class Department(Aggregate):
    """A named body of a jurisdiction; retired, it keeps its history and its names."""

    # Reference data: a county's departments serve its townships' problems too.
    shared_downwards: ClassVar[bool] = True

    class Registered(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        code: str
        name: str
        aliases: list[str]

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        code: str,
        name: str,
        aliases: list[str],
    ) -> None:
        self.jurisdiction = jurisdiction
        self.code = code
        self.name = name
        self.aliases = aliases
        self.active = True

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        code: str,
        name: str,
        aliases: list[str],
    ) -> "Department":
        if not isinstance(code, str) or not CODE.fullmatch(code):
            raise InvalidValue("code", "must be 1 to 32 of A-Z a-z 0-9 -")
        return cls(
            id=id,
            meta=meta,
            jurisdiction=values.jurisdiction(jurisdiction),
            code=code,
            name=name,
            aliases=known_as(name, aliases),
        )

    @property
    def names(self) -> list[str]:
        """Every name the department answers to: its name, then its aliases."""
        return [self.name, *self.aliases]

    def serves(self, jurisdiction: str) -> bool:
        """The place lies in the department's jurisdiction (or is it)."""
        return jurisdiction.startswith(self.jurisdiction)

    class Renamed(Aggregate.Event):
        meta: Meta
        name: str
        aliases: list[str]

    def rename(self, meta: Meta, name: str, aliases: list[str]) -> None:
        """A new name and aliases (the old name usually among them)."""
        aliases = known_as(name, aliases)
        if (name, aliases) == (self.name, self.aliases):
            raise RuleBroken(f"the department is {name} already, so known")
        self._renamed(meta=meta, name=name, aliases=aliases)

    @event(Renamed)
    def _renamed(self, meta: Meta, name: str, aliases: list[str]) -> None:
        self.name = name
        self.aliases = aliases

    class Retired(Aggregate.Event):
        meta: Meta
        reason: str

    def retire(self, meta: Meta, reason: str) -> None:
        self.require_active()
        self._retired(meta=meta, reason=rules.REASON.check("reason", reason))

    @event(Retired)
    def _retired(self, meta: Meta, reason: str) -> None:
        self.active = False

    class Reinstated(Aggregate.Event):
        meta: Meta

    def reinstate(self, meta: Meta) -> None:
        if self.active:
            raise RuleBroken(f"{self.name} is active")
        self._reinstated(meta=meta)

    @event(Reinstated)
    def _reinstated(self, meta: Meta) -> None:
        self.active = True

    def require_active(self) -> None:
        if not self.active:
            raise RuleBroken(f"{self.name} has been retired")


def known_as(name: str, aliases: list[str]) -> list[str]:
    """Checks a name and its aliases: each a name, none twice, the name no alias."""
    rules.DEPARTMENT.check("name", name)
    if len(aliases) > MAX_ALIASES:
        raise InvalidValue("aliases", f"at most {MAX_ALIASES}")
    for alias in aliases:
        rules.DEPARTMENT.check("aliases", alias)
    if any("," in each for each in (name, *aliases)):
        raise InvalidValue("aliases", "a name holds no comma (lists are comma-joined)")
    if len({name, *aliases}) != len(aliases) + 1:
        raise InvalidValue("aliases", "a name is given twice")
    return list(aliases)
