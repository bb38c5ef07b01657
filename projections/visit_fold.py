"""How each event of a visit changes its ledger row: a handler per event."""

import json
from functools import singledispatch
from typing import Any

from domain.model import visit
from domain.model.visit import Answer, Visit
from projections.catalog_fold import optional
from projections.dates import recorded_at, recorded_on
from projections.events import Item

Row = dict[str, Any]
COLUMNS = (
    *("id", "position", "version", "jurisdiction", "kind", "status", "project_id"),
    *("enterprise_id", "officer_ids", "lead_officer_id", "planned_for"),
    *("planned_at", "month", "started_at", "started_on", "finished_at"),
    *("cancelled_at", "items", "answers", "passed", "failed", "not_applicable"),
    *("problems", "notes", "evidence", "representative"),
)


def planned(item: Item, owner: str | None) -> Row:
    """A visit's first row; `owner` is the enterprise of the project visited."""
    e: Visit.Planned = item.event
    row: Row = dict.fromkeys(COLUMNS)
    return row | {
        "id": str(item.aggregate_id),
        "position": item.position,
        "version": e.originator_version,
        "jurisdiction": e.jurisdiction,
        "kind": e.kind.value,
        "status": visit.Status.PLANNED.value,
        "project_id": optional(e.project_id),
        "enterprise_id": optional(e.enterprise_id) or owner,
        "officer_ids": ",".join(str(officer) for officer in e.officer_ids),
        "lead_officer_id": str(e.officer_ids[0]),
        "planned_for": e.planned_for.isoformat(),
        "planned_at": recorded_at(e),
        "month": e.planned_for.isoformat()[:7],  # planned; see visit_ledger.MONTH
        "items": len(e.items),
        "answers": "{}",
        **dict.fromkeys(("passed", "failed", "not_applicable"), 0),
        **dict.fromkeys(("problems", "notes", "evidence"), 0),
    }


def fold(row: Row | None, item: Item) -> Row | None:
    """The row after one of the visit's later events (None if never planned)."""
    if row is None:
        return None
    event = item.event
    return {**row, **changes(event, row), "version": event.originator_version}


@singledispatch
def changes(event: object, row: Row) -> Row:
    """What an event changes in the row: by default nothing."""
    return {}


@changes.register
def checked_in(e: Visit.CheckedIn, row: Row) -> Row:
    on = recorded_on(e)
    return {
        "status": visit.Status.IN_PROGRESS.value,
        "started_at": recorded_at(e),
        "started_on": on,
    }


@changes.register
def answered(e: Visit.ItemAnswered, row: Row) -> Row:
    return with_answers(row, {e.item_id: [e.answer.value, len(e.evidence_ids)]})


@changes.register
def sheet_answered(e: Visit.ItemsAnswered, row: Row) -> Row:
    given = {a.item_id: [a.answer.value, len(a.evidence_ids)] for a in e.answers}
    return with_answers(row, given)


def with_answers(row: Row, given: dict[str, list[Any]]) -> Row:
    """The row's answers (each item's answer and its photos) and their tallies."""
    answers = json.loads(row["answers"]) | given
    tally = {answer.value: 0 for answer in Answer}
    for answer, _ in answers.values():
        tally[answer] += 1
    return {
        "answers": json.dumps(answers, sort_keys=True),
        "passed": tally[Answer.PASS.value],
        "failed": tally[Answer.FAIL.value],
        "not_applicable": tally[Answer.NOT_APPLICABLE.value],
        # Answers are final once the representative confirms: no signature yet.
        "evidence": sum(n for _, n in answers.values()),
    }


@changes.register
def note_added(e: Visit.NoteAdded, row: Row) -> Row:
    return {"notes": row["notes"] + 1}


@changes.register
def problem_recorded(e: Visit.ProblemRecorded, row: Row) -> Row:
    return {"problems": row["problems"] + 1}


@changes.register
def confirmed(e: Visit.Confirmed, row: Row) -> Row:
    signed = e.signature_evidence_id is not None
    return {"representative": e.representative, "evidence": row["evidence"] + signed}


@changes.register
def finished(e: Visit.Finished, row: Row) -> Row:
    return {"status": visit.Status.FINISHED.value, "finished_at": recorded_at(e)}


@changes.register
def cancelled(e: Visit.Cancelled, row: Row) -> Row:
    return {"status": visit.Status.CANCELLED.value, "cancelled_at": recorded_at(e)}


@changes.register
def moved(e: Visit.Moved, row: Row) -> Row:
    return {"jurisdiction": e.jurisdiction}
