"""Who may send which command: the role matrix (docs/permissions.md shows it), and the
problems a handler may act on. Decided inside the unit of work that applies the
command, against the state it applies to (`SiteLedger.execute_batch`)."""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.commands import (
    approval,
    checklist,
    department,
    enterprise,
    evidence,
    issue,
    meeting,
    officer,
    place,
    pool,
    project,
    visit,
)
from domain.commands.base import Command
from domain.errors import DomainError
from domain.model.evidence import Owner
from domain.model.issue import Issue, Source
from domain.model.officer import Role

OFFICER, HANDLER, SUPERVISOR, ADMIN, AGENT = (
    Role.OFFICER,
    Role.HANDLER,
    Role.SUPERVISOR,
    Role.ADMIN,
    Role.AGENT,
)
CALLBACK = Role.CALLBACK  # the 12345 or polling centre (回访)
FIELD = frozenset({OFFICER, SUPERVISOR})
LEADS = frozenset({SUPERVISOR, ADMIN})
# Photos: officers on site, supervisors verifying, handlers proving a fix.
EVIDENCE = frozenset({OFFICER, SUPERVISOR, HANDLER})

MATRIX: dict[type[Command], frozenset[Role]] = {
    # Projects are registered and steered by the project team; stewards report.
    project.RegisterProject: LEADS,
    project.AssignSteward: LEADS,
    project.UnassignSteward: LEADS,
    project.AssignLeader: LEADS,
    project.UnassignLeader: LEADS,
    project.AdvanceStage: FIELD,
    project.CorrectStage: LEADS,
    project.RecordMilestone: FIELD,
    project.ReportInvestment: FIELD,
    project.CorrectInvestment: LEADS,
    project.SetAnnualPlan: LEADS,
    # The node plan (倒排工期) is the project team's; its revision needs a reason.
    project.PlanNodes: LEADS,
    project.RevisePlan: LEADS,
    project.RecordStatisticsEntry: LEADS,
    project.SuspendProject: LEADS,
    project.ResumeProject: LEADS,
    project.MoveProject: frozenset({ADMIN}),
    # The pre-landing pool (拟落地重点项目管理库) is the project team's.
    pool.EnterPool: LEADS,
    pool.LeavePool: LEADS,
    enterprise.RegisterEnterprise: FIELD | {ADMIN},
    enterprise.UpdateEnterpriseProfile: FIELD | {ADMIN},
    enterprise.MoveEnterprise: frozenset({ADMIN}),
    officer.RegisterOfficer: frozenset({ADMIN}),
    officer.GrantRole: frozenset({ADMIN}),
    officer.RevokeRole: frozenset({ADMIN}),
    officer.AssignDepartment: frozenset({ADMIN}),
    officer.AssignJurisdiction: frozenset({ADMIN}),
    officer.DeactivateOfficer: frozenset({ADMIN}),
    # Departments are reference data: the administrators' (a county's, a city's).
    department.RegisterDepartment: frozenset({ADMIN}),
    department.RenameDepartment: frozenset({ADMIN}),
    department.RetireDepartment: frozenset({ADMIN}),
    department.ReinstateDepartment: frozenset({ADMIN}),
    # The register of places by name (行政区划) is reference data, as officers are.
    place.RegisterPlace: frozenset({ADMIN}),
    place.RenamePlace: frozenset({ADMIN}),
    checklist.CreateChecklistTemplate: frozenset({ADMIN}),
    checklist.PublishChecklistVersion: frozenset({ADMIN}),
    checklist.RetireChecklistTemplate: frozenset({ADMIN}),
    visit.PlanVisit: FIELD,
    visit.CheckIn: FIELD,
    visit.AnswerItem: FIELD,
    visit.AnswerItems: FIELD,
    visit.AddVisitNote: FIELD,
    visit.ConfirmVisit: FIELD,
    visit.FinishVisit: FIELD,
    visit.CancelVisit: FIELD,
    # The closed loop: officers collect, supervisors triage and verify, handlers act.
    # The 12345 centre takes in tickets too: 「统一受理」 (seed 001).
    issue.RaiseIssue: FIELD | {CALLBACK},
    issue.AssignIssue: frozenset({SUPERVISOR}),
    issue.TransferIssue: frozenset({SUPERVISOR}),
    issue.AcceptIssue: frozenset({HANDLER}),
    issue.ReportIssueProgress: frozenset({HANDLER}),
    issue.EscalateIssue: frozenset({SUPERVISOR}),
    issue.ProposeResolution: frozenset({HANDLER}),
    issue.SendBackIssue: frozenset({SUPERVISOR}),
    issue.CloseOutIssue: frozenset({SUPERVISOR}),
    # 回访: the 12345 or polling centre (a supervisor too, but never the closer).
    issue.RateIssue: frozenset({SUPERVISOR, CALLBACK}),
    issue.RecordCallbackFailure: frozenset({SUPERVISOR, CALLBACK}),
    issue.WithdrawIssue: frozenset({SUPERVISOR}),
    # 调度会 are the project office's (营商办, 专班): it records them and issues their
    # tasks (任务交办单), which then run the loop above.
    meeting.HoldMeeting: frozenset({SUPERVISOR}),
    meeting.RecordMinutes: frozenset({SUPERVISOR}),
    meeting.IssueTask: frozenset({SUPERVISOR}),
    # Also in an offline /sync batch; confirming (POST /evidence/{id}/confirm) is
    # for the same roles.
    evidence.DeclareEvidence: EVIDENCE,
    # Approval packages (审批套餐): the reform office (审改办) sets them up and assigns
    # agents; agents and stewards record steps and matters for their packages; a
    # department's handlers its decisions (domain/approval_access.py).
    approval.CreatePackageTemplate: LEADS,
    approval.PublishPackageVersion: LEADS,
    approval.RetirePackageTemplate: LEADS,
    approval.CreatePackage: frozenset({SUPERVISOR}),
    approval.AssignAgents: frozenset({SUPERVISOR}),
    approval.AssignPermitAgent: frozenset({SUPERVISOR, AGENT}),
    approval.CommitLimit: frozenset({HANDLER, SUPERVISOR}),
    approval.PreparePermit: FIELD | {AGENT},
    approval.SubmitPermit: FIELD | {AGENT},
    approval.AcceptPermit: frozenset({HANDLER, SUPERVISOR}),
    approval.SupplyDocuments: FIELD | {AGENT, HANDLER},
    approval.GrantPermit: frozenset({HANDLER, SUPERVISOR}),
    approval.ReturnPermit: frozenset({HANDLER, SUPERVISOR}),
    approval.OpenMatter: FIELD | {AGENT},
    approval.CloseMatter: FIELD | {AGENT},
}
# A handler acts only on problems assigned to their own department.
DEPARTMENTAL = frozenset(
    {issue.AcceptIssue, issue.ReportIssueProgress, issue.ProposeResolution}
)


class Forbidden(DomainError):
    """The sender may not send this command (their roles, or the problem's
    department)."""


@dataclass(frozen=True)
class Sender:
    """The officer a command is sent by, as the ledger knew them when it came in."""

    officer_id: UUID
    roles: frozenset[Role]
    jurisdiction: str
    department: str | None = None
    department_id: UUID | None = None

    def has(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)


IssueLoader = Callable[[UUID], Issue]


def check(sender: Sender, command: Command, load_issue: IssueLoader) -> None:
    """Raises Forbidden saying why the sender may not send the command; NotFound
    for a departmental command on a problem out of their reach."""
    if reason := refusal(sender, command, load_issue):
        raise Forbidden(reason)


def refusal(sender: Sender, command: Command, load_issue: IssueLoader) -> str | None:
    """Why the sender may not send the command, None if they may."""
    if sender.roles.isdisjoint(MATRIX[type(command)]):
        return f"{command.wire} is not for your roles"
    if isinstance(command, officer.OfficerChange) and (
        command.officer_id == sender.officer_id
    ):
        return "an admin's own account is changed by another admin"
    if type(command) in DEPARTMENTAL and not sender.has(SUPERVISOR):
        return departmental(sender, load_issue(command.target_id))
    if isinstance(command, issue.RaiseIssue) and not sender.roles & FIELD:
        return hotline_refusal(command)
    if isinstance(command, evidence.DeclareEvidence):
        return evidence_refusal(sender, command.owner, command.owner_id, load_issue)
    return None


def hotline_refusal(command: issue.RaiseIssue) -> str | None:
    """The 12345 centre raises problems of its own tickets only."""
    if command.source is not Source.HOTLINE or command.ticket is None:
        return "the 12345 centre raises problems from its tickets only"
    return None


def evidence_refusal(
    sender: Sender, owner: Owner, owner_id: UUID, load_issue: IssueLoader
) -> str | None:
    """Why the sender may not send (or confirm) a photo of this: a handler alone
    sends the photo of a fix, on a problem they may act on."""
    if sender.roles & FIELD:
        return None
    if owner is not Owner.ISSUE:
        return "a handler sends photos of problems only"
    return departmental(sender, load_issue(owner_id))


def departmental(sender: Sender, found: Issue) -> str | None:
    """Why a handler may not act on the problem, None if it is their department's
    (by id; by name where either was recorded before departments were registered)."""
    if not found.is_with(sender.department or "", sender.department_id):
        return "the problem is with another department"
    return None
