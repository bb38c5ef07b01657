"""Every command, ready to send: its target set up in a state where it succeeds."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from uuid import UUID, uuid4

from domain.commands import (
    approval,
    checklist,
    department,
    enterprise,
    evidence,
    issue,
    officer,
    pool,
    project,
    visit,
)
from domain.commands.base import Command
from tests.api import bodies as b
from tests.api.bodies import GPS, REASON, given, given_issue, given_project, given_visit
from tests.api.conftest import DEPARTMENT, Api, Place


@dataclass(frozen=True)
class Sent:
    """A command as JSON: where it goes over HTTP, and its arguments in a sync batch."""

    command: type[Command]
    path: str
    args: b.Body
    id_field: str
    creates: bool = False

    @property
    def body(self) -> b.Body:
        """The HTTP body: an action's URL names its target, so its body does not."""
        if self.creates:
            return self.args
        return {k: v for k, v in self.args.items() if k != self.id_field}

    @property
    def target(self) -> UUID:
        return UUID(self.args[self.id_field])

    @property
    def resource(self) -> str:
        """The path of the resource the command creates or changes."""
        return f"/{self.path.split('/')[1]}/{self.target}"

    def batch_item(self, **changes: Any) -> b.Body:
        """The command as a sync batch carries it."""
        item = {
            "command_id": str(uuid4()),
            "type": self.command.__name__,
            "device_time": b.device_now(),
            "args": self.args,
        }
        return item | changes


Target = Callable[[Api, Place], tuple[str, b.Body]]
NODES = [
    {"node": "permits", "on": "2026-05-01"},
    {"node": "groundbreaking", "on": "2026-06-01"},
]
COLLECTIONS = {
    "project": ("projects", "project_id"),
    "pool": ("projects", "project_id"),
    "enterprise": ("enterprises", "enterprise_id"),
    "officer": ("officers", "officer_id"),
    "checklist": ("checklists", "template_id"),
    "department": ("departments", "department_id"),
    "visit": ("visits", "visit_id"),
    "issue": ("issues", "issue_id"),
    "raising": ("issues", "issue_id"),  # RaiseIssue
    "evidence": ("evidence", "evidence_id"),
    "approval": ("packages", "package_id"),
    "place": ("places", "place_id"),
    "meeting": ("meetings", "meeting_id"),
}
TEMPLATES = (
    approval.CreatePackageTemplate,
    approval.PublishPackageVersion,
    approval.RetirePackageTemplate,
)


class Scenario:
    """Sets up what a command needs and answers the command, ready to send."""

    command: type[Command]

    def __call__(self, api: Api, place: Place) -> Sent:
        raise NotImplementedError

    @property
    def route(self) -> str:
        """The command's path, `<id>` standing for its target's."""
        raise NotImplementedError

    @property
    def fields(self) -> set[str]:
        """The fields its HTTP body has: the command's, less an id the path gives."""
        named = {f.name for f in dataclasses.fields(self.command)}
        return named if isinstance(self, Creating) else named - {self.id_field}

    @property
    def id_field(self) -> str:
        return collection_of(self.command)[1]


def collection_of(command: type[Command]) -> tuple[str, str]:
    """The collection a command's routes are under, and its target's id field."""
    if command in TEMPLATES:
        return ("package-templates", "template_id")
    return COLLECTIONS[command.__module__.rsplit(".", 1)[-1]]


@dataclass(frozen=True)
class Creating(Scenario):
    command: type[Command]
    body: Callable[[Place], b.Body]

    @property
    def route(self) -> str:
        return f"/{collection_of(self.command)[0]}"

    def __call__(self, api: Api, place: Place) -> Sent:
        collection, id_field = collection_of(self.command)
        args = self.body(place)
        return Sent(self.command, f"/{collection}", args, id_field, creates=True)


@dataclass(frozen=True)
class Declaring(Creating):
    """Evidence of a problem the handlers' department accepted, which is set up
    first: every role that sends photos may send one of it."""

    def __call__(self, api: Api, place: Place) -> Sent:
        issue_id = b.given_issue(api, place, "accepted")
        photo = b.a_photo(issue_id, "issue")
        return Sent(self.command, "/evidence", photo, "evidence_id", True)


@dataclass(frozen=True)
class Acting(Scenario):
    command: type[Command]
    target: Target
    path: str
    args: b.Body

    @property
    def route(self) -> str:
        return f"/{collection_of(self.command)[0]}/<id>/{self.path}"

    def __call__(self, api: Api, place: Place) -> Sent:
        collection, id_field = collection_of(self.command)
        target, more = self.target(api, place)
        args = {id_field: target, **self.args, **more}
        return Sent(self.command, f"/{collection}/{target}/{self.path}", args, id_field)


def act(command: type[Command], target: Target, path: str, **args: Any) -> Acting:
    return Acting(command, target, path, args)


# Targets in the state each command needs, set up through the service layer ----------


def a_project(*then: tuple[type[Command], b.Body]) -> Target:
    return lambda api, place: (given_project(api, place, *then), {})


def a_project_and_its_officer(*then: type[Command]) -> Target:
    """A project, and the place's officer named in the command (and in `then`)."""

    def target(api: Api, place: Place) -> tuple[str, b.Body]:
        officer_id = {"officer_id": str(place.officer_id)}
        steps = [(step, officer_id) for step in then]
        return given_project(api, place, *steps), officer_id

    return target


def a_project_with_a_leader(api: Api, place: Place) -> tuple[str, b.Body]:
    leader = (project.AssignLeader, {"officer_id": str(place.officer_id)})
    return given_project(api, place, leader), {}


def an_enterprise(api: Api, place: Place) -> tuple[str, b.Body]:
    return given(api, (enterprise.RegisterEnterprise, b.an_enterprise(place))), {}


def an_officer(api: Api, place: Place) -> tuple[str, b.Body]:
    body = b.an_officer(place) | {"roles": ["officer", "auditor"]}
    return given(api, (officer.RegisterOfficer, body)), {}


def a_checklist(api: Api, place: Place) -> tuple[str, b.Body]:
    return given(api, (checklist.CreateChecklistTemplate, b.a_checklist(place))), {}


def a_department(*then: tuple[type[Command], b.Body]) -> Target:
    def target(api: Api, place: Place) -> tuple[str, b.Body]:
        body = b.a_department(place)
        named = {"department_id": body["department_id"]}
        steps = [(step, named | args) for step, args in then]
        return given(api, (department.RegisterDepartment, body), *steps), {}

    return target


def a_department_to_rename(api: Api, place: Place) -> tuple[str, b.Body]:
    """A department, and a new name of its own (a name stays with its department)."""
    made, _ = a_department()(api, place)
    return made, {"name": f"县水务局{uuid4().hex[:8]}"}


def a_visit(*, checked_in: bool = True, template: bool = True) -> Target:
    def target(api: Api, place: Place) -> tuple[str, b.Body]:
        return given_visit(api, place, checked_in=checked_in, template=template), {}

    return target


def a_12345_ticket(place: Place) -> b.Body:
    """A problem from a 12345 ticket: the callback role (the centre) raises it too."""
    return b.an_issue(place) | {"ticket": {"number": f"GD{uuid4().hex[:16]}"}}


def an_issue(status: str) -> Target:
    return lambda api, place: (given_issue(api, place, status), {})


def an_issue_and_its_original(api: Api, place: Place) -> tuple[str, b.Body]:
    original = given_issue(api, place)
    return given_issue(api, place), {"duplicate_of": original}


# Every command of the matrix --------------------------------------------------------

SUSPENDED = (project.SuspendProject, {"reason": REASON})
REPORTED = (project.ReportInvestment, {"month": "2026-04", "cumulative": "100"})
TOWNSHIP = "610502001"
PROFILE = {"name": "秦岭机械集团", "sector": "装备制造", "scale": "below_designated"}
ANSWER = {"item_id": "progress", "answer": "pass"}
SHEET = {**ANSWER, "device_time": "2026-11-02T10:15:00+08:00"}
ELSEWHERE = {"department": "县发改局", "deadline": b.DEADLINE, "reason": REASON}
PROPOSED = an_issue("resolution_proposed")
SCENARIOS: dict[type[Command], Scenario] = {
    scenario.command: scenario
    for scenario in (
        Creating(project.RegisterProject, b.a_project),
        act(project.AssignSteward, a_project_and_its_officer(), "stewards"),
        act(
            project.UnassignSteward,
            a_project_and_its_officer(project.AssignSteward),
            "stewards/removal",
        ),
        act(project.AssignLeader, a_project_and_its_officer(), "leader"),
        act(project.UnassignLeader, a_project_with_a_leader, "leader/removal"),
        act(project.AdvanceStage, a_project(), "stage", stage="pre_construction"),
        act(
            project.CorrectStage,
            a_project(),
            "stage/correction",
            stage="operating",
            reason=REASON,
        ),
        act(
            project.RecordMilestone,
            a_project(),
            "milestones",
            milestone="signed",
            on="2026-02-20",
        ),
        act(
            project.ReportInvestment,
            a_project(),
            "investment",
            month="2026-04",
            cumulative="1200.50",
        ),
        act(
            project.CorrectInvestment,
            a_project(REPORTED),
            "investment/correction",
            month="2026-04",
            cumulative="90",
            reason=REASON,
        ),
        act(
            project.SetAnnualPlan, a_project(), "annual-plan", year=2027, amount="20000"
        ),
        act(project.SuspendProject, a_project(), "suspension", reason=REASON),
        act(project.ResumeProject, a_project(SUSPENDED), "resumption"),
        act(
            project.MoveProject,
            a_project(),
            "move",
            jurisdiction=TOWNSHIP,
            reason=REASON,
        ),
        act(project.PlanNodes, a_project(), "node-plan", nodes=NODES),
        act(
            project.RevisePlan,
            a_project((project.PlanNodes, {"nodes": NODES})),
            "node-plan/revision",
            nodes=[{"node": "groundbreaking", "on": "2026-07-01"}],
            reason=REASON,
        ),
        act(
            project.RecordStatisticsEntry,
            a_project(),
            "statistics-entry",
            on="2026-06-30",
        ),
        act(pool.EnterPool, a_project(), "pool", on="2026-02-10"),
        act(
            pool.LeavePool,
            a_project((pool.EnterPool, {"on": "2026-02-10"})),
            "pool/withdrawal",
            on="2026-05-10",
            reason=REASON,
        ),
        Creating(enterprise.RegisterEnterprise, b.an_enterprise),
        act(enterprise.UpdateEnterpriseProfile, an_enterprise, "profile", **PROFILE),
        act(
            enterprise.MoveEnterprise,
            an_enterprise,
            "move",
            jurisdiction=TOWNSHIP,
            reason=REASON,
        ),
        Creating(officer.RegisterOfficer, b.an_officer),
        act(officer.GrantRole, an_officer, "roles", role="supervisor"),
        act(officer.RevokeRole, an_officer, "roles/revocation", role="auditor"),
        act(officer.AssignDepartment, an_officer, "department", department="县发改局"),
        act(
            officer.AssignJurisdiction,
            an_officer,
            "jurisdiction",
            jurisdiction=TOWNSHIP,
        ),
        act(officer.DeactivateOfficer, an_officer, "deactivation", reason="调离"),
        Creating(department.RegisterDepartment, b.a_department),
        act(department.RenameDepartment, a_department_to_rename, "name"),
        act(department.RetireDepartment, a_department(), "retirement", reason=REASON),
        act(
            department.ReinstateDepartment,
            a_department((department.RetireDepartment, {"reason": REASON})),
            "reinstatement",
        ),
        Creating(checklist.CreateChecklistTemplate, b.a_checklist),
        act(checklist.PublishChecklistVersion, a_checklist, "versions", items=b.ITEMS),
        act(
            checklist.RetireChecklistTemplate, a_checklist, "retirement", reason="更新"
        ),
        Creating(visit.PlanVisit, lambda place: b.a_visit(place, template=True)),
        act(visit.CheckIn, a_visit(checked_in=False), "check-in", gps=GPS),
        act(visit.AnswerItem, a_visit(), "answers", **ANSWER),
        act(visit.AnswerItems, a_visit(), "answer-sheet", answers=[SHEET]),
        act(visit.AddVisitNote, a_visit(), "notes", text="现场整洁"),
        act(
            visit.ConfirmVisit,
            a_visit(template=False),
            "confirmation",
            representative="李经理",
        ),
        act(visit.FinishVisit, a_visit(template=False), "check-out", gps=GPS),
        act(
            visit.CancelVisit, a_visit(checked_in=False), "cancellation", reason="停产"
        ),
        Creating(issue.RaiseIssue, a_12345_ticket),
        act(
            issue.RecordCallbackFailure,
            an_issue("closed"),
            "callback-failure",
            channel="phone",
            note="电话无人接听",
        ),
        act(
            issue.AssignIssue,
            an_issue("raised"),
            "assign",
            department=DEPARTMENT,
            deadline=b.DEADLINE,
        ),
        act(issue.TransferIssue, an_issue("assigned"), "transfer", **ELSEWHERE),
        act(issue.AcceptIssue, an_issue("assigned"), "accept"),
        act(issue.ReportIssueProgress, an_issue("accepted"), "progress", note="已踏勘"),
        act(
            issue.EscalateIssue,
            an_issue("raised"),
            "escalate",
            to="市发改委",
            reason=REASON,
        ),
        act(
            issue.ProposeResolution,
            an_issue("accepted"),
            "resolution",
            summary="已落实",
        ),
        act(issue.SendBackIssue, PROPOSED, "send-back", reason="证明不足"),
        act(issue.CloseOutIssue, PROPOSED, "close-out", note="企业确认"),
        act(issue.RateIssue, an_issue("closed"), "rating", satisfaction="satisfied"),
        act(issue.WithdrawIssue, an_issue_and_its_original, "withdrawal"),
        Declaring(evidence.DeclareEvidence, lambda place: {}),
    )
}
# Approval packages: their own module, imported last (it builds on this one).
SCENARIOS |= import_module("tests.api.approval_scenarios").SCENARIOS
SCENARIOS |= import_module("tests.api.place_scenarios").SCENARIOS
SCENARIOS |= import_module("tests.api.meeting_scenarios").SCENARIOS
