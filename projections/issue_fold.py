"""How each event of a problem changes its ledger row: a handler per event."""

from datetime import date, datetime
from functools import singledispatch
from typing import Any

from domain.model import issue
from domain.model.issue import Issue
from projections.catalog_fold import optional, summary
from projections.dates import recorded_at, recorded_on
from projections.events import Item

Row = dict[str, Any]
COLUMNS = (
    *("id", "position", "version", "jurisdiction", "project_id", "enterprise_id"),
    *("visit_id", "category", "source", "severity", "description", "department"),
    *("status", "raised_at", "raised_on", "raised_month", "assigned_at", "due_on"),
    *("proposed_at", "closed_at", "closed_on", "withdrawn_at", "escalation_level"),
    *("send_backs", "transfers", "satisfaction", "rated_at", "flagged_due_on"),
    *("flagged_at", "due_set_at", "seconds_to_close", "respond_by", "responded_at"),
    *("responded_on", "escalated_at", "state_set_at"),
    # Intake beyond visits, and what callbacks flagged or reopened.
    *("ticket_number", "grid_unit", "subject_kind", "subject_name"),
    *("callback_flag", "callback_flagged_at", "reopens", "reopened_at"),
)


def fold(row: Row | None, item: Item) -> Row | None:
    """The row after one of the problem's events (None before it was raised)."""
    event = item.event
    if isinstance(event, Issue.Raised):
        return raised(item)
    if row is None:
        return None
    return {**row, **changes(event, row), "version": event.originator_version}


def raised(item: Item) -> Row:
    e: Issue.Raised = item.event
    on = recorded_on(e)
    row: Row = dict.fromkeys(COLUMNS)
    return row | {
        "id": str(item.aggregate_id),
        "position": item.position,
        "version": e.originator_version,
        "jurisdiction": e.jurisdiction,
        "project_id": optional(e.project_id),
        "enterprise_id": optional(e.enterprise_id),
        "visit_id": optional(e.visit_id),
        "category": e.category.value,
        "source": e.source.value,
        "severity": e.severity.value,
        "description": summary(e.description),
        "status": issue.Status.RAISED.value,
        "raised_at": recorded_at(e),
        "raised_on": on,
        "raised_month": on[:7],
        "escalation_level": 0,
        "send_backs": 0,
        "transfers": 0,
        "ticket_number": e.ticket.number if e.ticket else None,
        "grid_unit": e.grid_unit,
        "subject_kind": e.subject.kind.value if e.subject else None,
        "subject_name": e.subject.name if e.subject else None,
        "reopens": 0,
    }


@singledispatch
def changes(event: object, row: Row) -> Row:
    """What an event changes in the row: by default nothing."""
    return {}


@changes.register
def assigned(e: Issue.Assigned, row: Row) -> Row:
    return {
        "status": issue.Status.ASSIGNED.value,
        "department": e.department,
        "due_on": e.deadline.isoformat(),
        "due_set_at": recorded_at(e),
        "assigned_at": row["assigned_at"] or recorded_at(e),
        **response_due(e.respond_by),
    }


def response_due(respond_by: date | None) -> Row:
    """A department the problem reaches owes its first response (方案) afresh."""
    return {
        "respond_by": None if respond_by is None else respond_by.isoformat(),
        "responded_at": None,
        "responded_on": None,
    }


def responded(e: Any, row: Row) -> Row:
    """The first response of the department the problem is with."""
    if row["responded_at"]:
        return {}
    return {"responded_at": recorded_at(e), "responded_on": recorded_on(e)}


@changes.register
def transferred(e: Issue.Transferred, row: Row) -> Row:
    return {
        "status": issue.Status.ASSIGNED.value,
        "department": e.department,
        "due_on": e.deadline.isoformat(),
        "due_set_at": recorded_at(e),
        "transfers": row["transfers"] + 1,
        **response_due(e.respond_by),
    }


@changes.register
def accepted(e: Issue.Accepted, row: Row) -> Row:
    return {"status": issue.Status.ACCEPTED.value, **responded(e, row)}


@changes.register
def progress(e: Issue.ProgressReported, row: Row) -> Row:
    return responded(e, row)


@changes.register
def escalated(e: Issue.Escalated, row: Row) -> Row:
    moved: Row = {}
    if e.deadline is not None:
        moved |= {"due_on": e.deadline.isoformat(), "due_set_at": recorded_at(e)}
    if e.department is not None:
        moved |= {"status": issue.Status.ASSIGNED.value, "department": e.department}
        moved |= response_due(e.respond_by)
    return {
        "escalation_level": e.level,
        "escalated_at": row["escalated_at"] or recorded_at(e),
        **moved,
    }


@changes.register
def proposed(e: Issue.ResolutionProposed, row: Row) -> Row:
    return {
        "status": issue.Status.PROPOSED.value,
        "proposed_at": recorded_at(e),
        **responded(e, row),
    }


@changes.register
def sent_back(e: Issue.SentBack, row: Row) -> Row:
    return {"status": issue.Status.ACCEPTED.value, "send_backs": row["send_backs"] + 1}


@changes.register
def closed_out(e: Issue.ClosedOut, row: Row) -> Row:
    return {
        "status": issue.Status.CLOSED.value,
        "closed_at": recorded_at(e),
        "closed_on": recorded_on(e),
        "seconds_to_close": seconds_between(row["raised_at"], e.timestamp),
    }


@changes.register
def rated(e: Issue.Rated, row: Row) -> Row:
    return {
        "satisfaction": e.satisfaction.value,
        "rated_at": recorded_at(e),
        "callback_flag": None,  # reached: what an earlier call flagged is answered
    }


@changes.register
def callback_flagged(e: Issue.CallbackFlagged, row: Row) -> Row:
    return {"callback_flag": e.concern.value, "callback_flagged_at": recorded_at(e)}


@changes.register
def reopened(e: Issue.Reopened, row: Row) -> Row:
    """Open again: the last close-out and rating stay until new ones replace them
    (as of a day, the status then tells whether it was closed)."""
    return {
        "status": issue.Status.ACCEPTED.value,
        "callback_flag": None,
        "reopens": row["reopens"] + 1,
        "reopened_at": row["reopened_at"] or recorded_at(e),  # the first
    }


@changes.register
def withdrawn(e: Issue.Withdrawn, row: Row) -> Row:
    return {"status": issue.Status.WITHDRAWN.value, "withdrawn_at": recorded_at(e)}


@changes.register
def deadline_passed(e: Issue.DeadlinePassed, row: Row) -> Row:
    return {"flagged_due_on": e.deadline.isoformat(), "flagged_at": recorded_at(e)}


def state(item: Item, before: Row | None, row: Row) -> Row | None:
    """The status and escalation level an event left the problem in, if it changed
    either: a row of the states' history, so a ledger as of a day shows that day's."""
    kept = ("status", "escalation_level")
    if before is not None and all(before[k] == row[k] for k in kept):
        return None
    return {
        "issue_id": row["id"],
        "version": row["version"],
        "set_at": recorded_at(item.event),
        **{k: row[k] for k in kept},
    }


def deadline(item: Item, row: Row) -> Row | None:
    """The deadline and department an event sets (`row` as it left it), with when:
    a row of the deadlines' history."""
    event = item.event
    if not isinstance(event, Issue.Assigned | Issue.Transferred | Issue.Escalated):
        return None
    if event.deadline is None:
        return None  # an escalation that moved nothing
    return {
        "issue_id": str(item.aggregate_id),
        "version": event.originator_version,
        "set_at": recorded_at(event),
        "due_on": event.deadline.isoformat(),
        "department": row["department"],
    }


def seconds_between(stored: str, later: datetime) -> int:
    """Whole seconds from an instant as views store it to a later one."""
    return round((later - datetime.fromisoformat(stored)).total_seconds())
