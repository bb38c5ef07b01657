"""A visit's checklist answered on site: the answers as stored, and the rules an
answer meets (an item on the visit's checklist, a photo where one is required, the
representative not yet signed). The rules `Visit` takes for its answers."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from uuid import UUID

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.checklist import ChecklistItem
from domain.values import Meta, device_time

MAX_EVIDENCE = 20
MISSING_SHOWN = 10


class Answer(Enum):
    __stored_as__ = "visit.Answer"  # its name in stored events: it was declared there
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ItemAnswer:
    __stored_as__ = "visit.ItemAnswer"
    answer: Answer
    note: str
    evidence_ids: list[UUID]


@dataclass(frozen=True)
class SheetAnswer:
    """One answer of a checklist finished offline, as `Visit.ItemsAnswered` keeps it:
    given at its own device time."""

    item_id: str
    answer: Answer
    note: str
    evidence_ids: list[UUID]
    device_time: datetime


JUDGED = frozenset({Answer.PASS, Answer.FAIL})


class Answering:
    """A visit's rules for its checklist's answers."""

    items: list[ChecklistItem]
    answers: dict[str, ItemAnswer]
    representative: str | None
    require_in_progress: Callable[[str], None]
    _item_answered: Callable[..., None]
    _items_answered: Callable[..., None]

    def answer(
        self,
        meta: Meta,
        item_id: str,
        answer: Answer,
        note: str,
        evidence_ids: list[UUID],
    ) -> None:
        """Records an item's answer, replacing any earlier one."""
        self._require_open()
        self._check_answer(item_id, answer, note, evidence_ids)
        self._item_answered(
            meta=meta,
            item_id=item_id,
            answer=answer,
            note=note,
            evidence_ids=list(evidence_ids),
        )

    def answer_sheet(self, meta: Meta, answers: list[SheetAnswer]) -> None:
        """Records a checklist finished offline in one event, each answer at its
        own device time; none if any is refused."""
        self._require_open()
        if not answers:
            raise InvalidValue("answers", "must hold at least one answer")
        for a in answers:
            device_time(a.device_time)
            self._check_answer(a.item_id, a.answer, a.note, a.evidence_ids)
        self._items_answered(meta=meta, answers=answers)

    def _require_open(self) -> None:
        self.require_in_progress("answer items on")
        if self.representative is not None:
            raise RuleBroken("the representative has confirmed the answers already")

    def _check_answer(
        self, item_id: str, answer: Answer, note: str, evidence_ids: list[UUID]
    ) -> None:
        item = self._item(item_id)
        if not isinstance(answer, Answer):
            raise InvalidValue("answer", "must be pass, fail or not_applicable")
        if note:
            rules.ANSWER_NOTE.check("note", note)
        check_evidence(evidence_ids)
        if item.photo_required and answer in JUDGED and not evidence_ids:
            raise InvalidValue(
                "evidence_ids", f"item {item_id} needs a photo to pass or fail"
            )

    def require_answered(self, why: str = "") -> None:
        """Refuses while a checklist item has no answer, naming the first few."""
        missing = [i.item_id for i in self.items if i.item_id not in self.answers]
        if missing:
            shown = ", ".join(missing[:MISSING_SHOWN])
            more = len(missing) - MISSING_SHOWN
            raise RuleBroken(
                (f"{why}: " if why else "")
                + f"items not answered yet: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )

    def _item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.item_id == item_id:
                return item
        raise InvalidValue(
            "item_id", f"{str(item_id)[:40]!r} is not on this visit's checklist"
        )


def check_checklist(
    template_id: UUID | None, version: int | None, items: list[ChecklistItem]
) -> None:
    """A visit has a template, a version and its items, or none of them."""
    has_template = template_id is not None
    if (version is not None) != has_template or bool(items) != has_template:
        raise InvalidValue("template_id", "comes with a version and its items")


def check_evidence(evidence_ids: list[UUID]) -> None:
    if len(evidence_ids) > MAX_EVIDENCE:
        raise InvalidValue("evidence_ids", f"at most {MAX_EVIDENCE} per answer")
    if len(set(evidence_ids)) != len(evidence_ids):
        raise InvalidValue("evidence_ids", "must not name a photo twice")
