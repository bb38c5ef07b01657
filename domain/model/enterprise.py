"""An enterprise officers visit and serve (走访企业), known by its credit code."""

from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import credit_code as credit_codes
from domain import rules, values
from domain.errors import RuleBroken
from domain.values import Meta


class Scale(Enum):
    ABOVE_DESIGNATED = "above_designated"  # 规上
    BELOW_DESIGNATED = "below_designated"


class Enterprise(Aggregate):
    """A business with projects of its own and visits to it."""

    class Registered(Aggregate.Created):
        meta: Meta
        credit_code: str
        name: str
        sector: str
        scale: Scale
        jurisdiction: str

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        credit_code: str,
        name: str,
        sector: str,
        scale: Scale,
        jurisdiction: str,
    ) -> None:
        self.credit_code = credit_code
        self.name = name
        self.sector = sector
        self.scale = scale
        self.jurisdiction = jurisdiction

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        meta: Meta,
        credit_code: str,
        name: str,
        sector: str,
        scale: Scale,
        jurisdiction: str,
    ) -> "Enterprise":
        """Checks a new enterprise's facts and registers it."""
        return cls(
            id=id,
            meta=meta,
            credit_code=credit_codes.validate(credit_code),
            name=rules.NAME.check("name", name),
            sector=rules.SECTOR.check("sector", sector),
            scale=scale,
            jurisdiction=values.jurisdiction(jurisdiction),
        )

    class ProfileUpdated(Aggregate.Event):
        meta: Meta
        name: str
        sector: str
        scale: Scale

    def update_profile(self, meta: Meta, name: str, sector: str, scale: Scale) -> None:
        rules.NAME.check("name", name)
        rules.SECTOR.check("sector", sector)
        if (name, sector, scale) == (self.name, self.sector, self.scale):
            raise RuleBroken("the profile is like that already")
        self._profile_updated(meta=meta, name=name, sector=sector, scale=scale)

    @event(ProfileUpdated)
    def _profile_updated(
        self, meta: Meta, name: str, sector: str, scale: Scale
    ) -> None:
        self.name = name
        self.sector = sector
        self.scale = scale

    class Moved(Aggregate.Event):
        meta: Meta
        jurisdiction: str
        reason: str

    def move(self, meta: Meta, to: str, reason: str) -> None:
        if values.jurisdiction(to) == self.jurisdiction:
            raise RuleBroken(f"the enterprise is in {to} already")
        self._moved(
            meta=meta, jurisdiction=to, reason=rules.REASON.check("reason", reason)
        )

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        self.jurisdiction = jurisdiction


STORED_TYPES = (Scale,)
