"""Commands of a problem's closed loop."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Unit
from domain.commands.limits import Limits
from domain.commands.raising import RaiseIssue as RaiseIssue  # noqa: PLC0414 (re-exported: the loop's commands are found here)
from domain.errors import NotFound, RuleBroken
from domain.model.evidence import Evidence
from domain.model.evidence import Status as EvidenceStatus
from domain.model.intake import CallbackRules
from domain.model.issue import (
    Channel,
    Issue,
    Satisfaction,
)
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class IssueChange(Change[Issue]):
    kind: ClassVar[type[Aggregate]] = Issue
    issue_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.issue_id


@dataclass(frozen=True, kw_only=True)
class AssignIssue(Limits, IssueChange, wire="AssignIssue"):
    department: str
    deadline: date | None = None
    working_days: int | None = None
    respond_within: int | None = None

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.require_assignable()
        deadline, respond_by = self.worked_out()
        issue.assign(meta, self.department, deadline, respond_by)


@dataclass(frozen=True, kw_only=True)
class TransferIssue(Limits, IssueChange, wire="TransferIssue"):
    department: str
    deadline: date | None = None
    reason: str
    working_days: int | None = None
    respond_within: int | None = None

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.require_transferable(self.department)
        deadline, respond_by = self.worked_out()
        issue.transfer(meta, self.department, deadline, self.reason, respond_by)


@dataclass(frozen=True, kw_only=True)
class AcceptIssue(IssueChange, wire="AcceptIssue"):
    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.accept(meta)


@dataclass(frozen=True, kw_only=True)
class ReportIssueProgress(IssueChange, wire="ReportIssueProgress"):
    note: str

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.report_progress(meta, self.note)


@dataclass(frozen=True, kw_only=True)
class EscalateIssue(Limits, IssueChange, wire="EscalateIssue"):
    """提级: up to `to` (a leader, the county office: 顶格协调); with `department`,
    handed to that higher department with new limits; a limit alone sets a new
    deadline where the problem is."""

    added_later: ClassVar[tuple[str, ...]] = (
        "department",
        "deadline",
        "working_days",
        "respond_within",
    )
    to: str
    reason: str
    department: str | None = None
    deadline: date | None = None
    working_days: int | None = None
    respond_within: int | None = None

    def apply(self, issue: Issue, meta: Meta) -> None:
        moved = None
        if self.department is not None or self.limited:
            deadline, respond_by = self.worked_out()
            moved = (self.department, deadline, respond_by)
        issue.escalate(meta, self.to, self.reason, moved)

    @property
    def limited(self) -> bool:
        return self.deadline is not None or self.working_days is not None


@dataclass(frozen=True, kw_only=True)
class ProposeResolution(IssueChange, wire="ProposeResolution"):
    summary: str
    evidence_ids: tuple[UUID, ...] = ()

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.propose_resolution(meta, self.summary, list(self.evidence_ids))


@dataclass(frozen=True, kw_only=True)
class SendBackIssue(IssueChange, wire="SendBackIssue"):
    reason: str

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.send_back(meta, self.reason)


@dataclass(frozen=True, kw_only=True)
class CloseOutIssue(IssueChange, wire="CloseOutIssue"):
    note: str

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        issue = unit.get(Issue, self.issue_id, to_change=True)
        issue.require_closable()
        require_verified(unit, issue)
        self.apply(issue, meta)
        return issue

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.close_out(meta, self.note)


def require_verified(unit: Unit, issue: Issue) -> None:
    """销号 on proof: every photo the resolution cites is this problem's (or its
    visit's) and verified by the server; one unverified, rejected, missing or
    never declared is named in the refusal."""
    for evidence_id in issue.evidence_ids:
        try:
            cited = unit.get(Evidence, evidence_id)
        except NotFound:
            raise RuleBroken(
                f"evidence {evidence_id} cited by the resolution was never declared"
            ) from None
        if cited.owner_id not in (issue.id, issue.visit_id):
            raise RuleBroken(f"evidence {evidence_id} is not of this problem")
        if cited.status is not EvidenceStatus.ATTACHED:
            why = f" ({cited.rejection})" if cited.rejection else ""
            raise RuleBroken(
                f"evidence {evidence_id} cited by the resolution is"
                f" {cited.status.value}{why}, not verified"
            )


DEFAULT_RULES = CallbackRules()  # where no county's rule is handed in: flag


@dataclass(frozen=True, kw_only=True)
class RateIssue(IssueChange, wire="RateIssue"):
    added_later: ClassVar[tuple[str, ...]] = ("channel",)
    satisfaction: Satisfaction
    comment: str = ""
    channel: Channel | None = None

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        issue = unit.get(Issue, self.issue_id, to_change=True)
        self.apply(issue, meta, unit.callback_rules)
        return issue

    def apply(
        self, issue: Issue, meta: Meta, rules: CallbackRules = DEFAULT_RULES
    ) -> None:
        issue.rate(meta, self.satisfaction, self.comment, self.channel, rules)


@dataclass(frozen=True, kw_only=True)
class RecordCallbackFailure(IssueChange, wire="RecordCallbackFailure"):
    """回访 that could not reach the enterprise (no answer, number out of use)."""

    channel: Channel
    note: str

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        issue = unit.get(Issue, self.issue_id, to_change=True)
        self.apply(issue, meta, unit.callback_rules)
        return issue

    def apply(
        self, issue: Issue, meta: Meta, rules: CallbackRules = DEFAULT_RULES
    ) -> None:
        issue.record_unreachable(meta, self.channel, self.note, rules)


@dataclass(frozen=True, kw_only=True)
class WithdrawIssue(IssueChange, wire="WithdrawIssue"):
    duplicate_of: UUID

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        issue = unit.get(Issue, self.issue_id)
        issue.withdraw(meta, unit.get(Issue, self.duplicate_of))
        return issue


SWEEP_DEVICE = "sweep"  # what the scheduled sweep records, as values.SYSTEM_ACTOR


@dataclass(frozen=True, kw_only=True)
class EscalateOverdue(IssueChange, wire="EscalateOverdue"):
    """The deadline sweep's 提级, by the county's rule: a problem `after` working
    days past its deadline goes up to `to`. Sent by the system only."""

    today: date
    after: int
    to: str

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.require_overdue_by(self.today, self.after)
        reason = f"逾期{self.after}个工作日未办结，系统按规则提级"
        issue.escalate(meta, self.to, reason)


@dataclass(frozen=True, kw_only=True)
class FlagOverdue(IssueChange, wire="FlagOverdue"):
    """The deadline sweep: the problem's deadline passed before `today` (local date),
    unresolved. Sent by the system only, never through the API."""

    today: date

    def apply(self, issue: Issue, meta: Meta) -> None:
        issue.flag_overdue(meta, self.today)
