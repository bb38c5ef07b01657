"""Who may send which command: the role matrix (docs/permissions.md shows it), and
the problems a handler may act on."""

from uuid import UUID

from api.auth import Principal
from api.services import services
from domain.app import Outcome
from domain.commands import (
    checklist,
    enterprise,
    evidence,
    issue,
    officer,
    project,
    visit,
)
from domain.commands.base import Command
from domain.errors import NotFound
from domain.model.evidence import Owner
from domain.model.issue import Issue
from domain.model.officer import Role
from domain.values import Meta

OFFICER, HANDLER, SUPERVISOR, ADMIN = (
    Role.OFFICER,
    Role.HANDLER,
    Role.SUPERVISOR,
    Role.ADMIN,
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
    project.SuspendProject: LEADS,
    project.ResumeProject: LEADS,
    project.MoveProject: frozenset({ADMIN}),
    enterprise.RegisterEnterprise: FIELD | {ADMIN},
    enterprise.UpdateEnterpriseProfile: FIELD | {ADMIN},
    enterprise.MoveEnterprise: frozenset({ADMIN}),
    officer.RegisterOfficer: frozenset({ADMIN}),
    officer.GrantRole: frozenset({ADMIN}),
    officer.RevokeRole: frozenset({ADMIN}),
    officer.AssignDepartment: frozenset({ADMIN}),
    officer.AssignJurisdiction: frozenset({ADMIN}),
    officer.DeactivateOfficer: frozenset({ADMIN}),
    checklist.CreateChecklistTemplate: frozenset({ADMIN}),
    checklist.PublishChecklistVersion: frozenset({ADMIN}),
    checklist.RetireChecklistTemplate: frozenset({ADMIN}),
    visit.PlanVisit: FIELD,
    visit.CheckIn: FIELD,
    visit.AnswerItem: FIELD,
    visit.AddVisitNote: FIELD,
    visit.ConfirmVisit: FIELD,
    visit.FinishVisit: FIELD,
    visit.CancelVisit: FIELD,
    # The closed loop: officers collect, supervisors triage and verify, handlers act.
    issue.RaiseIssue: FIELD,
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
    # Also in an offline /sync batch; confirming (POST /evidence/{id}/confirm) is
    # for the same roles.
    evidence.DeclareEvidence: EVIDENCE,
}
# A handler acts only on problems assigned to their own department.
DEPARTMENTAL = frozenset(
    {issue.AcceptIssue, issue.ReportIssueProgress, issue.ProposeResolution}
)


# 考核通报: published by the business-environment office (and admins), built by the
# server from its ledgers, so never a command a client sends as it is (nor in /sync).
PUBLISHERS = LEADS


def publish_refusal(principal: Principal) -> str | None:
    """Why the caller may not publish a ranking, None if they may."""
    if principal.roles & PUBLISHERS:
        return None
    return "PublishRanking is not for your roles"


def allowed(roles: frozenset[Role], command: Command) -> bool:
    return bool(roles & MATRIX[type(command)])


def refusal_or_replay(
    principal: Principal, command: Command, meta: Meta
) -> str | Outcome | None:
    """None if the caller may send the command; if not, why not, unless it is a
    replay of what they sent when they could: then its first result (a phone that
    lost the answer must not hear its command refused after a transfer).

    Raises NotFound for a departmental command on a problem out of their reach."""
    try:
        reason = refusal(principal, command)
    except NotFound:
        if (replay := services().ledger.replayed(command, meta)) is None:
            raise
        return replay
    if reason is None:
        return None
    return services().ledger.replayed(command, meta) or reason


def refusal(principal: Principal, command: Command) -> str | None:
    """Why the caller may not send the command, None if they may.

    Raises NotFound for a departmental command on a problem out of their reach."""
    if not allowed(principal.roles, command):
        return f"{type(command).__name__} is not for your roles"
    if isinstance(command, officer.OfficerChange) and (
        command.officer_id == principal.officer_id
    ):
        return "an admin's own account is changed by another admin"
    if type(command) in DEPARTMENTAL and not principal.has(Role.SUPERVISOR):
        return departmental(principal, command.target_id)
    if isinstance(command, evidence.DeclareEvidence):
        return evidence_refusal(principal, command.owner, command.owner_id)
    return None


def evidence_refusal(principal: Principal, owner: Owner, owner_id: UUID) -> str | None:
    """Why the caller may not send (or confirm) a photo of this: a handler alone
    sends the photo of a fix, on a problem they may act on.

    Raises NotFound for a problem out of their reach."""
    if principal.roles & FIELD:
        return None
    if owner is not Owner.ISSUE:
        return "a handler sends photos of problems only"
    return departmental(principal, owner_id)


def departmental(principal: Principal, issue_id: UUID) -> str | None:
    """Why a handler may not act on the problem, None if it is their department's.

    Raises NotFound for a problem out of their reach."""
    issue = services().ledger.load(Issue, issue_id, scope=principal.jurisdiction)
    if issue.department != principal.department:
        return "the problem is with another department"
    return None


def matrix_markdown() -> str:
    """The matrix as the table docs/permissions.md shows."""
    roles = list(Role)
    lines = [
        "| command | " + " | ".join(r.value for r in roles) + " |",
        "| --- |" + " :-: |" * len(roles),
    ]
    for command, allowed_roles in MATRIX.items():
        marks = " | ".join("✓" if r in allowed_roles else "" for r in roles)
        lines.append(f"| {command.__name__} | {marks} |")
    return "\n".join(lines) + "\n"
