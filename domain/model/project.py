"""A key project (重点项目): its people, lifecycle stage, milestones and investment."""

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules, values
from domain.errors import InvalidValue, RuleBroken
from domain.model.officer import Officer
from domain.model.project_nodes import Project as NodePlanned
from domain.model.project_pool import Project as Pooled
from domain.values import FIRST_YEAR, LAST_YEAR, Meta, amount, plausible_date

CODE = re.compile(r"[A-Za-z0-9-]{1,32}")
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
PLAUSIBLE_OVERRUN = 3  # completed investment beyond 3× the total is a typo


class Level(Enum):
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"


class Stage(Enum):
    """The lifecycle (全生命周期), in order: 谋划, 前期, 建设, 投产, 运营."""

    PLANNING = "planning"
    PRE_CONSTRUCTION = "pre_construction"
    UNDER_CONSTRUCTION = "under_construction"
    COMMISSIONED = "commissioned"
    OPERATING = "operating"


class Milestone(Enum):
    """The nodes a project passes (their order: project_nodes.NODES). Values added
    later come last: what is stored never changes."""

    SIGNED = "signed"
    GROUNDBREAKING = "groundbreaking"  # 开工
    COMPLETION = "completion"  # 竣工
    PRODUCTION = "production"  # 投产
    LAND = "land"  # 供地
    PERMITS = "permits"  # 施工许可
    TOPPING_OUT = "topping_out"  # 主体封顶


STAGES = list(Stage)


class Project(NodePlanned, Pooled):
    """A key project. Commands check the rules; events only record."""

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
        if not isinstance(facts["code"], str) or not CODE.fullmatch(facts["code"]):
            raise InvalidValue("code", "must be 1 to 32 of A-Z a-z 0-9 -")
        rules.NAME.check("name", facts["name"])
        rules.LOCATION.check("location", facts["location"])
        rules.SECTOR.check("sector", facts["sector"])
        values.jurisdiction(facts["jurisdiction"])
        start = plausible_date("planned_start", facts["planned_start"])
        if plausible_date("planned_finish", facts["planned_finish"]) < start:
            raise InvalidValue("planned_finish", "must not be before the start")
        if amount("total_investment", facts["total_investment"]) == 0:
            raise InvalidValue("total_investment", "must be more than zero")
        plan_year("plan_year", facts["plan_year"])
        amount("planned_investment", facts["planned_investment"])
        return cls(id=id, meta=meta, **facts)

    # People ---------------------------------------------------------------------

    class StewardAssigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    def assign_steward(self, meta: Meta, officer: Officer) -> None:
        require_serving(officer, self.jurisdiction)
        if officer.id in self.stewards:
            raise RuleBroken(f"{officer.username} is a steward already")
        self._steward_assigned(meta=meta, officer_id=officer.id)

    @event(StewardAssigned)
    def _steward_assigned(self, meta: Meta, officer_id: UUID) -> None:
        self.stewards = [*self.stewards, officer_id]

    class StewardUnassigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    def unassign_steward(self, meta: Meta, officer_id: UUID) -> None:
        if officer_id not in self.stewards:
            raise RuleBroken(f"{officer_id} is no steward of the project")
        self._steward_unassigned(meta=meta, officer_id=officer_id)

    @event(StewardUnassigned)
    def _steward_unassigned(self, meta: Meta, officer_id: UUID) -> None:
        self.stewards = [s for s in self.stewards if s != officer_id]

    class LeaderAssigned(Aggregate.Event):
        meta: Meta
        officer_id: UUID

    def assign_leader(self, meta: Meta, officer: Officer) -> None:
        require_serving(officer, self.jurisdiction)
        if officer.id == self.leader:
            raise RuleBroken(f"{officer.username} leads the project already")
        self._leader_assigned(meta=meta, officer_id=officer.id)

    @event(LeaderAssigned)
    def _leader_assigned(self, meta: Meta, officer_id: UUID) -> None:
        self.leader = officer_id

    class LeaderUnassigned(Aggregate.Event):
        meta: Meta

    def unassign_leader(self, meta: Meta) -> None:
        if self.leader is None:
            raise RuleBroken("the project has no leader")
        self._leader_unassigned(meta=meta)

    @event(LeaderUnassigned)
    def _leader_unassigned(self, meta: Meta) -> None:
        self.leader = None

    # Lifecycle ------------------------------------------------------------------

    class StageAdvanced(Aggregate.Event):
        meta: Meta
        stage: Stage

    def advance_stage(self, meta: Meta, stage: Stage) -> None:
        self._require_running("advance")
        if STAGES.index(stage) <= STAGES.index(self.stage):
            raise RuleBroken(
                f"{stage.value} is not past {self.stage.value}: correct it instead"
            )
        self._stage_advanced(meta=meta, stage=stage)

    @event(StageAdvanced)
    def _stage_advanced(self, meta: Meta, stage: Stage) -> None:
        self.stage = stage

    class StageCorrected(Aggregate.Event):
        meta: Meta
        stage: Stage
        reason: str

    def correct_stage(self, meta: Meta, stage: Stage, reason: str) -> None:
        if stage is self.stage:
            raise RuleBroken(f"the project is {stage.value} already")
        self._stage_corrected(
            meta=meta, stage=stage, reason=rules.REASON.check("reason", reason)
        )

    @event(StageCorrected)
    def _stage_corrected(self, meta: Meta, stage: Stage, reason: str) -> None:
        self.stage = stage

    class MilestoneRecorded(Aggregate.Event):
        meta: Meta
        milestone: Milestone
        on: date
        reason: str

    def record_milestone(
        self, meta: Meta, milestone: Milestone, on: date, reason: str = ""
    ) -> None:
        plausible_date("on", on)
        earlier = self.milestones.get(milestone.value)
        if earlier == on:
            raise RuleBroken(f"{milestone.value} is recorded on {on} already")
        if earlier is not None or reason:
            rules.REASON.check("reason", reason)
        self._milestone_recorded(meta=meta, milestone=milestone, on=on, reason=reason)

    @event(MilestoneRecorded)
    def _milestone_recorded(
        self, meta: Meta, milestone: Milestone, on: date, reason: str
    ) -> None:
        self.milestones = {**self.milestones, milestone.value: on}

    class Suspended(Aggregate.Event):
        meta: Meta
        reason: str

    def suspend(self, meta: Meta, reason: str) -> None:
        self._require_running("suspend")
        self._suspended(meta=meta, reason=rules.REASON.check("reason", reason))

    @event(Suspended)
    def _suspended(self, meta: Meta, reason: str) -> None:
        self.suspended = True

    class Resumed(Aggregate.Event):
        meta: Meta

    def resume(self, meta: Meta) -> None:
        if not self.suspended:
            raise RuleBroken("the project is not suspended")
        self._resumed(meta=meta)

    @event(Resumed)
    def _resumed(self, meta: Meta) -> None:
        self.suspended = False

    class Moved(Aggregate.Event):
        meta: Meta
        jurisdiction: str
        reason: str

    def move(self, meta: Meta, to: str, reason: str) -> None:
        if values.jurisdiction(to) == self.jurisdiction:
            raise RuleBroken(f"the project is in {to} already")
        self._moved(
            meta=meta, jurisdiction=to, reason=rules.REASON.check("reason", reason)
        )

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str, reason: str) -> None:
        self.jurisdiction = jurisdiction

    # Investment -----------------------------------------------------------------

    class InvestmentReported(Aggregate.Event):
        meta: Meta
        month: str
        cumulative: Decimal

    def report_investment(self, meta: Meta, month: str, cumulative: Decimal) -> None:
        self._require_running("report investment on")
        self._check_cumulative(month, cumulative)
        latest = max(self.investment, default=None)
        if latest is not None and month < latest:
            raise RuleBroken(f"{latest} is reported already: correct {month} instead")
        if cumulative < self.completed_investment:
            raise RuleBroken(
                f"{cumulative} is below the {self.completed_investment} reported for "
                f"{latest}: correct it instead"
            )
        if month == latest and cumulative == self.completed_investment:
            raise RuleBroken(f"{month} is reported at {cumulative} already")
        self._investment_reported(meta=meta, month=month, cumulative=cumulative)

    @event(InvestmentReported)
    def _investment_reported(self, meta: Meta, month: str, cumulative: Decimal) -> None:
        self.investment = {**self.investment, month: cumulative}
        self.completed_investment = self.investment[max(self.investment)]

    class InvestmentCorrected(Aggregate.Event):
        meta: Meta
        month: str
        cumulative: Decimal
        reason: str

    def correct_investment(
        self, meta: Meta, month: str, cumulative: Decimal, reason: str
    ) -> None:
        self._check_cumulative(month, cumulative)
        if self.investment.get(month) == cumulative:
            raise RuleBroken(f"{month} stands at {cumulative} already")
        self._investment_corrected(
            meta=meta,
            month=month,
            cumulative=cumulative,
            reason=rules.REASON.check("reason", reason),
        )

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

    def set_annual_plan(self, meta: Meta, year: int, planned: Decimal) -> None:
        plan_year("year", year)
        if self.annual_plans.get(str(year)) == amount("amount", planned):
            raise RuleBroken(f"the plan for {year} is {planned} already")
        self._annual_plan_set(meta=meta, year=year, amount=planned)

    @event(AnnualPlanSet)
    def _annual_plan_set(self, meta: Meta, year: int, amount: Decimal) -> None:
        self.annual_plans = {**self.annual_plans, str(year): amount}
        if year == self.plan_year:
            self.planned_investment = amount

    def _check_cumulative(self, month: str, cumulative: Decimal) -> None:
        found = MONTH.fullmatch(month) if isinstance(month, str) else None
        if found is None or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
            raise InvalidValue("month", "must be a month YYYY-MM from 2000 to 2100")
        if amount("cumulative", cumulative) > PLAUSIBLE_OVERRUN * self.total_investment:
            raise InvalidValue(
                "cumulative", f"exceeds {PLAUSIBLE_OVERRUN}× the total investment"
            )

    def _require_running(self, action: str) -> None:
        if self.suspended:
            raise RuleBroken(f"cannot {action} a suspended project; resume it first")


def require_serving(officer: Officer, jurisdiction: str) -> None:
    """A steward or leader is active and serves the project's place (its
    jurisdiction or one above, as a city leader does a county's project)."""
    if not officer.active:
        raise RuleBroken(f"{officer.username} has been deactivated")
    if not officer.serves(jurisdiction):
        raise RuleBroken(f"{officer.username} does not serve {jurisdiction}")


def plan_year(field: str, year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidValue(field, "must be a whole year")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue(field, f"must be from {FIRST_YEAR} to {LAST_YEAR}")
    return year


STORED_TYPES = (Level, Stage, Milestone)
