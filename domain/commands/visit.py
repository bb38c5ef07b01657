"""Commands of a visit: plan, check in, answer the checklist, confirm, check out."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.errors import InvalidValue, RuleBroken
from domain.model.checklist import ChecklistItem, ChecklistTemplate
from domain.model.enterprise import Enterprise
from domain.model.officer import Officer
from domain.model.project import Project
from domain.model.visit import (
    Answer,
    Kind,
    SheetAnswer,
    Visit,
    check_officers,
    require_one_place,
)
from domain.values import GeoFix, Meta


@dataclass(frozen=True, kw_only=True)
class PlanVisit(Command, wire="PlanVisit"):
    """Plans a visit to a project or an enterprise, with a checklist version's items
    (the latest when no version is given)."""

    visit_id: UUID
    officer_ids: tuple[UUID, ...]
    kind: Kind
    planned_for: date
    project_id: UUID | None = None
    enterprise_id: UUID | None = None
    template_id: UUID | None = None
    template_version: int | None = None

    @property
    def target_id(self) -> UUID:
        return self.visit_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.visit_id, "visit_id")
        check_officers(list(self.officer_ids))
        jurisdiction = self._place(unit).jurisdiction
        self._check_officers(unit, jurisdiction, meta)
        version, items = self._checklist(unit, jurisdiction, meta)
        visit = Visit.plan(
            id=self.visit_id,
            meta=meta,
            jurisdiction=jurisdiction,
            officer_ids=list(self.officer_ids),
            project_id=self.project_id,
            enterprise_id=self.enterprise_id,
            kind=self.kind,
            planned_for=self.planned_for,
            template_id=self.template_id,
            template_version=version,
            items=items,
        )
        return unit.add(visit)

    def _place(self, unit: Unit) -> Project | Enterprise:
        require_one_place(self.project_id, self.enterprise_id)
        if self.project_id is not None:
            return unit.get(Project, self.project_id)
        assert self.enterprise_id is not None  # require_one_place saw to it
        return unit.get(Enterprise, self.enterprise_id)

    def _check_officers(self, unit: Unit, jurisdiction: str, meta: Meta) -> None:
        """Every officer exists, was active when the phone planned the visit (a
        teammate deactivated while it was offline still went) and serves the place."""
        for officer_id in self.officer_ids:
            officer = unit.get(Officer, officer_id)
            if not officer.active_at(meta.device_time):
                raise RuleBroken(f"officer {officer_id} is not active")
            if not officer.serves(jurisdiction):
                raise RuleBroken(f"officer {officer_id} does not serve {jurisdiction}")

    def _checklist(
        self, unit: Unit, jurisdiction: str, meta: Meta
    ) -> tuple[int | None, list[ChecklistItem]]:
        """The version used and a copy of its items; none without a template."""
        if self.template_id is None:
            if self.template_version is not None:
                raise InvalidValue("template_version", "needs a template_id")
            return None, []
        template = unit.get(ChecklistTemplate, self.template_id)
        template.require_active(planned_at=meta.device_time)
        if not jurisdiction.startswith(template.jurisdiction):
            raise RuleBroken(f"checklist {template.name!r} is not for {jurisdiction}")
        items = template.items(self.template_version)
        if self.template_version is None:
            return template.latest_version, items
        return self.template_version, items


@dataclass(frozen=True, kw_only=True)
class VisitChange(Change[Visit]):
    kind: ClassVar[type[Aggregate]] = Visit
    visit_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.visit_id


@dataclass(frozen=True, kw_only=True)
class CheckIn(VisitChange, wire="CheckIn"):
    gps: GeoFix

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.check_in(meta, self.gps)


@dataclass(frozen=True, kw_only=True)
class AnswerItem(VisitChange, wire="AnswerItem"):
    item_id: str
    answer: Answer
    note: str = ""
    evidence_ids: tuple[UUID, ...] = ()

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.answer(
            meta, self.item_id, self.answer, self.note, list(self.evidence_ids)
        )


@dataclass(frozen=True, kw_only=True)
class GivenAnswer:
    """One answer of a checklist finished offline, at its own device time."""

    item_id: str
    answer: Answer
    device_time: datetime
    note: str = ""
    evidence_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AnswerItems(VisitChange, wire="AnswerItems"):
    """Answers a checklist finished offline in one command; the history still
    shows each answer, at the device time it was given."""

    answers: tuple[GivenAnswer, ...]

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.answer_sheet(
            meta,
            [
                SheetAnswer(
                    a.item_id, a.answer, a.note, list(a.evidence_ids), a.device_time
                )
                for a in self.answers
            ],
        )


@dataclass(frozen=True, kw_only=True)
class AddVisitNote(VisitChange, wire="AddVisitNote"):
    text: str

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.add_note(meta, self.text)


@dataclass(frozen=True, kw_only=True)
class ConfirmVisit(VisitChange, wire="ConfirmVisit"):
    representative: str
    signature_evidence_id: UUID | None = None

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.confirm(meta, self.representative, self.signature_evidence_id)


@dataclass(frozen=True, kw_only=True)
class FinishVisit(VisitChange, wire="FinishVisit"):
    gps: GeoFix | None = None

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.finish(meta, self.gps)


@dataclass(frozen=True, kw_only=True)
class CancelVisit(VisitChange, wire="CancelVisit"):
    reason: str

    def apply(self, visit: Visit, meta: Meta) -> None:
        visit.cancel(meta, self.reason)
