"""A visit (走访 / 检查) to one project or enterprise, from its plan to check-out; the
rules of answering its checklist in `visit_answers`."""

from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.checklist import ChecklistItem
from domain.model.visit_answers import (
    MAX_EVIDENCE,
    Answer,
    Answering,
    ItemAnswer,
    SheetAnswer,
    check_checklist,
)
from domain.values import GeoFix, Meta, plausible_date
from domain.values import jurisdiction as jurisdiction_code

__all__ = [
    "MAX_EVIDENCE",
    "MAX_OFFICERS",
    "STORED_TYPES",
    "Answer",
    "ItemAnswer",
    "Kind",
    "SheetAnswer",
    "Status",
    "Visit",
]

MAX_OFFICERS = 50


class Kind(Enum):
    SERVICE = "service"
    INSPECTION = "inspection"
    SUPERVISION = "supervision"
    FOLLOW_UP = "follow_up"


class Status(Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    CANCELLED = "cancelled"


def require_one_place(project_id: UUID | None, enterprise_id: UUID | None) -> None:
    """A visit goes to exactly one project or one enterprise."""
    if (project_id is None) == (enterprise_id is None):
        raise InvalidValue("project_id", "give either a project or an enterprise")


class Visit(Answering, Aggregate):
    """One officer or team at one place. Commands check the rules; events record."""

    class Planned(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        officer_ids: list[UUID]
        project_id: UUID | None
        enterprise_id: UUID | None
        kind: Kind
        planned_for: date
        template_id: UUID | None
        template_version: int | None
        items: list[ChecklistItem]

    @event(Planned)
    def __init__(
        self,
        *,
        id: UUID,  # the library's name for a client-made id
        meta: Meta,
        jurisdiction: str,
        officer_ids: list[UUID],
        project_id: UUID | None,
        enterprise_id: UUID | None,
        kind: Kind,
        planned_for: date,
        template_id: UUID | None,
        template_version: int | None,
        items: list[ChecklistItem],
    ) -> None:
        self.jurisdiction = jurisdiction
        self.officer_ids = officer_ids
        self.project_id = project_id
        self.enterprise_id = enterprise_id
        self.kind = kind
        self.planned_for = planned_for
        self.template_id = template_id
        self.template_version = template_version
        self.items = items
        self.status = Status.PLANNED
        self.checked_in_gps: GeoFix | None = None
        self.answers: dict[str, ItemAnswer] = {}
        self.notes: list[str] = []
        self.issue_ids: list[UUID] = []
        self.representative: str | None = None
        self.signature_evidence_id: UUID | None = None
        self.finished_gps: GeoFix | None = None
        self.cancel_reason: str | None = None

    @classmethod
    def plan(cls, *, id: UUID, meta: Meta, **facts: Any) -> "Visit":
        """Checks a new visit's facts (the fields of `Planned`) and plans it."""
        require_one_place(facts["project_id"], facts["enterprise_id"])
        jurisdiction_code(facts["jurisdiction"])
        check_officers(facts["officer_ids"])
        if not isinstance(facts["kind"], Kind):
            raise InvalidValue("kind", "must be a kind of visit")
        plausible_date("planned_for", facts["planned_for"])
        check_checklist(facts["template_id"], facts["template_version"], facts["items"])
        return cls(id=id, meta=meta, **facts)

    def require_in_progress(self, action: str = "record anything on") -> None:
        """Refuses unless the visit is checked in and not yet finished or cancelled."""
        self._require({Status.IN_PROGRESS}, action)

    # On site -------------------------------------------------------------------

    class CheckedIn(Aggregate.Event):
        meta: Meta
        gps: GeoFix

    def check_in(self, meta: Meta, gps: GeoFix) -> None:
        self._require({Status.PLANNED}, "check in to")
        self._checked_in(meta=meta, gps=gps.check())

    @event(CheckedIn)
    def _checked_in(self, meta: Meta, gps: GeoFix) -> None:
        self.status = Status.IN_PROGRESS
        self.checked_in_gps = gps

    class ItemAnswered(Aggregate.Event):
        meta: Meta
        item_id: str
        answer: Answer
        note: str
        evidence_ids: list[UUID]

    @event(ItemAnswered)
    def _item_answered(
        self,
        meta: Meta,
        item_id: str,
        answer: Answer,
        note: str,
        evidence_ids: list[UUID],
    ) -> None:
        self.answers[item_id] = ItemAnswer(answer, note, evidence_ids)

    class ItemsAnswered(Aggregate.Event):
        """A checklist finished offline: its answers in one event, each at its own
        device time (one event, not one an answer: a tenth of the writes)."""

        meta: Meta
        answers: list[SheetAnswer]

    @event(ItemsAnswered)
    def _items_answered(self, meta: Meta, answers: list[SheetAnswer]) -> None:
        for a in answers:
            self.answers[a.item_id] = ItemAnswer(a.answer, a.note, a.evidence_ids)

    class NoteAdded(Aggregate.Event):
        meta: Meta
        text: str

    def add_note(self, meta: Meta, note: str) -> None:
        self.require_in_progress("add notes to")
        self._note_added(meta=meta, text=rules.VISIT_NOTE.check("text", note))

    @event(NoteAdded)
    def _note_added(self, meta: Meta, text: str) -> None:
        self.notes.append(text)

    class ProblemRecorded(Aggregate.Event):
        meta: Meta
        issue_id: UUID

    def record_problem(self, meta: Meta, issue_id: UUID) -> None:
        """Notes a problem the enterprise raised during the visit."""
        self.require_in_progress("record problems on")
        if issue_id in self.issue_ids:
            raise RuleBroken(f"problem {issue_id} is on this visit already")
        self._problem_recorded(meta=meta, issue_id=issue_id)

    @event(ProblemRecorded)
    def _problem_recorded(self, meta: Meta, issue_id: UUID) -> None:
        self.issue_ids.append(issue_id)

    class Confirmed(Aggregate.Event):
        meta: Meta
        representative: str
        signature_evidence_id: UUID | None

    def confirm(
        self, meta: Meta, representative: str, signature_evidence_id: UUID | None
    ) -> None:
        """The enterprise's representative confirms what was recorded."""
        self.require_in_progress("confirm")
        if self.representative is not None:
            raise RuleBroken(f"{self.representative} has confirmed the visit already")
        self.require_answered("the representative confirms a complete inspection")
        self._confirmed(
            meta=meta,
            representative=rules.PERSON.check("representative", representative),
            signature_evidence_id=signature_evidence_id,
        )

    @event(Confirmed)
    def _confirmed(
        self, meta: Meta, representative: str, signature_evidence_id: UUID | None
    ) -> None:
        self.representative = representative
        self.signature_evidence_id = signature_evidence_id

    # Ending --------------------------------------------------------------------

    class Finished(Aggregate.Event):
        meta: Meta
        gps: GeoFix | None

    def finish(self, meta: Meta, gps: GeoFix | None) -> None:
        """Checks out; every checklist item must have an answer."""
        self.require_in_progress("finish")
        self.require_answered()
        self._finished(meta=meta, gps=None if gps is None else gps.check())

    @event(Finished)
    def _finished(self, meta: Meta, gps: GeoFix | None) -> None:
        self.status = Status.FINISHED
        self.finished_gps = gps

    class Cancelled(Aggregate.Event):
        meta: Meta
        reason: str

    def cancel(self, meta: Meta, reason: str) -> None:
        self._require({Status.PLANNED, Status.IN_PROGRESS}, "cancel")
        self._cancelled(meta=meta, reason=rules.WRITTEN_REASON.check("reason", reason))

    @event(Cancelled)
    def _cancelled(self, meta: Meta, reason: str) -> None:
        self.status = Status.CANCELLED
        self.cancel_reason = reason

    class Moved(Aggregate.Event):
        meta: Meta
        jurisdiction: str
        reason: str

    def move(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        """A planned visit goes with its project to another jurisdiction."""
        self._require({Status.PLANNED}, "move")
        self._moved(meta=meta, jurisdiction=jurisdiction, reason=reason)

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        self.jurisdiction = jurisdiction

    def _require(self, allowed: set[Status], action: str) -> None:
        if self.status not in allowed:
            state = self.status.value.replace("_", " ")
            raise RuleBroken(f"cannot {action} a visit that is {state}")


def check_officers(officer_ids: list[UUID]) -> None:
    if not 1 <= len(officer_ids) <= MAX_OFFICERS:
        raise InvalidValue("officer_ids", f"must name 1 to {MAX_OFFICERS} officers")
    if len(set(officer_ids)) != len(officer_ids):
        raise InvalidValue("officer_ids", "must not name an officer twice")


STORED_TYPES = (Kind, Status, Answer, ItemAnswer, SheetAnswer)
