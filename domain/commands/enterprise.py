"""Commands on the enterprises officers serve."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.model.enterprise import Enterprise, Scale
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RegisterEnterprise(Command, wire="RegisterEnterprise"):
    enterprise_id: UUID
    credit_code: str
    name: str
    sector: str
    scale: Scale
    jurisdiction: str

    @property
    def target_id(self) -> UUID:
        return self.enterprise_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.enterprise_id, "enterprise_id")
        enterprise = Enterprise.register(
            id=self.enterprise_id,
            meta=meta,
            credit_code=self.credit_code,
            name=self.name,
            sector=self.sector,
            scale=self.scale,
            jurisdiction=self.jurisdiction,
        )
        return unit.add_claiming(
            enterprise, "credit code", enterprise.credit_code, meta
        )


@dataclass(frozen=True, kw_only=True)
class EnterpriseChange(Change[Enterprise]):
    kind: ClassVar[type[Aggregate]] = Enterprise
    enterprise_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.enterprise_id


@dataclass(frozen=True, kw_only=True)
class UpdateEnterpriseProfile(EnterpriseChange, wire="UpdateEnterpriseProfile"):
    name: str
    sector: str
    scale: Scale

    def apply(self, enterprise: Enterprise, meta: Meta) -> None:
        enterprise.update_profile(meta, self.name, self.sector, self.scale)


@dataclass(frozen=True, kw_only=True)
class MoveEnterprise(EnterpriseChange, wire="MoveEnterprise"):
    jurisdiction: str
    reason: str

    def apply(self, enterprise: Enterprise, meta: Meta) -> None:
        enterprise.move(meta, self.jurisdiction, self.reason)
