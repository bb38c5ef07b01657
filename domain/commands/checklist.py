"""Commands that write and retire inspection checklist templates."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.model.checklist import ChecklistItem, ChecklistTemplate
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class CreateChecklistTemplate(Command, wire="CreateChecklistTemplate"):
    template_id: UUID
    name: str
    jurisdiction: str

    @property
    def target_id(self) -> UUID:
        return self.template_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.template_id, "template_id")
        template = ChecklistTemplate.create(
            id=self.template_id,
            meta=meta,
            name=self.name,
            jurisdiction=self.jurisdiction,
        )
        return unit.add(template)


@dataclass(frozen=True, kw_only=True)
class ChecklistChange(Change[ChecklistTemplate]):
    kind: ClassVar[type[Aggregate]] = ChecklistTemplate
    template_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.template_id


@dataclass(frozen=True, kw_only=True)
class PublishChecklistVersion(ChecklistChange, wire="PublishChecklistVersion"):
    items: tuple[ChecklistItem, ...]

    def apply(self, template: ChecklistTemplate, meta: Meta) -> None:
        template.publish(meta, list(self.items))


@dataclass(frozen=True, kw_only=True)
class RetireChecklistTemplate(ChecklistChange, wire="RetireChecklistTemplate"):
    reason: str

    def apply(self, template: ChecklistTemplate, meta: Meta) -> None:
        template.retire(meta, self.reason)
