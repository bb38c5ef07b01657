"""Commands on key projects: people, lifecycle, milestones and investment."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeGuard
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.approval import carry_package
from domain.commands.base import Change, Command, Unit
from domain.errors import InvalidValue
from domain.model import issue, visit
from domain.model.enterprise import Enterprise
from domain.model.issue import Issue
from domain.model.officer import Officer
from domain.model.project import Level, Milestone, Project, Stage
from domain.model.visit import Visit
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RegisterProject(Command, wire="RegisterProject"):
    project_id: UUID
    code: str
    name: str
    level: Level
    jurisdiction: str
    location: str
    owner_enterprise_id: UUID
    sector: str
    planned_start: date
    planned_finish: date
    total_investment: Decimal
    plan_year: int
    planned_investment: Decimal

    @property
    def target_id(self) -> UUID:
        return self.project_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.project_id, "project_id")
        owner = unit.get(Enterprise, self.owner_enterprise_id)
        return unit.add(
            Project.register(
                id=self.project_id,
                meta=meta,
                code=self.code,
                name=self.name,
                level=self.level,
                jurisdiction=self.jurisdiction,
                location=self.location,
                owner_enterprise_id=owner.id,
                sector=self.sector,
                planned_start=self.planned_start,
                planned_finish=self.planned_finish,
                total_investment=self.total_investment,
                plan_year=self.plan_year,
                planned_investment=self.planned_investment,
            )
        )


@dataclass(frozen=True, kw_only=True)
class ProjectChange(Change[Project]):
    kind: ClassVar[type[Aggregate]] = Project
    project_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.project_id


@dataclass(frozen=True, kw_only=True)
class AssignSteward(ProjectChange, wire="AssignSteward"):
    officer_id: UUID

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        project = unit.get(Project, self.project_id)
        project.assign_steward(meta, unit.get(Officer, self.officer_id))
        return project


@dataclass(frozen=True, kw_only=True)
class UnassignSteward(ProjectChange, wire="UnassignSteward"):
    officer_id: UUID

    def apply(self, project: Project, meta: Meta) -> None:
        project.unassign_steward(meta, self.officer_id)


@dataclass(frozen=True, kw_only=True)
class AssignLeader(ProjectChange, wire="AssignLeader"):
    officer_id: UUID

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        project = unit.get(Project, self.project_id)
        project.assign_leader(meta, unit.get(Officer, self.officer_id))
        return project


@dataclass(frozen=True, kw_only=True)
class UnassignLeader(ProjectChange, wire="UnassignLeader"):
    def apply(self, project: Project, meta: Meta) -> None:
        project.unassign_leader(meta)


@dataclass(frozen=True, kw_only=True)
class AdvanceStage(ProjectChange, wire="AdvanceStage"):
    stage: Stage

    def apply(self, project: Project, meta: Meta) -> None:
        project.advance_stage(meta, self.stage)


@dataclass(frozen=True, kw_only=True)
class CorrectStage(ProjectChange, wire="CorrectStage"):
    stage: Stage
    reason: str

    def apply(self, project: Project, meta: Meta) -> None:
        project.correct_stage(meta, self.stage, self.reason)


@dataclass(frozen=True, kw_only=True)
class RecordMilestone(ProjectChange, wire="RecordMilestone"):
    milestone: Milestone
    on: date
    reason: str = ""

    def apply(self, project: Project, meta: Meta) -> None:
        project.record_milestone(meta, self.milestone, self.on, self.reason)


@dataclass(frozen=True, kw_only=True)
class ReportInvestment(ProjectChange, wire="ReportInvestment"):
    month: str
    cumulative: Decimal

    def apply(self, project: Project, meta: Meta) -> None:
        project.report_investment(meta, self.month, self.cumulative)


@dataclass(frozen=True, kw_only=True)
class CorrectInvestment(ProjectChange, wire="CorrectInvestment"):
    month: str
    cumulative: Decimal
    reason: str

    def apply(self, project: Project, meta: Meta) -> None:
        project.correct_investment(meta, self.month, self.cumulative, self.reason)


@dataclass(frozen=True, kw_only=True)
class SetAnnualPlan(ProjectChange, wire="SetAnnualPlan"):
    year: int
    amount: Decimal

    def apply(self, project: Project, meta: Meta) -> None:
        project.set_annual_plan(meta, self.year, self.amount)


@dataclass(frozen=True, kw_only=True)
class SuspendProject(ProjectChange, wire="SuspendProject"):
    reason: str

    def apply(self, project: Project, meta: Meta) -> None:
        project.suspend(meta, self.reason)


@dataclass(frozen=True, kw_only=True)
class ResumeProject(ProjectChange, wire="ResumeProject"):
    def apply(self, project: Project, meta: Meta) -> None:
        project.resume(meta)


@dataclass(frozen=True, kw_only=True)
class MoveProject(ProjectChange, wire="MoveProject"):
    """To another jurisdiction, with its open problems and planned visits, in one
    unit of work: all of them move, or nothing does."""

    jurisdiction: str
    reason: str

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        along = [
            belonging
            for belonging in unit.belongings_of(self.project_id)
            if goes_along(belonging, self.project_id, self.jurisdiction)
        ]  # found before anything changes: a refusal leaves nothing half moved
        project = super().handle(unit, meta)
        for belonging in along:
            belonging.move(meta, self.jurisdiction, self.reason)
        carry_package(unit, unit.get(Project, self.target_id), meta)
        return project

    def apply(self, project: Project, meta: Meta) -> None:
        project.move(meta, self.jurisdiction, self.reason)


def goes_along(
    belonging: Aggregate, project_id: UUID, to: str
) -> TypeGuard[Issue | Visit]:
    """An open problem or a planned visit of the project goes where it goes; what
    was finished, closed or begun stays where it was done."""
    if isinstance(belonging, Issue):
        going = belonging.status in issue.OPEN
    elif isinstance(belonging, Visit):
        going = belonging.status is visit.Status.PLANNED
    else:
        return False
    return going and belonging.project_id == project_id and belonging.jurisdiction != to


@dataclass(frozen=True, kw_only=True)
class PlannedNode:
    """A node of the plan and the day it is planned for."""

    node: Milestone
    on: date


def node_dates(nodes: tuple[PlannedNode, ...]) -> dict[str, date]:
    found = {planned.node.value: planned.on for planned in nodes}
    if len(found) != len(nodes):
        raise InvalidValue("nodes", "must not name one node twice")
    return found


@dataclass(frozen=True, kw_only=True)
class PlanNodes(ProjectChange, wire="PlanNodes"):
    nodes: tuple[PlannedNode, ...]

    def apply(self, project: Project, meta: Meta) -> None:
        project.plan_nodes(meta, node_dates(self.nodes))


@dataclass(frozen=True, kw_only=True)
class RevisePlan(ProjectChange, wire="RevisePlan"):
    nodes: tuple[PlannedNode, ...]
    reason: str

    def apply(self, project: Project, meta: Meta) -> None:
        project.revise_plan(meta, node_dates(self.nodes), self.reason)


@dataclass(frozen=True, kw_only=True)
class RecordStatisticsEntry(ProjectChange, wire="RecordStatisticsEntry"):
    """入库纳统: the project entered the statistics database on a day."""

    on: date

    def apply(self, project: Project, meta: Meta) -> None:
        project.enter_statistics(meta, self.on)


@dataclass(frozen=True, kw_only=True)
class AssessProject(ProjectChange, wire="AssessProject"):
    """The month's assessment (三色预警) as the server worked it out, with the rules
    it went by. Sent by the system only, never through the API's commands."""

    month: str
    colour: str | None
    reasons: tuple[dict[str, Any], ...]
    rules: dict[str, Any]

    def apply(self, project: Project, meta: Meta) -> None:
        reasons = [dict(reason) for reason in self.reasons]
        project.record_assessment(meta, self.month, self.colour, reasons, self.rules)
