"""The problem an enterprise raises, and its closed loop to a rated close-out (销号):
its events' effects on its state here; its events as stored in `issue_events`, the
rules of raising it in `issue_intake`, of handing it on in `issue_handling` and of
closing its loop in `issue_callback`, its kinds and states in `issue_states`."""

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.model import issue_events as events
from domain.model.intake import Concern, Subject, Ticket
from domain.model.issue_callback import ClosingTheLoop
from domain.model.issue_handling import HandingOn, limit_before
from domain.model.issue_intake import intake_checked, require_intake
from domain.model.issue_states import (
    IN_HAND,
    MAX_ESCALATION,
    OPEN,
    Category,
    Channel,
    HandedOn,
    Satisfaction,
    Severity,
    Source,
    Status,
)
from domain.values import Meta

__all__ = [
    "IN_HAND",
    "MAX_ESCALATION",
    "OPEN",
    "STORED_TYPES",
    "Category",
    "Channel",
    "HandedOn",
    "Issue",
    "Satisfaction",
    "Severity",
    "Source",
    "Status",
    "limit_before",
    "require_intake",
]


class Issue(HandingOn, ClosingTheLoop, Aggregate):
    """A problem (问题/诉求). Commands check the loop's rules; events only record.
    Each event is the aggregate's own (`Issue.Assigned`, stored so)."""

    meeting_id: UUID | None = None  # in a snapshot taken before tasks named theirs

    class Raised(events.Raised): ...

    class Assigned(events.Assigned): ...

    class Transferred(events.Transferred): ...

    class Accepted(events.Accepted): ...

    class ProgressReported(events.ProgressReported): ...

    class Escalated(events.Escalated): ...

    class ResolutionProposed(events.ResolutionProposed): ...

    class SentBack(events.SentBack): ...

    class ClosedOut(events.ClosedOut): ...

    class Rated(events.Rated): ...

    class CallbackFailed(events.CallbackFailed): ...

    class CallbackFlagged(events.CallbackFlagged): ...

    class Reopened(events.Reopened): ...

    class Withdrawn(events.Withdrawn): ...

    class DepartmentMatched(events.DepartmentMatched): ...

    class Moved(events.Moved): ...

    class DeadlinePassed(events.DeadlinePassed): ...

    @event(Raised)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        source: Source,
        category: Category,
        severity: Severity,
        description: str,
        project_id: UUID | None,
        enterprise_id: UUID | None,
        visit_id: UUID | None,
        ticket: Ticket | None,
        grid_unit: str | None,
        meeting: str | None,
        subject: Subject | None,
        meeting_id: UUID | None,
    ) -> None:
        self.jurisdiction = jurisdiction
        self.source = source
        self.category = category
        self.severity = severity
        self.description = description
        self.project_id = project_id
        self.enterprise_id = enterprise_id
        self.visit_id = visit_id
        self.ticket = ticket
        self.grid_unit = grid_unit
        self.meeting = meeting
        self.meeting_id = meeting_id
        self.subject = subject
        self.status = Status.RAISED
        self.department: str | None = None
        self.department_id: UUID | None = None  # None: recorded as a name only
        self.deadline: date | None = None
        self.respond_by: date | None = None  # the first response's (方案) limit
        self.responded = False  # by the department it is with now
        self.escalation_level = 0
        self.escalated_to: str | None = None
        self.escalated_deadline: date | None = None  # the deadline in force then
        self.send_backs = 0
        self.resolution: str | None = None
        self.evidence_ids: list[UUID] = []
        self.satisfaction: Satisfaction | None = None
        self.closed_by: UUID | None = None
        self.callbacks_failed = 0
        self.reopens = 0
        self.flagged_for: Concern | None = None  # by the last callback, if any
        self.duplicate_of: UUID | None = None
        self.flagged_deadline: date | None = None  # the last the sweep found passed
        self.progress: list[str] = []

    @classmethod
    def raise_(cls, *, id: UUID, meta: Meta, **facts: Any) -> "Issue":
        """Checks a new problem's facts and raises it."""
        return cls(id=id, meta=meta, **intake_checked(facts))

    @event(Assigned)
    def _assigned(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        respond_by: date | None,
        department_id: UUID | None,
    ) -> None:
        self.status = Status.ASSIGNED
        self.department = department
        self.department_id = department_id
        self.deadline = deadline
        self.respond_by = respond_by
        self.responded = False

    @event(Transferred)
    def _transferred(
        self,
        *,
        meta: Meta,
        department: str,
        deadline: date,
        reason: str,
        respond_by: date | None,
        department_id: UUID | None,
    ) -> None:
        self.status = Status.ASSIGNED
        self.department = department
        self.department_id = department_id
        self.deadline = deadline
        self.respond_by = respond_by
        self.responded = False

    @event(Accepted)
    def _accepted(self, meta: Meta) -> None:
        self.status = Status.ACCEPTED
        self.responded = True

    @event(ProgressReported)
    def _progress_reported(self, meta: Meta, note: str) -> None:
        self.progress.append(note)
        self.responded = True

    @event(Escalated)
    def _escalated(
        self,
        *,
        meta: Meta,
        level: int,
        to: str,
        reason: str,
        department: str | None,
        deadline: date | None,
        respond_by: date | None,
        department_id: UUID | None,
    ) -> None:
        self.escalation_level = level
        self.escalated_to = to
        if deadline is not None:
            self.deadline = deadline
        self.escalated_deadline = self.deadline
        if department is not None:
            self.status = Status.ASSIGNED
            self.department = department
            self.department_id = department_id
            self.respond_by = respond_by
            self.responded = False

    @event(ResolutionProposed)
    def _resolution_proposed(
        self, meta: Meta, summary: str, evidence_ids: list[UUID]
    ) -> None:
        self.status = Status.PROPOSED
        self.responded = True
        self.resolution = summary
        self.evidence_ids = evidence_ids

    @event(SentBack)
    def _sent_back(self, meta: Meta, reason: str) -> None:
        self.status = Status.ACCEPTED
        self.send_backs += 1

    @event(ClosedOut)
    def _closed_out(self, meta: Meta, note: str) -> None:
        self.status = Status.CLOSED
        self.closed_by = meta.actor_id

    @event(Rated)
    def _rated(
        self,
        meta: Meta,
        satisfaction: Satisfaction,
        comment: str,
        channel: Channel | None,
    ) -> None:
        self.satisfaction = satisfaction
        self.flagged_for = None  # reached: a concern of an earlier call is answered

    @event(CallbackFailed)
    def _callback_failed(self, meta: Meta, channel: Channel, note: str) -> None:
        self.callbacks_failed += 1

    @event(CallbackFlagged)
    def _callback_flagged(self, meta: Meta, concern: Concern) -> None:
        self.flagged_for = concern

    @event(Reopened)
    def _reopened(self, meta: Meta, concern: Concern) -> None:
        """Back with the department it was with, to be resolved, closed out and
        called back afresh (重新办理); the rating stays in its history."""
        self.status = Status.ACCEPTED
        self.reopens += 1
        self.satisfaction = None
        self.closed_by = None
        self.flagged_for = None

    @event(Withdrawn)
    def _withdrawn(self, meta: Meta, duplicate_of: UUID) -> None:
        self.status = Status.WITHDRAWN
        self.duplicate_of = duplicate_of

    @event(DepartmentMatched)
    def _department_matched(
        self, meta: Meta, department_id: UUID, department: str
    ) -> None:
        self.department_id = department_id

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        self.jurisdiction = jurisdiction

    @event(DeadlinePassed)
    def _deadline_passed(self, meta: Meta, deadline: date) -> None:
        self.flagged_deadline = deadline


STORED_TYPES = (Source, Category, Severity, Status, Satisfaction, Channel)
