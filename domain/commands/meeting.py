"""Commands of meetings (调度会): holding one, its minutes, and the tasks (任务交办单)
its decisions issue, each a problem assigned with its limits in the same command."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.commands.department import department_for
from domain.commands.limits import Limits
from domain.errors import InvalidValue, RuleBroken
from domain.model.department import Department
from domain.model.issue import Category, Issue, Severity, Source
from domain.model.meeting import Facts, Meeting
from domain.model.officer import Officer
from domain.model.project import Project
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class HoldMeeting(Command, wire="HoldMeeting"):
    """A meeting held: its kind (one of the county's), day, title, chair (an
    officer, a leader usually), attendees and departments attending, the projects
    it reviewed (of its jurisdiction) and its minutes (会议纪要, may follow later)."""

    meeting_id: UUID
    jurisdiction: str
    kind: str
    held_on: date
    title: str
    chair_id: UUID
    attendee_ids: tuple[UUID, ...] = ()
    department_ids: tuple[UUID, ...] = ()
    project_ids: tuple[UUID, ...] = ()
    minutes: str = ""

    @property
    def target_id(self) -> UUID:
        return self.meeting_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.meeting_id, "meeting_id")
        unit.meeting_kinds.require(self.kind)
        facts = Facts(
            *(self.jurisdiction, self.kind, self.held_on, self.title, self.chair_id),
            *(self.attendee_ids, self.department_ids, self.project_ids, self.minutes),
        )
        meeting = Meeting.hold(id=self.meeting_id, meta=meta, held=facts)
        unit.require_within(meeting.jurisdiction)
        for officer_id in (self.chair_id, *self.attendee_ids):
            if not unit.get(Officer, officer_id).active:
                raise RuleBroken(f"officer {officer_id} has been deactivated")
        for department_id in self.department_ids:
            unit.get(Department, department_id).require_active()
        for project_id in self.project_ids:
            place = unit.get(Project, project_id).jurisdiction
            if not place.startswith(meeting.jurisdiction):
                raise InvalidValue(
                    "project_ids", f"{project_id} lies outside {meeting.jurisdiction}"
                )
        return unit.add(meeting)


@dataclass(frozen=True, kw_only=True)
class MeetingChange(Change[Meeting]):
    kind: ClassVar[type[Aggregate]] = Meeting
    meeting_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.meeting_id


@dataclass(frozen=True, kw_only=True)
class RecordMinutes(MeetingChange, wire="RecordMinutes"):
    minutes: str

    def apply(self, meeting: Meeting, meta: Meta) -> None:
        meeting.record_minutes(meta, self.minutes)


@dataclass(frozen=True, kw_only=True)
class IssueTask(Limits, MeetingChange, wire="IssueTask"):
    """A decision of the meeting issued as a task (任务交办单): a problem about a
    project it reviewed, raised from the meeting and assigned to one department
    (「一项任务、一个责任单位」, seed 002) with a deadline or N working days, in one
    command. From then on it runs the problems' loop (/issues/{issue_id}/…)."""

    issue_id: UUID
    project_id: UUID
    description: str
    category: Category = Category.OTHER
    severity: Severity = Severity.MEDIUM
    department: str | None = None
    department_id: UUID | None = None
    deadline: date | None = None
    working_days: int | None = None
    respond_within: int | None = None

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        meeting = unit.get(Meeting, self.meeting_id, to_change=True)
        unit.require_new(self.issue_id, "issue_id")
        meeting.require_reviewed(self.project_id)
        project = unit.get(Project, self.project_id)
        task = Issue.raise_(
            id=self.issue_id,
            meta=meta,
            jurisdiction=project.jurisdiction,
            source=Source.MEETING,
            category=self.category,
            severity=self.severity,
            description=self.description,
            project_id=project.id,
            enterprise_id=None,
            visit_id=None,
            meeting=meeting.reference,
            meeting_id=meeting.id,
        )
        to = department_for(
            unit, task.jurisdiction, self.department_id, self.department
        )
        deadline, respond_by = self.worked_out()
        task.assign(meta, to.name, deadline, respond_by, to.id)
        meeting.issue_task(meta, task.id, project.id, to.id, deadline)
        unit.add(task)
        return meeting
