"""How each event of a key project changes its row on the board."""

import json
from functools import singledispatch
from typing import Any

from domain.model.project import Project
from projections.dates import recorded_at
from projections.events import Item

Row = dict[str, Any]
COLUMNS = (
    *("id", "position", "version", "jurisdiction", "code", "name", "level"),
    *("sector", "location", "owner_enterprise_id", "stage", "stages", "suspended"),
    *("planned_start", "planned_finish", "signed_on", "groundbreaking_on"),
    *("completion_on", "production_on", "total_investment", "plan_year"),
    *("annual_plans", "investment", "completed_investment", "stewards"),
    *("leader_id", "registered_at"),
)
MILESTONE_COLUMNS = {
    "signed": "signed_on",
    "groundbreaking": "groundbreaking_on",
    "completion": "completion_on",
    "production": "production_on",
}


def registered(item: Item) -> Row:
    e: Project.Registered = item.event
    row: Row = dict.fromkeys(COLUMNS)
    return row | {
        "id": str(item.aggregate_id),
        "position": item.position,
        "version": e.originator_version,
        "jurisdiction": e.jurisdiction,
        "code": e.code,
        "name": e.name,
        "level": e.level.value,
        "sector": e.sector,
        "location": e.location,
        "owner_enterprise_id": str(e.owner_enterprise_id),
        "stage": "planning",
        "stages": json.dumps([[recorded_at(e), "planning"]]),
        "suspended": 0,
        "planned_start": e.planned_start.isoformat(),
        "planned_finish": e.planned_finish.isoformat(),
        "total_investment": str(e.total_investment),
        "plan_year": e.plan_year,
        "annual_plans": json.dumps({str(e.plan_year): str(e.planned_investment)}),
        "investment": "{}",
        "completed_investment": "0",
        "stewards": "",
        "registered_at": recorded_at(e),
    }


def fold(row: Row | None, item: Item) -> Row | None:
    event = item.event
    if isinstance(event, Project.Registered):
        return registered(item)
    if row is None:
        return None
    return {**row, **changes(event, row), "version": event.originator_version}


@singledispatch
def changes(event: object, row: Row) -> Row:
    """What an event changes in the row: by default nothing."""
    return {}


@changes.register
def steward_assigned(e: Project.StewardAssigned, row: Row) -> Row:
    stewards = [s for s in row["stewards"].split(",") if s]
    return {"stewards": ",".join([*stewards, str(e.officer_id)])}


@changes.register
def steward_unassigned(e: Project.StewardUnassigned, row: Row) -> Row:
    stewards = [s for s in row["stewards"].split(",") if s != str(e.officer_id)]
    return {"stewards": ",".join(s for s in stewards if s)}


@changes.register
def leader_assigned(e: Project.LeaderAssigned, row: Row) -> Row:
    return {"leader_id": str(e.officer_id)}


@changes.register
def leader_unassigned(e: Project.LeaderUnassigned, row: Row) -> Row:
    return {"leader_id": None}


@changes.register(Project.StageAdvanced)
@changes.register(Project.StageCorrected)
def stage_changed(e: Project.StageAdvanced | Project.StageCorrected, row: Row) -> Row:
    """The stage, and when each stage was recorded: the warning as of a day goes by
    the stage then, not one recorded later."""
    stages = [*json.loads(row["stages"]), [recorded_at(e), e.stage.value]]
    return {"stage": e.stage.value, "stages": json.dumps(stages)}


@changes.register
def milestone_recorded(e: Project.MilestoneRecorded, row: Row) -> Row:
    """The four nodes the board has columns for (the node view keeps every node)."""
    column = MILESTONE_COLUMNS.get(e.milestone.value)
    return {} if column is None else {column: e.on.isoformat()}


@changes.register
def suspended(e: Project.Suspended, row: Row) -> Row:
    return {"suspended": 1}


@changes.register
def resumed(e: Project.Resumed, row: Row) -> Row:
    return {"suspended": 0}


@changes.register
def moved(e: Project.Moved, row: Row) -> Row:
    return {"jurisdiction": e.jurisdiction}


@changes.register(Project.InvestmentReported)
@changes.register(Project.InvestmentCorrected)
def investment(
    e: Project.InvestmentReported | Project.InvestmentCorrected, row: Row
) -> Row:
    months = json.loads(row["investment"]) | {e.month: str(e.cumulative)}
    return {
        "investment": json.dumps(months, sort_keys=True),
        "completed_investment": months[max(months)],
    }


@changes.register
def annual_plan_set(e: Project.AnnualPlanSet, row: Row) -> Row:
    plans = json.loads(row["annual_plans"]) | {str(e.year): str(e.amount)}
    return {"annual_plans": json.dumps(plans, sort_keys=True)}
