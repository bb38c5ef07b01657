"""Figures a leader reports upward: 开(复)工率 and investment completed against the
year's plan, by level, stage, industry, county, city or jurisdiction, as of a day;
and the projects under way that have not reported a month's investment."""

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from projections.dates import AsOf
from projections.warnings import investment, stage_then, started

Row = dict[str, Any]
RATE = Decimal("0.0001")
GROUPS: dict[str, Callable[[Row, AsOf], str]] = {
    "level": lambda row, _: row["level"],
    "stage": stage_then,
    "sector": lambda row, _: row["sector"],
    "county": lambda row, _: row["jurisdiction"][:6],
    "city": lambda row, _: row["jurisdiction"][:4],
    "jurisdiction": lambda row, _: row["jurisdiction"],
}


def rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(RATE) if whole else None


def statistics(rows: Iterable[Row], as_of: AsOf, group_by: str) -> list[Row]:
    """Per group: the projects, those in the year's plan (a plan for the year of
    as_of), those of them started by then and the share (开(复)工率), the year's
    planned and completed investment and the share completed."""
    found: dict[str, Row] = {}
    for row in rows:
        group = GROUPS[group_by](row, as_of)
        figures = found.setdefault(group, empty(group))
        figures["projects"] += 1
        year = investment(row, as_of)
        if year.planned is None:
            continue
        figures["in_plan"] += 1
        figures["started"] += started(row, stage_then(row, as_of), as_of.today)
        figures["planned"] += year.planned
        figures["completed"] += year.completed
    return [finished(figures) for _, figures in sorted(found.items())]


def empty(group: str) -> Row:
    zero = Decimal(0)
    return {"group": group, "projects": 0, "in_plan": 0, "started": 0} | {
        "planned": zero,
        "completed": zero,
    }


def finished(figures: Row) -> Row:
    return figures | {
        "start_rate": rate(figures["started"], figures["in_plan"]),
        "completion_rate": rate(figures["completed"], figures["planned"]),
        "planned": str(figures["planned"]),
        "completed": str(figures["completed"]),
    }


def unreported(rows: Iterable[Row], as_of: AsOf, month: str) -> list[Row]:
    """Projects under way (started, not yet built, with a plan for the month's year)
    with no investment figure for the month by as_of."""
    found = []
    for row in rows:
        stage = stage_then(row, as_of)
        year = investment(row, as_of)
        if not started(row, stage, as_of.today) or stage in (
            "commissioned",
            "operating",
        ):
            continue
        if year.planned is None or month in json.loads(row["investment"]):
            continue
        found.append(
            {
                k: row[k]
                for k in ("id", "code", "name", "jurisdiction", "level", "sector")
            }
            | {"month": month, "stage": stage}
        )
    return found
