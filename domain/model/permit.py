"""A permit of an approval package as it stands, and a matter an agent handles:
state the package keeps (never stored on its own; its events are)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from uuid import UUID

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.package_template import PermitSpec, check_days
from domain.values import plausible_date, text

MAX_MISSING = 20
MAX_AGENTS = 30


class PermitStatus(Enum):
    NOT_STARTED = "not_started"
    PREPARED = "prepared"  # the materials are ready (often by the agent)
    SUBMITTED = "submitted"  # handed in to the department (申报)
    ACCEPTED = "accepted"  # 受理: the limit runs from here
    GRANTED = "granted"  # 办结 / 出证
    RETURNED = "returned"  # 退回, with the reason; may be submitted again


# Which step may follow which status.
STEPS: dict[str, frozenset[PermitStatus]] = {
    "prepare": frozenset({PermitStatus.NOT_STARTED}),
    "submit": frozenset({PermitStatus.PREPARED, PermitStatus.RETURNED}),
    "accept": frozenset({PermitStatus.SUBMITTED}),
    "grant": frozenset({PermitStatus.ACCEPTED}),
    "return": frozenset({PermitStatus.SUBMITTED, PermitStatus.ACCEPTED}),
    "supply": frozenset({PermitStatus.ACCEPTED, PermitStatus.GRANTED}),
}


@dataclass
class Permit:
    """One permit of a project's package, its committed limit (承诺时限) and the dates
    of its steps; a 容缺 acceptance keeps what is missing and the date it is due."""

    permit_id: str
    name: str
    department: str
    statutory_days: int
    committed_days: int
    stage: str = ""
    status: PermitStatus = PermitStatus.NOT_STARTED
    agent_id: UUID | None = None
    prepared_on: date | None = None
    submitted_on: date | None = None
    accepted_on: date | None = None
    granted_on: date | None = None
    returned_on: date | None = None
    return_reason: str | None = None
    returns: int = 0
    missing: list[str] = field(default_factory=list)
    supply_by: date | None = None
    supplied_on: date | None = None
    flagged_supply_by: date | None = None  # the date the sweep flagged as passed
    reference: str | None = None

    @classmethod
    def of(cls, spec: PermitSpec) -> "Permit":
        return cls(
            permit_id=spec.permit_id,
            name=spec.name,
            department=spec.department,
            statutory_days=spec.statutory_days,
            committed_days=spec.statutory_days,
            stage=spec.stage,
        )

    @property
    def last_on(self) -> date | None:
        """The date of its latest step."""
        dates = (
            self.prepared_on,
            self.submitted_on,
            self.accepted_on,
            self.granted_on,
            self.returned_on,
            self.supplied_on,
        )
        return max((d for d in dates if d is not None), default=None)

    @property
    def documents_outstanding(self) -> bool:
        return bool(self.missing) and self.supplied_on is None

    def require_documents_overdue(self, today: date) -> date:
        """The supply date that passed before `today` with the documents still
        missing, not flagged before; refused otherwise."""
        due = self.supply_by
        if not self.documents_outstanding or due is None or due >= today:
            raise RuleBroken(f"permit {self.permit_id} has no documents overdue")
        if self.flagged_supply_by == due:
            raise RuleBroken(f"permit {self.permit_id}'s documents are flagged already")
        return due

    def require_committable(self, days: int) -> None:
        """A committed limit: at most the statutory one, before the acceptance."""
        check_days("committed_days", days)
        if days > self.statutory_days:
            raise InvalidValue(
                "committed_days",
                f"must not exceed the statutory {self.statutory_days} days",
            )
        if self.status in (PermitStatus.ACCEPTED, PermitStatus.GRANTED):
            raise RuleBroken(f"permit {self.permit_id} is {self.status.value} already")

    def require_grantable(self, on: date, sent_at: datetime) -> None:
        """办结: not while documents of a 容缺 acceptance are outstanding."""
        self.require_step("grant", on, sent_at)
        if self.documents_outstanding:
            raise RuleBroken(
                f"permit {self.permit_id} awaits its missing documents:"
                f" {'、'.join(self.missing)} (due {self.supply_by})"
            )

    def require_acceptable(
        self, on: date, sent_at: datetime, missing: list[str], supply_by: date | None
    ) -> None:
        """受理; with documents missing (容缺), the date they must come by."""
        self.require_step("accept", on, sent_at)
        check_missing(missing, supply_by, on)

    def require_suppliable(self, on: date, sent_at: datetime) -> None:
        self.require_step("supply", on, sent_at)
        if not self.documents_outstanding:
            raise RuleBroken(f"permit {self.permit_id} awaits no missing documents")

    def require_step(self, step: str, on: date, sent_at: datetime) -> date:
        """Refuses a step its status does not allow, or a date before its latest
        step's or after the day the device sent it."""
        if self.status not in STEPS[step]:
            state = self.status.value.replace("_", " ")
            raise RuleBroken(f"cannot {step} permit {self.permit_id}: it is {state}")
        step_date(on, sent_at)
        if self.last_on is not None and on < self.last_on:
            raise InvalidValue(
                "on", f"{on} is before the permit's last step, on {self.last_on}"
            )
        return on


@dataclass
class Matter:
    """A matter an agent handles (代办事项): what, for whom, opened and closed."""

    matter_id: UUID
    agent_id: UUID
    what: str
    for_whom: str
    opened_on: date
    permit_id: str | None = None
    closed_on: date | None = None
    result: str | None = None

    def require_new(self, sent_at: datetime) -> None:
        """A matter as it opens: its texts, its date, nothing closed yet."""
        rules.WHAT.check("what", self.what)
        rules.FOR_WHOM.check("for_whom", self.for_whom)
        step_date(self.opened_on, sent_at)
        if self.closed_on is not None or self.result is not None:
            raise InvalidValue("closed_on", "a matter is closed by closing it")

    def require_closable(self, on: date, sent_at: datetime) -> None:
        step_date(on, sent_at)
        if on < self.opened_on:
            raise InvalidValue("on", f"{on} is before it opened, {self.opened_on}")
        if self.closed_on is not None:
            raise RuleBroken(f"matter {self.matter_id} is closed already")


def step_date(on: date, sent_at: datetime) -> date:
    """The date a step happened: plausible, and not after the day it is recorded
    (by the device's clock, a day's grace for time zones)."""
    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidValue("on", "must be a date")
    plausible_date("on", on)
    if on > sent_at.date() + timedelta(days=1):
        raise InvalidValue("on", f"{on} is after the day it was recorded")
    return on


def check_agents(chief: UUID, agents: list[UUID]) -> None:
    """A chief agent and up to MAX_AGENTS others, each named once."""
    if len(agents) > MAX_AGENTS or len(set(agents)) != len(agents):
        raise InvalidValue("agent_ids", f"up to {MAX_AGENTS} agents, each once")
    if chief in agents:
        raise InvalidValue("agent_ids", "the chief agent is not named again")


def check_missing(missing: list[str], supply_by: date | None, on: date) -> None:
    """A 容缺 acceptance names what is missing and the date it must be supplied by
    (after the acceptance); a full one names neither."""
    if len(missing) > MAX_MISSING:
        raise InvalidValue("missing", f"names at most {MAX_MISSING} documents")
    for document in missing:
        text("missing", document, 200)
    if bool(missing) != (supply_by is not None):
        raise InvalidValue("supply_by", "comes with the missing documents, and only")
    if supply_by is not None and supply_by <= on:
        raise InvalidValue("supply_by", f"must be after the acceptance, on {on}")


STORED_TYPES = (PermitStatus,)
