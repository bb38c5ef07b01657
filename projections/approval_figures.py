"""A permit's figures as of a day, and a group's totals: working days taken against
the statutory and the committed limit, the time cut, permits past their limit,
容缺 documents overdue (definitions: domain/approval_time.py)."""

from datetime import date
from decimal import Decimal
from typing import Any

from domain.approval_time import average_cut, days_taken, due, time_cut

Row = dict[str, Any]
TOTALS = (
    *("permits", "projects", "submitted", "accepted", "granted", "open"),
    *("granted_on_time", "granted_late", "past_limit", "over_statutory"),
    *("returned", "rongque", "rongque_overdue", "rongque_supplied_late"),
    *("statutory_days", "days_taken"),
)


def on_or_before(value: str | None, day: date) -> date | None:
    """A stored date if it happened by `day`, else None (not yet, as of then)."""
    if value is None:
        return None
    found = date.fromisoformat(value)
    return found if found <= day else None


def figures(row: Row, today: date) -> Row:
    """What a permit's row adds as of `today`: its limits' days, working days taken
    (granted, or running), whether it is past its limit, its time cut, 容缺."""
    # A returned permit's clock stopped; a new acceptance starts it afresh.
    running = row["status"] in ("accepted", "granted")
    accepted = on_or_before(row["accepted_on"], today) if running else None
    granted = on_or_before(row["granted_on"], today) if accepted else None
    taken = None if accepted is None else days_taken(accepted, granted or today)
    due_on = None if accepted is None else due(accepted, row["committed_days"])
    late = taken is not None and taken > row["committed_days"]
    supply_by = on_or_before(row["supply_by"], date.max) if accepted else None
    supplied = on_or_before(row["supplied_on"], today)
    return {
        "as_of": today.isoformat(),
        "accepted": accepted is not None,
        "granted": granted is not None,
        "days_taken": taken,
        "due_on": due_on and due_on.isoformat(),
        "past_limit": late and granted is None,
        "granted_late": late and granted is not None,
        "over_statutory": taken is not None and taken > row["statutory_days"],
        "time_cut": time_cut(row["statutory_days"], taken)
        if granted is not None and taken is not None
        else None,
        "rongque": supply_by is not None,
        "rongque_overdue": supply_by is not None
        and supplied is None
        and today > supply_by,
        "rongque_supplied_late": supply_by is not None
        and supplied is not None
        and supplied > supply_by,
    }


def totals(rows: list[Row]) -> Row:
    """A group's figures; rows carry `figures` already."""
    granted = [r for r in rows if r["granted"]]
    found = dict.fromkeys(TOTALS, 0)
    found |= {
        "permits": len(rows),
        "projects": len({r["project_id"] for r in rows}),
        "submitted": sum(r["submitted_on"] is not None for r in rows),
        "accepted": sum(r["accepted"] for r in rows),
        "granted": len(granted),
        "open": sum(r["accepted"] and not r["granted"] for r in rows),
        "granted_on_time": sum(not r["granted_late"] for r in granted),
        "granted_late": sum(r["granted_late"] for r in granted),
        "past_limit": sum(r["past_limit"] for r in rows),
        "over_statutory": sum(r["over_statutory"] for r in rows),
        "returned": sum(r["returns"] for r in rows),
        "rongque": sum(r["rongque"] for r in rows),
        "rongque_overdue": sum(r["rongque_overdue"] for r in rows),
        "rongque_supplied_late": sum(r["rongque_supplied_late"] for r in rows),
        "statutory_days": sum(r["statutory_days"] for r in granted),
        "days_taken": sum(r["days_taken"] for r in granted),
    }
    cuts: list[Decimal] = [r["time_cut"] for r in granted]
    return found | {"time_cut": average_cut(cuts)}


def month(row: Row) -> str | None:
    """The month a permit counts in: of its grant, else its acceptance, else its
    submission (as of then)."""
    for key in ("granted", "accepted"):
        if row[key]:
            return str(row[f"{key}_on"])[:7]
    return None if row["submitted_on"] is None else str(row["submitted_on"])[:7]
