"""A meeting (调度会 …): when, who chaired and attended, the projects it reviewed, its
minutes, and the tasks (任务交办单) its decisions issued, each a problem of its own."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.meeting_kinds import CODE
from domain.values import Meta, jurisdiction, plausible_date

MAX_PEOPLE = 100  # attendees, and departments attending
MAX_PROJECTS = 100
MAX_TASKS = 200


@dataclass(frozen=True)
class Facts:
    """What a meeting held is recorded with."""

    jurisdiction: str
    kind: str
    held_on: date
    title: str
    chair_id: UUID
    attendee_ids: Sequence[UUID]
    department_ids: Sequence[UUID]
    project_ids: Sequence[UUID]
    minutes: str


class Meeting(Aggregate):
    """A meeting held. Its tasks run the problems' closed loop; it keeps their ids."""

    class Held(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        kind: str  # a code of the county's kinds (settings)
        held_on: date
        title: str
        chair_id: UUID
        attendee_ids: list[UUID]
        department_ids: list[UUID]
        project_ids: list[UUID]
        minutes: str

    @event(Held)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        kind: str,
        held_on: date,
        title: str,
        chair_id: UUID,
        attendee_ids: list[UUID],
        department_ids: list[UUID],
        project_ids: list[UUID],
        minutes: str,
    ) -> None:
        self.jurisdiction = jurisdiction
        self.kind = kind
        self.held_on = held_on
        self.title = title
        self.chair_id = chair_id
        self.attendee_ids = attendee_ids
        self.department_ids = department_ids
        self.project_ids = project_ids
        self.minutes = minutes
        self.task_ids: list[UUID] = []

    @classmethod
    def hold(cls, *, id: UUID, meta: Meta, held: "Facts") -> "Meeting":
        """Checks a meeting's own facts (who and what exist is the command's to
        check) and records it held."""
        if not isinstance(held.kind, str) or not CODE.fullmatch(held.kind):
            raise InvalidValue("kind", "must be 1 to 32 of a-z 0-9 _")
        distinct("attendee_ids", held.attendee_ids, MAX_PEOPLE)
        distinct("department_ids", held.department_ids, MAX_PEOPLE)
        distinct("project_ids", held.project_ids, MAX_PROJECTS)
        return cls(
            id=id,
            meta=meta,
            jurisdiction=jurisdiction(held.jurisdiction),
            kind=held.kind,
            held_on=plausible_date("held_on", held.held_on),
            title=rules.MEETING_TITLE.check("title", held.title),
            chair_id=held.chair_id,
            attendee_ids=list(held.attendee_ids),
            department_ids=list(held.department_ids),
            project_ids=list(held.project_ids),
            minutes=notes(held.minutes),
        )

    @property
    def reference(self) -> str:
        """How its tasks name it (a problem's `meeting`): title and date."""
        return f"{self.title}（{self.held_on.isoformat()}）"

    class MinutesRecorded(Aggregate.Event):
        meta: Meta
        minutes: str

    def record_minutes(self, meta: Meta, minutes: str) -> None:
        """The minutes (会议纪要) as now written; the earlier stay in the history."""
        if minutes == self.minutes:
            raise RuleBroken("the minutes read so already")
        self._minutes_recorded(meta=meta, minutes=notes(minutes))

    @event(MinutesRecorded)
    def _minutes_recorded(self, meta: Meta, minutes: str) -> None:
        self.minutes = minutes

    class TaskIssued(Aggregate.Event):
        meta: Meta
        number: int  # 1, 2 … in the order issued: the 交办单's 序号
        issue_id: UUID
        project_id: UUID
        department_id: UUID
        deadline: date

    def issue_task(
        self,
        meta: Meta,
        issue_id: UUID,
        project_id: UUID,
        department_id: UUID,
        deadline: date,
    ) -> None:
        """A decision handed to a department as a task, about a project reviewed."""
        self.require_reviewed(project_id)
        if len(self.task_ids) >= MAX_TASKS:
            raise RuleBroken(f"a meeting issues at most {MAX_TASKS} tasks")
        self._task_issued(
            meta=meta,
            number=len(self.task_ids) + 1,
            issue_id=issue_id,
            project_id=project_id,
            department_id=department_id,
            deadline=deadline,
        )

    def require_reviewed(self, project_id: UUID) -> None:
        if project_id not in self.project_ids:
            raise InvalidValue("project_id", "is not a project this meeting reviewed")

    @event(TaskIssued)
    def _task_issued(
        self,
        *,
        meta: Meta,
        number: int,
        issue_id: UUID,
        project_id: UUID,
        department_id: UUID,
        deadline: date,
    ) -> None:
        self.task_ids.append(issue_id)


def distinct(field: str, ids: Sequence[UUID], limit: int) -> None:
    if len(ids) > limit:
        raise InvalidValue(field, f"at most {limit}")
    if len(set(ids)) != len(ids):
        raise InvalidValue(field, "must not name one twice")


def notes(minutes: str) -> str:
    """Minutes may be left empty when the meeting is recorded."""
    if minutes == "":
        return minutes
    return rules.MINUTES.check("minutes", minutes)
