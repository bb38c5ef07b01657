"""The seed's monthly warning (三色预警): 「每月依据重点项目开工建设情况和入库纳统情况,
按两个大类分三种情况分别给予"红黄蓝"三色预警提醒督办」 (seed 000). Two kinds of reason —
construction against plan (nodes, investment pace) and entry into the statistics —
and problems long past their limit; worked out as of a month's end (recorded as
events by `siteledger assess`) or as of now (the board's preview). The rules and their
seed sentences: docs/warnings.md."""

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.dates import AsOf
from projections.progress import NodeState
from projections.views import Views
from projections.warnings import (
    BLUE,
    BUILT,
    COLOURS,
    RED,
    YELLOW,
    Reason,
    WarningRules,
    pace_reasons,
    stage_then,
    start_reasons,
    started,
)

Row = dict[str, Any]
ABOVE_SIZE = "above_designated"  # 规上
SCALES = "SELECT id, scale FROM {rows} WHERE kind = 'enterprise' AND "


@dataclass(frozen=True)
class AssessmentRules:
    """Thresholds of the monthly assessment; each a setting (SITELEDGER_ASSESS_...)."""

    red_node_late_days: int = 60  # a node not reached this many days past its plan
    red_statistics_days: int = 90  # broke ground this long ago, not yet 入库

    def recorded(self, warning: WarningRules) -> dict[str, Any]:
        """Every threshold the month went by, as the assessment's events keep them."""
        found = dataclasses.asdict(self) | dataclasses.asdict(warning)
        return {k: str(v) if not isinstance(v, int) else v for k, v in found.items()}


@dataclass(frozen=True)
class Facts:
    """What a project's assessment reads besides its board row."""

    nodes: list[NodeState]
    entered_on: str | None  # 入库
    scale: str | None  # its owner enterprise's
    overdue_long: int  # problems more than the rule's days past their limit


def construction(
    row: Row, facts: Facts, as_of: AsOf, rules: AssessmentRules, warning: WarningRules
) -> list[Reason]:
    """开工建设: each node not reached past its plan, groundbreaking late against the
    planned start where no groundbreaking node is planned, investment behind pace."""
    stage = stage_then(row, as_of)
    reasons = [
        Reason(
            "node_late",
            RED if node.days_late > rules.red_node_late_days else YELLOW,
            {"node": node.node, "days": node.days_late},
        )
        for node in facts.nodes
        if node.actual_on is None and node.days_late
    ]
    planned = {node.node for node in facts.nodes if node.planned_on is not None}
    if "groundbreaking" not in planned:
        reasons += start_reasons(row, stage, as_of, warning)
    return reasons + pace_reasons(row, stage, as_of, warning)


def statistics(
    row: Row, facts: Facts, as_of: AsOf, rules: AssessmentRules
) -> list[Reason]:
    """入库纳统: a project under way not entered in the statistics database; one in
    production whose enterprise is not above the size threshold (规上, 入规)."""
    stage = stage_then(row, as_of)
    reasons = []
    if started(row, stage, as_of.today) and facts.entered_on is None:
        broke = row["groundbreaking_on"]
        days = (as_of.today - date.fromisoformat(broke)).days if broke else None
        late = days is not None and days > rules.red_statistics_days
        reasons.append(Reason("not_in_statistics", RED if late else YELLOW, days))
    if stage in BUILT and facts.scale != ABOVE_SIZE:
        reasons.append(Reason("enterprise_below_size", BLUE, None))
    return reasons


def assess_month(
    row: Row, facts: Facts, as_of: AsOf, rules: AssessmentRules, warning: WarningRules
) -> tuple[str | None, list[Reason]]:
    """The colour (None for none) and every reason of it, most severe colour first."""
    reasons = [
        *construction(row, facts, as_of, rules, warning),
        *statistics(row, facts, as_of, rules),
    ]
    if facts.overdue_long:
        reasons.append(Reason("problems_long_overdue", RED, facts.overdue_long))
    for colour in COLOURS:
        given = [reason for reason in reasons if reason.colour == colour]
        if given:
            return colour, given
    return None, []


def facts_of(
    views: Views, rows: list[Row], as_of: AsOf, warning: WarningRules
) -> dict[str, Facts]:
    """Each project's facts as of an instant, read a page at a time."""
    ids = [row["id"] for row in rows]
    if not ids:
        return {}
    nodes = views.progress.of(ids, as_of)
    entered = views.progress.entered(ids, as_of)
    problems = views.issues.per_project(ids, warning.issue_filters(as_of))
    owners = sorted({row["owner_enterprise_id"] for row in rows})
    catalog = views.catalog
    scales = {
        r["id"]: r["scale"]
        for r in catalog.query(
            SCALES + catalog.dialect.any_of("id", "ids"),
            {"ids": catalog.dialect.values(owners)},
        )
    }
    return {
        row["id"]: Facts(
            nodes.get(row["id"], []),
            entered.get(row["id"]),
            scales.get(row["owner_enterprise_id"]),
            (problems.get(row["id"]) or {}).get("overdue_long", 0),
        )
        for row in rows
    }


def assessed(
    views: Views,
    rows: list[Row],
    as_of: AsOf,
    rules: AssessmentRules,
    warning: WarningRules,
) -> dict[str, tuple[str | None, list[Reason]]]:
    """Each board row's assessment as of an instant, by project id."""
    facts = facts_of(views, rows, as_of, warning)
    return {
        row["id"]: assess_month(row, facts[row["id"]], as_of, rules, warning)
        for row in rows
    }
