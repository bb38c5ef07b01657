"""What a problem's history records: its events as stored, with the upcasters that
read older ones. `Issue` takes each as its own (`Issue.Assigned`, …), so they are
stored as `domain.model.issue:Issue.*` as they always were."""

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.model.intake import Concern, Subject, Ticket
from domain.model.issue_states import Category, Channel, Satisfaction, Severity, Source
from domain.values import Meta


class Raised(Aggregate.Created):
    meta: Meta
    jurisdiction: str
    source: Source
    category: Category
    severity: Severity
    description: str
    project_id: UUID | None
    enterprise_id: UUID | None
    visit_id: UUID | None
    # Intake beyond visits (absent before: none of them).
    ticket: Ticket | None
    grid_unit: str | None
    meeting: str | None
    subject: Subject | None
    meeting_id: UUID | None  # a meeting's task; absent before: by name only
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.update(ticket=None, grid_unit=None, meeting=None, subject=None)

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["meeting_id"] = None


class Assigned(Aggregate.Event):
    meta: Meta
    department: str  # its name then
    deadline: date
    respond_by: date | None  # absent before first-response limits: none
    department_id: UUID | None  # absent before departments were registered
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["respond_by"] = None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["department_id"] = None


class Transferred(Aggregate.Event):
    meta: Meta
    department: str  # its name then
    deadline: date
    reason: str
    respond_by: date | None  # absent before first-response limits: none
    department_id: UUID | None  # absent before departments were registered
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["respond_by"] = None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["department_id"] = None


class Accepted(Aggregate.Event):
    meta: Meta


class ProgressReported(Aggregate.Event):
    meta: Meta
    note: str


class Escalated(Aggregate.Event):
    meta: Meta
    level: int
    to: str
    reason: str
    # Where 提级 moves it (absent before escalations moved problems: nowhere).
    department: str | None
    deadline: date | None
    respond_by: date | None
    department_id: UUID | None  # absent before departments were registered
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.update(department=None, deadline=None, respond_by=None)

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["department_id"] = None


class ResolutionProposed(Aggregate.Event):
    meta: Meta
    summary: str
    evidence_ids: list[UUID]


class SentBack(Aggregate.Event):
    meta: Meta
    reason: str


class ClosedOut(Aggregate.Event):
    meta: Meta
    note: str


class Rated(Aggregate.Event):
    meta: Meta
    satisfaction: Satisfaction
    comment: str
    channel: Channel | None  # absent before callbacks said how: unknown
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["channel"] = None


class CallbackFailed(Aggregate.Event):
    meta: Meta
    channel: Channel
    note: str


class CallbackFlagged(Aggregate.Event):
    meta: Meta
    concern: Concern


class Reopened(Aggregate.Event):
    meta: Meta
    concern: Concern


class Withdrawn(Aggregate.Event):
    meta: Meta
    duplicate_of: UUID


class DepartmentMatched(Aggregate.Event):
    meta: Meta
    department_id: UUID
    department: str  # the name it was recorded under


class Moved(Aggregate.Event):
    meta: Meta
    jurisdiction: str
    reason: str


class DeadlinePassed(Aggregate.Event):
    meta: Meta
    deadline: date
