"""Figures a leader reports upward: 开(复)工率 and investment completed against the
year's plan, by level, stage, industry, county, city, jurisdiction or month, as of
a day; and the projects under way that have not reported a month's investment."""

import json
from calendar import monthrange
from collections.abc import Callable, Iterable
from datetime import date
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


CHOICES = (*GROUPS, "month")  # by month: the figures as of each month's end


def statistics(rows: Iterable[Row], as_of: AsOf, group_by: str) -> list[Row]:
    """Per group: the projects, those in the year's plan (a plan for the year of
    as_of), those of them started by then and the share (开(复)工率), the year's
    planned and completed investment and the share completed."""
    if group_by == "month":
        return by_month(list(rows), as_of)
    return folded(rows, as_of, lambda row: GROUPS[group_by](row, as_of))


def by_month(rows: list[Row], as_of: AsOf) -> list[Row]:
    """The same figures as of the end of each month of as_of's year so far (the
    last as of as_of itself), each over the projects registered by then."""
    year, found = as_of.today.year, []
    for month in range(1, as_of.today.month + 1):
        end = date(year, month, monthrange(year, month)[1])
        when = min(AsOf.end_of(end), as_of, key=lambda then: then.moment)
        label = f"{year}-{month:02d}"
        then = [row for row in rows if row["registered_at"] <= when.stamp]
        found += folded(then, when, labelled(label)) or [finished(empty(label))]
    return found


def labelled(label: str) -> Callable[[Row], str]:
    return lambda _: label


def folded(rows: Iterable[Row], as_of: AsOf, key: Callable[[Row], str]) -> list[Row]:
    found: dict[str, Row] = {}
    for row in rows:
        group = key(row)
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
