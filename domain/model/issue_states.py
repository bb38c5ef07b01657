"""A problem's kinds and states: where it came from, what it is about, how far its
loop is. Stored under the names they had in `domain.model.issue` (`__stored_as__`)."""

from datetime import date
from enum import Enum
from uuid import UUID

from domain.errors import RuleBroken


class Source(Enum):
    __stored_as__ = "issue.Source"  # its name in stored events: it was declared there
    VISIT = "visit"
    HOTLINE = "hotline_12345"
    MEETING = "meeting"
    SELF_REPORT = "self_report"
    GRID = "grid"  # a grid unit (网格) brought it: 「各网格单位…协调解决」 (seed 002)


class Category(Enum):
    __stored_as__ = "issue.Category"
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
    __stored_as__ = "issue.Severity"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Status(Enum):
    __stored_as__ = "issue.Status"
    RAISED = "raised"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    PROPOSED = "resolution_proposed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Channel(Enum):
    """How a callback (回访) reached the enterprise, or tried to."""

    __stored_as__ = "issue.Channel"

    PHONE = "phone"
    SMS = "sms"
    VISIT = "visit"
    ONLINE = "online"


class Satisfaction(Enum):
    __stored_as__ = "issue.Satisfaction"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


HandedOn = tuple[str | None, date | None, date | None] | None  # department, limits
OPEN = frozenset({Status.RAISED, Status.ASSIGNED, Status.ACCEPTED, Status.PROPOSED})
IN_HAND = frozenset({Status.ASSIGNED, Status.ACCEPTED})
MAX_ESCALATION = 5


class Loop:
    """Where a problem is in its loop: what its rules (`issue_handling`,
    `issue_callback`) read of the state `Issue`'s events build."""

    id: UUID
    status: Status
    department: str | None
    department_id: UUID | None
    deadline: date | None

    def _require(self, allowed: set[Status] | frozenset[Status], action: str) -> None:
        if self.status not in allowed:
            raise RuleBroken(f"cannot {action} a problem that is {self.status.value}")
