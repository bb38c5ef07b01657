"""A key project (重点项目): its people, lifecycle stage, milestones and investment.
Its events and their effects on its state here; the rules of steering it (people,
stage, milestones, suspension, move) in `project_steering`, of its investment and
annual plans in `project_investment`, of registering it in `project_registration`,
its node plan in `project_nodes`, its place in the pool in `project_pool`, its
level, stages and milestones in `project_states`."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.model.project_investment import MONTH, Investing, plan_year
from domain.model.project_nodes import Project as NodePlanned
from domain.model.project_pool import Project as Pooled
from domain.model.project_registration import CODE, registration_checked
from domain.model.project_states import STAGES, Level, Milestone, Stage
from domain.model.project_steering import Steering, require_serving
from domain.values import Meta

__all__ = [
    "CODE",
    "MONTH",
    "STAGES",
    "STORED_TYPES",
    "Level",
    "Milestone",
    "Project",
    "Stage",
    "plan_year",
    "require_serving",
]


class Project(Steering, Investing, NodePlanned, Pooled):
    """A key project. Commands check the rules; events only record. Each event is
    the aggregate's own (`Project.StageAdvanced`, stored so)."""

    class Registered(Aggregate.Created):
        meta: Meta
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

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        code: str,
        name: str,
        level: Level,
        jurisdiction: str,
        location: str,
        owner_enterprise_id: UUID,
        sector: str,
        planned_start: date,
        planned_finish: date,
        total_investment: Decimal,
        plan_year: int,
        planned_investment: Decimal,
    ) -> None:
        self.code = code
        self.name = name
        self.level = level
        self.jurisdiction = jurisdiction
        self.location = location
        self.owner_enterprise_id = owner_enterprise_id
        self.sector = sector
        self.planned_start = planned_start
        self.planned_finish = planned_finish
        self.total_investment = total_investment
        self.plan_year = plan_year
        self.planned_investment = planned_investment
        self.stage = Stage.PLANNING
        self.stewards: list[UUID] = []
        self.leader: UUID | None = None
        self.milestones: dict[str, date] = {}
        self.investment: dict[str, Decimal] = {}
        self.completed_investment = Decimal(0)
        self.annual_plans = {str(self.plan_year): self.planned_investment}
        self.suspended = False

    @classmethod
    def register(cls, *, id: UUID, meta: Meta, **facts: Any) -> "Project":
        """Checks a new project's facts and registers it."""
        return cls(id=id, meta=meta, **registration_checked(facts))

    # People ---------------------------------------------------------------------

    class StewardAssigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    @event(StewardAssigned)
    def _steward_assigned(self, meta: Meta, officer_id: UUID) -> None:
        self.stewards = [*self.stewards, officer_id]

    class StewardUnassigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    @event(StewardUnassigned)
    def _steward_unassigned(self, meta: Meta, officer_id: UUID) -> None:
        self.stewards = [s for s in self.stewards if s != officer_id]

    class LeaderAssigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    @event(LeaderAssigned)
    def _leader_assigned(self, meta: Meta, officer_id: UUID) -> None:
        self.leader = officer_id

    class LeaderUnassigned(Aggregate.Event):
        meta: Meta

    @event(LeaderUnassigned)
    def _leader_unassigned(self, meta: Meta) -> None:
        self.leader = None

    # Lifecycle ------------------------------------------------------------------

    class StageAdvanced(Aggregate.Event):
        meta: Meta
        stage: Stage

    @event(StageAdvanced)
    def _stage_advanced(self, meta: Meta, stage: Stage) -> None:
        self.stage = stage

    class StageCorrected(Aggregate.Event):
        meta: Meta
        stage: Stage
        reason: str

    @event(StageCorrected)
    def _stage_corrected(self, meta: Meta, stage: Stage, reason: str) -> None:
        self.stage = stage

    class MilestoneRecorded(Aggregate.Event):
        meta: Meta
        milestone: Milestone
        on: date
        reason: str

    @event(MilestoneRecorded)
    def _milestone_recorded(
        self, meta: Meta, milestone: Milestone, on: date, reason: str
    ) -> None:
        self.milestones = {**self.milestones, milestone.value: on}

    class Suspended(Aggregate.Event):
        meta: Meta
        reason: str

    @event(Suspended)
    def _suspended(self, meta: Meta, reason: str) -> None:
        self.suspended = True

    class Resumed(Aggregate.Event):
        meta: Meta

    @event(Resumed)
    def _resumed(self, meta: Meta) -> None:
        self.suspended = False

    class Moved(Aggregate.Event):
        meta: Meta
        jurisdiction: str
        reason: str

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        self.jurisdiction = jurisdiction

    # Investment -----------------------------------------------------------------

    class InvestmentReported(Aggregate.Event):
        meta: Meta
        month: str
        cumulative: Decimal

    @event(InvestmentReported)
    def _investment_reported(self, meta: Meta, month: str, cumulative: Decimal) -> None:
        self.investment = {**self.investment, month: cumulative}
        self.completed_investment = self.investment[max(self.investment)]

    class InvestmentCorrected(Aggregate.Event):
        meta: Meta
        month: str
        cumulative: Decimal
        reason: str

    @event(InvestmentCorrected)
    def _investment_corrected(
        self, meta: Meta, month: str, cumulative: Decimal, reason: str
    ) -> None:
        self.investment = {**self.investment, month: cumulative}
        self.completed_investment = self.investment[max(self.investment)]

    class AnnualPlanSet(Aggregate.Event):
        meta: Meta
        year: int
        amount: Decimal

    @event(AnnualPlanSet)
    def _annual_plan_set(self, meta: Meta, year: int, amount: Decimal) -> None:
        self.annual_plans = {**self.annual_plans, str(year): amount}
        if year == self.plan_year:
            self.planned_investment = amount


STORED_TYPES = (Level, Stage, Milestone)
