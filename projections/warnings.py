"""The red / yellow / blue warning (三色预警) of a key project, computed when read.

A pure function of a project's stored facts, its problems' figures, its last visit
and an instant: the same inputs always give the same colour and reasons. The rules
and their defaults are documented in docs/warnings.md.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from projections.dates import AsOf
from projections.issue_sql import IssueFilters

RED, YELLOW, BLUE = "red", "yellow", "blue"
COLOURS = (RED, YELLOW, BLUE)
STARTED = frozenset({"under_construction", "commissioned", "operating"})
BUILT = frozenset({"commissioned", "operating"})


@dataclass(frozen=True)
class WarningRules:
    """Thresholds of the warning; each is a setting (SITELEDGER_WARN_...)."""

    red_overdue_days: int = 7  # a problem more than this many days past due
    red_start_late_days: int = 60  # groundbreaking more than this many days late
    red_pace: Decimal = Decimal("0.5")  # of the year's elapsed share
    yellow_pace: Decimal = Decimal("0.8")
    blue_due_days: int = 3  # a deadline within this many days

    def issue_filters(self, as_of: AsOf, **terms: Any) -> IssueFilters:
        """Problems as of an instant, counted long overdue and due soon by these
        rules, so that every ledger and the board agree."""
        return IssueFilters(
            as_of,
            overdue_days=self.red_overdue_days,
            due_soon_days=self.blue_due_days,
            **terms,
        )


@dataclass(frozen=True)
class Reason:
    """Why a project got its colour: a rule's code, and the figure that broke it."""

    code: str
    colour: str
    value: Any


@dataclass(frozen=True)
class Investment:
    """A project's investment in the year of as_of (万元)."""

    year: int
    planned: Decimal | None  # the year's plan
    completed: Decimal  # this year, to the last month reported by as_of
    cumulative: Decimal  # since the start, to the same month

    @property
    def share(self) -> Decimal | None:
        """The year's completed share of its plan."""
        if not self.planned:
            return None
        return (self.completed / self.planned).quantize(Decimal("0.0001"))


def investment(row: dict[str, Any], as_of: AsOf) -> Investment:
    """The year's plan and completion as of a day, from the monthly cumulative
    figures (`investment`, JSON) and the plans by year (`annual_plans`)."""
    return investment_in(row, as_of.today.year, as_of.month)


def investment_in(row: dict[str, Any], year: int, month: str) -> Investment:
    """The year's plan and completion as of a month (`YYYY-MM`) of that year."""
    months = {m: Decimal(v) for m, v in json.loads(row["investment"]).items()}
    known = [m for m in months if m <= month]
    before = [m for m in known if m < f"{year}-01"]
    cumulative = months[max(known)] if known else Decimal(0)
    start = months[max(before)] if before else Decimal(0)
    plans = json.loads(row["annual_plans"])
    planned = Decimal(plans[str(year)]) if str(year) in plans else None
    completed = cumulative - start if known and max(known) >= f"{year}-01" else 0
    return Investment(year, planned, Decimal(completed), cumulative)


def elapsed_share(as_of: AsOf) -> Decimal:
    """The share of the year's months that have ended (reports come monthly)."""
    return Decimal(as_of.today.month - 1) / 12


def stage_then(row: dict[str, Any], as_of: AsOf) -> str:
    """The stage recorded last by as_of (planning, before any)."""
    stages = json.loads(row["stages"])
    return next(
        (stage for at, stage in reversed(stages) if at <= as_of.stamp), "planning"
    )


def started(row: dict[str, Any], stage: str, today: date) -> bool:
    broke_ground = row["groundbreaking_on"]
    return stage in STARTED or (
        broke_ground is not None and broke_ground <= today.isoformat()
    )


def start_reasons(
    row: dict[str, Any], stage: str, as_of: AsOf, rules: WarningRules
) -> list[Reason]:
    today = as_of.today
    if started(row, stage, today):
        return []
    late = (today - date.fromisoformat(row["planned_start"])).days
    if late > rules.red_start_late_days:
        return [Reason("groundbreaking_late", RED, late)]
    return [Reason("groundbreaking_late", YELLOW, late)] if late > 0 else []


def pace_reasons(
    row: dict[str, Any], stage: str, as_of: AsOf, rules: WarningRules
) -> list[Reason]:
    elapsed = elapsed_share(as_of)
    if not started(row, stage, as_of.today) or stage in BUILT or not elapsed:
        return []
    share = investment(row, as_of).share
    if share is None:
        return []
    pace = share / elapsed
    if pace < rules.red_pace:
        return [Reason("investment_behind", RED, float(share))]
    return (
        [Reason("investment_behind", YELLOW, float(share))]
        if pace < rules.yellow_pace
        else []
    )


def problem_reasons(figures: dict[str, Any]) -> list[Reason]:
    reasons = []
    if figures.get("overdue_long"):
        reasons.append(Reason("problems_long_overdue", RED, figures["overdue_long"]))
    if figures.get("overdue"):
        reasons.append(Reason("problems_overdue", YELLOW, figures["overdue"]))
    if figures.get("due_soon"):
        reasons.append(Reason("deadline_soon", BLUE, figures["due_soon"]))
    return reasons


def assess(
    row: dict[str, Any],
    figures: dict[str, Any],
    last_visit: str | None,
    as_of: AsOf,
    rules: WarningRules,
    *,
    permits_past_limit: int = 0,
) -> tuple[str | None, list[Reason]]:
    """The project's colour as of an instant (None for no warning), and the
    reasons of that colour; `permits_past_limit`: permits of its approval package
    open past their committed limit then."""
    stage = stage_then(row, as_of)
    reasons = [
        *problem_reasons(figures),
        *start_reasons(row, stage, as_of, rules),
        *pace_reasons(row, stage, as_of, rules),
    ]
    if permits_past_limit:
        reasons.append(Reason("permits_past_limit", YELLOW, permits_past_limit))
    if last_visit is None or last_visit < as_of.month_start:
        reasons.append(Reason("not_visited_this_month", BLUE, last_visit))
    for colour in COLOURS:
        given = [reason for reason in reasons if reason.colour == colour]
        if given:
            return colour, given
    return None, []
