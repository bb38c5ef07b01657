"""The problem an enterprise raises, and its closed loop to a rated close-out (销号)."""

from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValue, RuleBroken
from domain.model.intake import CallbackRule, CallbackRules, Concern, Subject, Ticket
from domain.values import Meta, jurisdiction, plausible_date, text
from domain.workdays import add_working_days


class Source(Enum):
    VISIT = "visit"
    HOTLINE = "hotline_12345"
    MEETING = "meeting"
    SELF_REPORT = "self_report"
    GRID = "grid"  # a grid unit (网格) brought it: 「各网格单位…协调解决」 (seed 002)


class Category(Enum):
    LAND = "land"
    POWER = "power_utilities"
    FINANCE = "finance"
    APPROVALS = "approvals_permits"
    ENVIRONMENT = "environment"
    LABOUR = "labour"
    CONSTRUCTION = "construction"
    OPERATIONS = "operations"
    POLICY = "policy"
    OTHER = "other"


class Severity(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Status(Enum):
    RAISED = "raised"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    PROPOSED = "resolution_proposed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Channel(Enum):
    """How a callback (回访) reached the enterprise, or tried to."""

    PHONE = "phone"
    SMS = "sms"
    VISIT = "visit"
    ONLINE = "online"


class Satisfaction(Enum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


Moved = tuple[str | None, date | None, date | None] | None  # department, limits
OPEN = frozenset({Status.RAISED, Status.ASSIGNED, Status.ACCEPTED, Status.PROPOSED})
IN_HAND = frozenset({Status.ASSIGNED, Status.ACCEPTED})
MAX_ESCALATION = 5


class Issue(Aggregate):
    """A problem (问题/诉求). Commands check the loop's rules; events only record."""

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
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(ticket=None, grid_unit=None, meeting=None, subject=None)

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
        self.subject = subject
        self.status = Status.RAISED
        self.department: str | None = None
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
        facts = dict.fromkeys(("ticket", "grid_unit", "meeting", "subject")) | facts
        text("description", facts["description"], 4000, multiline=True)
        jurisdiction(facts["jurisdiction"])
        registered = facts["project_id"] or facts["enterprise_id"]
        if registered is None and facts["subject"] is None:
            raise InvalidValue(
                "project_id",
                "a problem concerns a project, an enterprise or an unregistered"
                " subject (个体户, a resident)",
            )
        if registered is not None and facts["subject"] is not None:
            raise InvalidValue("subject", "is for a subject not registered here")
        if facts["subject"] is not None:
            facts["subject"].check()
        require_intake(facts)
        return cls(id=id, meta=meta, **facts)

    # Assignment ----------------------------------------------------------------

    class Assigned(Aggregate.Event):
        meta: Meta
        department: str
        deadline: date
        respond_by: date | None  # absent before first-response limits: none
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["respond_by"] = None

    def assign(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        respond_by: date | None = None,
    ) -> None:
        self.require_assignable()
        self._assigned(
            meta=meta,
            department=text("department", department, 100),
            deadline=plausible_date("deadline", deadline),
            respond_by=limit_before(respond_by, deadline),
        )

    def require_assignable(self) -> None:
        self._require({Status.RAISED}, "assign")

    @event(Assigned)
    def _assigned(
        self, meta: Meta, department: str, deadline: date, respond_by: date | None
    ) -> None:
        self.status = Status.ASSIGNED
        self.department = department
        self.deadline = deadline
        self.respond_by = respond_by
        self.responded = False

    class Transferred(Aggregate.Event):
        meta: Meta
        department: str
        deadline: date
        reason: str
        respond_by: date | None  # absent before first-response limits: none
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["respond_by"] = None

    def transfer(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        reason: str,
        respond_by: date | None = None,
    ) -> None:
        self.require_transferable(department)
        self._transferred(
            meta=meta,
            department=department,
            deadline=plausible_date("deadline", deadline),
            reason=text("reason", reason, 1000),
            respond_by=limit_before(respond_by, deadline),
        )

    def require_transferable(self, department: str) -> None:
        self._require(IN_HAND, "transfer")
        text("department", department, 100)
        if department == self.department:
            raise RuleBroken(f"the problem is with {department} already")

    @event(Transferred)
    def _transferred(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        reason: str,
        respond_by: date | None,
    ) -> None:
        self.status = Status.ASSIGNED
        self.department = department
        self.deadline = deadline
        self.respond_by = respond_by
        self.responded = False

    class Accepted(Aggregate.Event):
        meta: Meta

    def accept(self, meta: Meta) -> None:
        self._require({Status.ASSIGNED}, "accept")
        self._accepted(meta=meta)

    @event(Accepted)
    def _accepted(self, meta: Meta) -> None:
        self.status = Status.ACCEPTED
        self.responded = True

    class ProgressReported(Aggregate.Event):
        meta: Meta
        note: str

    def report_progress(self, meta: Meta, note: str) -> None:
        self._require(IN_HAND, "report progress on")
        self._progress_reported(
            meta=meta, note=text("note", note, 4000, multiline=True)
        )

    @event(ProgressReported)
    def _progress_reported(self, meta: Meta, note: str) -> None:
        self.progress.append(note)
        self.responded = True

    class Escalated(Aggregate.Event):
        meta: Meta
        level: int
        to: str
        reason: str
        # Where 提级 moves it (absent before escalations moved problems: nowhere).
        department: str | None
        deadline: date | None
        respond_by: date | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(department=None, deadline=None, respond_by=None)

    def escalate(self, meta: Meta, to: str, reason: str, moved: Moved = None) -> None:
        """提级: up a level to `to` (a leader, an office); `moved` hands it to a
        higher department with new limits, or sets a new limit only."""
        self._require(OPEN, "escalate")
        if self.escalation_level >= MAX_ESCALATION:
            raise RuleBroken("the problem is at the highest level already")
        department, deadline, respond_by = moved or (None, None, None)
        if department is not None:
            self._require(IN_HAND | {Status.RAISED}, "hand on")
            if text("department", department, 100) == self.department:
                raise RuleBroken(f"the problem is with {department} already")
            if deadline is None:
                raise InvalidValue("deadline", "a department given a problem needs one")
        if deadline is not None:
            if department is None and self.department is None:
                raise RuleBroken(
                    "a new limit for a problem nobody was given: assign it"
                )
            respond_by = limit_before(respond_by, plausible_date("deadline", deadline))
        self._escalated(
            meta=meta,
            level=self.escalation_level + 1,
            to=text("to", to, 100),
            reason=text("reason", reason, 1000),
            department=department,
            deadline=deadline,
            respond_by=respond_by if department is not None else None,
        )

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
    ) -> None:
        self.escalation_level = level
        self.escalated_to = to
        if deadline is not None:
            self.deadline = deadline
        self.escalated_deadline = self.deadline
        if department is not None:
            self.status = Status.ASSIGNED
            self.department = department
            self.respond_by = respond_by
            self.responded = False

    # Resolution ----------------------------------------------------------------

    class ResolutionProposed(Aggregate.Event):
        meta: Meta
        summary: str
        evidence_ids: list[UUID]

    def propose_resolution(
        self, meta: Meta, summary: str, evidence_ids: list[UUID]
    ) -> None:
        self._require(IN_HAND, "propose a resolution for")
        self._resolution_proposed(
            meta=meta,
            summary=text("summary", summary, 4000, multiline=True),
            evidence_ids=list(evidence_ids),
        )

    @event(ResolutionProposed)
    def _resolution_proposed(
        self, meta: Meta, summary: str, evidence_ids: list[UUID]
    ) -> None:
        self.status = Status.PROPOSED
        self.responded = True
        self.resolution = summary
        self.evidence_ids = evidence_ids

    class SentBack(Aggregate.Event):
        meta: Meta
        reason: str

    def send_back(self, meta: Meta, reason: str) -> None:
        self._require({Status.PROPOSED}, "send back")
        self._sent_back(meta=meta, reason=text("reason", reason, 1000))

    @event(SentBack)
    def _sent_back(self, meta: Meta, reason: str) -> None:
        self.status = Status.ACCEPTED
        self.send_backs += 1

    class ClosedOut(Aggregate.Event):
        meta: Meta
        note: str

    def require_closable(self) -> None:
        self._require({Status.PROPOSED}, "close out")

    def close_out(self, meta: Meta, note: str) -> None:
        self.require_closable()
        self._closed_out(meta=meta, note=text("note", note, 1000, multiline=True))

    @event(ClosedOut)
    def _closed_out(self, meta: Meta, note: str) -> None:
        self.status = Status.CLOSED
        self.closed_by = meta.actor_id

    class Rated(Aggregate.Event):
        meta: Meta
        satisfaction: Satisfaction
        comment: str
        channel: Channel | None  # absent before callbacks said how: unknown
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["channel"] = None

    def rate(
        self,
        meta: Meta,
        satisfaction: Satisfaction,
        comment: str,
        channel: Channel | None = None,
        rules: CallbackRules = CallbackRules(),  # noqa: B008 (frozen)
    ) -> None:
        """回访: the enterprise's rating, taken by someone other than the closer;
        an unsatisfied one flags or reopens the problem by the county's rule."""
        self.require_callback(meta)
        if self.satisfaction is not None:
            raise RuleBroken("the problem has been rated already")
        if comment:
            text("comment", comment, 1000, multiline=True)
        self._rated(
            meta=meta, satisfaction=satisfaction, comment=comment, channel=channel
        )
        if satisfaction is Satisfaction.UNSATISFIED:
            self._follow_up(meta, Concern.UNSATISFIED, rules)

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

    class CallbackFailed(Aggregate.Event):
        meta: Meta
        channel: Channel
        note: str

    def record_unreachable(
        self,
        meta: Meta,
        channel: Channel,
        note: str,
        rules: CallbackRules = CallbackRules(),  # noqa: B008 (frozen)
    ) -> None:
        """The callback could not reach the enterprise: recorded, and the problem
        flagged or reopened by the county's rule."""
        self.require_callback(meta)
        if self.satisfaction is not None:
            raise RuleBroken("the problem has been rated already")
        self._callback_failed(
            meta=meta, channel=channel, note=text("note", note, 1000, multiline=True)
        )
        self._follow_up(meta, Concern.UNREACHABLE, rules)

    @event(CallbackFailed)
    def _callback_failed(self, meta: Meta, channel: Channel, note: str) -> None:
        self.callbacks_failed += 1

    class CallbackFlagged(Aggregate.Event):
        meta: Meta
        concern: Concern

    class Reopened(Aggregate.Event):
        meta: Meta
        concern: Concern

    def _follow_up(self, meta: Meta, concern: Concern, rules: CallbackRules) -> None:
        if rules.for_(concern) is CallbackRule.REOPEN:
            self._reopened(meta=meta, concern=concern)
        else:
            self._callback_flagged(meta=meta, concern=concern)

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

    def require_callback(self, meta: Meta) -> None:
        self._require({Status.CLOSED}, "call back on")
        if meta.actor_id == self.closed_by:
            raise RuleBroken(
                "who closed the problem out does not rate it: the callback (回访)"
                " is another's, the 12345 or polling centre's"
            )

    class Withdrawn(Aggregate.Event):
        meta: Meta
        duplicate_of: UUID

    def withdraw(self, meta: Meta, duplicate_of: "Issue") -> None:
        self._require(OPEN, "withdraw")
        if duplicate_of.id == self.id:
            raise RuleBroken("a problem cannot duplicate itself")
        if duplicate_of.status is Status.WITHDRAWN:
            raise RuleBroken("the original was itself withdrawn")
        self._withdrawn(meta=meta, duplicate_of=duplicate_of.id)

    @event(Withdrawn)
    def _withdrawn(self, meta: Meta, duplicate_of: UUID) -> None:
        self.status = Status.WITHDRAWN
        self.duplicate_of = duplicate_of

    # The deadline sweep ------------------------------------------------------------

    class DeadlinePassed(Aggregate.Event):
        meta: Meta
        deadline: date

    def flag_overdue(self, meta: Meta, today: date) -> None:
        """Records that the deadline passed with the problem still open, once per
        deadline (a transfer sets a new one); `today` is the sweep's local date."""
        self._require(OPEN, "flag as overdue")
        if self.deadline is None:
            raise RuleBroken("the problem has no deadline yet")
        if self.deadline >= today:
            raise RuleBroken(f"the deadline {self.deadline} has not passed on {today}")
        if self.flagged_deadline == self.deadline:
            raise RuleBroken(f"the deadline {self.deadline} is flagged already")
        self._deadline_passed(meta=meta, deadline=self.deadline)

    def require_overdue_by(self, today: date, working_days: int) -> None:
        """The sweep's rule for 提级: open, `working_days` whole working days past
        its deadline by `today`, not escalated since that deadline was set."""
        self._require(OPEN, "escalate as overdue")
        if self.deadline is None:
            raise RuleBroken("the problem has no deadline yet")
        if add_working_days(self.deadline, working_days) >= today:
            raise RuleBroken(
                f"the deadline {self.deadline} is not {working_days} working days"
                f" past on {today}"
            )
        if self.escalated_deadline == self.deadline:
            raise RuleBroken(f"escalated already since the deadline {self.deadline}")

    @event(DeadlinePassed)
    def _deadline_passed(self, meta: Meta, deadline: date) -> None:
        self.flagged_deadline = deadline

    def _require(self, allowed: set[Status] | frozenset[Status], action: str) -> None:
        if self.status not in allowed:
            raise RuleBroken(f"cannot {action} a problem that is {self.status.value}")


INTAKE = (  # a source's own reference, and whether it must be given
    ("visit_id", Source.VISIT, True),
    ("grid_unit", Source.GRID, True),
    ("ticket", Source.HOTLINE, False),
    ("meeting", Source.MEETING, False),
)


def require_intake(facts: dict[str, Any]) -> None:
    """A visit's id and a grid unit exactly with their sources; a 12345 ticket and
    a meeting's name only with theirs (hotline problems raised before tickets were
    kept had none: a phone's retry of one still lands)."""
    for field, source, required in INTAKE:
        given = facts[field] is not None
        if given != (facts["source"] is source) and (given or required):
            how = "exactly" if required else "only"
            raise InvalidValue(
                field, f"is given {how} when the source is {source.value}"
            )
    if facts["ticket"] is not None:
        facts["ticket"].check()
    if facts["grid_unit"] is not None:
        text("grid_unit", facts["grid_unit"], 100)
    if facts["meeting"] is not None:
        text("meeting", facts["meeting"], 200)


def limit_before(respond_by: date | None, deadline: date) -> date | None:
    """A first-response limit falls on or before the deadline."""
    if respond_by is not None and plausible_date("respond_by", respond_by) > deadline:
        raise InvalidValue("respond_by", f"falls after the deadline {deadline}")
    return respond_by


STORED_TYPES = (Source, Category, Severity, Status, Satisfaction, Channel)
