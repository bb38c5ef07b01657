"""Who a problem is with: its assignment, transfer, acceptance, progress and
escalation (提级), a department's match and a move, and the deadline sweep's rules.
The rules `Issue` takes for handing a problem on; its events and their effects stay
in `domain.model.issue`."""

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.issue_states import (
    IN_HAND,
    MAX_ESCALATION,
    OPEN,
    HandedOn,
    Loop,
    Status,
)
from domain.values import Meta, plausible_date
from domain.workdays import add_working_days


class HandingOn(Loop):
    """A problem's rules while a department has it, or should."""

    jurisdiction: str
    escalation_level: int
    escalated_deadline: date | None
    flagged_deadline: date | None
    _assigned: Callable[..., None]
    _transferred: Callable[..., None]
    _accepted: Callable[..., None]
    _progress_reported: Callable[..., None]
    _escalated: Callable[..., None]
    _department_matched: Callable[..., None]
    _moved: Callable[..., None]
    _deadline_passed: Callable[..., None]

    def assign(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        respond_by: date | None = None,
        department_id: UUID | None = None,
    ) -> None:
        self.require_assignable()
        self._assigned(
            meta=meta,
            department=rules.DEPARTMENT.check("department", department),
            deadline=plausible_date("deadline", deadline),
            respond_by=limit_before(respond_by, deadline),
            department_id=department_id,
        )

    def require_assignable(self) -> None:
        self._require({Status.RAISED}, "assign")

    def transfer(
        self,
        meta: Meta,
        department: str,
        deadline: date,
        reason: str,
        respond_by: date | None = None,
        *,
        department_id: UUID | None = None,
    ) -> None:
        self.require_transferable(department, department_id)
        self._transferred(
            meta=meta,
            department=department,
            deadline=plausible_date("deadline", deadline),
            reason=rules.REASON.check("reason", reason),
            respond_by=limit_before(respond_by, deadline),
            department_id=department_id,
        )

    def require_transferable(
        self, department: str, department_id: UUID | None = None
    ) -> None:
        self._require(IN_HAND, "transfer")
        rules.DEPARTMENT.check("department", department)
        if self.is_with(department, department_id):
            raise RuleBroken(f"the problem is with {department} already")

    def is_with(self, department: str, department_id: UUID | None) -> bool:
        """The problem is with that department now (by id where both have one)."""
        if department_id is not None and self.department_id is not None:
            return department_id == self.department_id
        return department == self.department

    def accept(self, meta: Meta) -> None:
        self._require({Status.ASSIGNED}, "accept")
        self._accepted(meta=meta)

    def report_progress(self, meta: Meta, note: str) -> None:
        self._require(IN_HAND, "report progress on")
        self._progress_reported(meta=meta, note=rules.PROGRESS_NOTE.check("note", note))

    def escalate(
        self,
        meta: Meta,
        to: str,
        reason: str,
        moved: HandedOn = None,
        department_id: UUID | None = None,
    ) -> None:
        """提级: up a level to `to` (a leader, an office); `moved` hands it to a
        higher department (`department_id`) with new limits, or sets a new limit
        only."""
        self._require(OPEN, "escalate")
        if self.escalation_level >= MAX_ESCALATION:
            raise RuleBroken("the problem is at the highest level already")
        department, deadline, respond_by = moved or (None, None, None)
        if department is not None:
            self._require(IN_HAND | {Status.RAISED}, "hand on")
            rules.DEPARTMENT.check("department", department)
            if self.is_with(department, department_id):
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
            to=rules.ESCALATED_TO.check("to", to),
            reason=rules.REASON.check("reason", reason),
            department=department,
            deadline=deadline,
            respond_by=respond_by if department is not None else None,
            department_id=department_id if department is not None else None,
        )

    def match_department(self, meta: Meta, department_id: UUID) -> None:
        """A department recorded as a name only is the registered one named so."""
        if self.department is None:
            raise RuleBroken("the problem has no department yet")
        if self.department_id is not None:
            raise RuleBroken(f"{self.department} is matched already")
        self._department_matched(
            meta=meta, department_id=department_id, department=self.department
        )

    def move(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        """Goes with its project to another jurisdiction, while it is open."""
        self._require(OPEN, "move")
        if jurisdiction == self.jurisdiction:
            raise RuleBroken(f"the problem is in {jurisdiction} already")
        self._moved(meta=meta, jurisdiction=jurisdiction, reason=reason)

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


def limit_before(respond_by: date | None, deadline: date) -> date | None:
    """A first-response limit falls on or before the deadline."""
    if respond_by is not None and plausible_date("respond_by", respond_by) > deadline:
        raise InvalidValue("respond_by", f"falls after the deadline {deadline}")
    return respond_by
