"""Meetings' tasks (任务交办单) with their states and names, and the rhythm of the
meetings held: what the routes and exports show."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from domain.model.meeting_kinds import Every, MeetingKind, MeetingKinds, next_due
from domain.model.meeting_kinds import period_of as period
from projections import Views
from projections.dates import AsOf
from projections.issue_sql import Page
from projections.meetings import TaskFilters, task_states

Row = dict[str, Any]
Paged = tuple[list[Row], int | None]
FROM_LEDGER = (
    *("jurisdiction", "project_id", "description", "category", "status"),
    *("assigned_at", "due_on", "open", "overdue", "days_overdue"),
    *("escalation_level", "closed_on", "satisfaction", "department_id"),
)


def tasks(
    views: Views, scope: str, filters: TaskFilters, page: Page, kinds: MeetingKinds
) -> Paged:
    """A page of tasks in the order issued, each with its meeting's facts and its
    problem's row as of the read; the position the next page starts after."""
    found = views.meetings.tasks(scope, filters, page.after, page.limit)
    after = found[page.limit - 1]["position"] if len(found) > page.limit else None
    found = found[: page.limit]
    ids = [task["issue_id"] for task in found]
    states = task_states(views.issues, scope, ids, filters.as_of)
    people = [task["chair_id"] for task in found]
    projects = [state["project_id"] for state in states.values()]
    names = views.issues.names([*people, *projects]) if found else {}
    rows = []
    for task in found:
        state = states.get(task["issue_id"])
        if state is None:  # gone with its project to a jurisdiction not yours
            continue
        row = task | {key: state[key] for key in FROM_LEDGER}
        row["department"] = state["department_then"]
        row["meeting_kind_name"] = kind_name(kinds, task["meeting_kind"])
        row["chair_name"] = names.get(task["chair_id"])
        row["project_name"] = names.get(state["project_id"])
        rows.append(row)
    return rows, after


def figures(rows: Iterable[Row]) -> dict[str, int]:
    """A meeting's tasks counted: open, overdue, closed out, closed by the deadline."""
    counted = {"tasks": 0, "open": 0, "overdue": 0, "closed": 0, "closed_on_time": 0}
    for row in rows:
        closed = row["status"] == "closed"
        on_time = closed and row["closed_on"] <= row["due_on"]
        for key, counts in (
            ("tasks", True),
            ("open", row["open"]),
            ("overdue", row["overdue"]),
            ("closed", closed),
            ("closed_on_time", on_time),
        ):
            counted[key] += bool(counts)
    return counted


def rhythm(views: Views, scope: str, as_of: AsOf, kinds: MeetingKinds) -> list[Row]:
    """Per jurisdiction (the reader's, and each below with a meeting held) and
    kind: the last meeting held by as_of, how many this year, the day the next is
    due by and whether that day has passed."""
    held = {
        (row["jurisdiction"], row["kind"]): row
        for row in views.meetings.last_held(scope, as_of)
    }
    places = sorted({*(place for place, _ in held), *([scope] if scope else [])})
    codes = [kind.code for kind in kinds.kinds]
    codes += sorted({code for _, code in held} - set(codes))  # no longer configured
    return [
        due(place, kinds.get(code) or MeetingKind(code, code, Every.NONE), held, as_of)
        for place in places
        for code in codes
        if (place, code) in held or place == scope
    ]


def due(
    place: str, kind: MeetingKind, held: dict[tuple[str, str], Row], as_of: AsOf
) -> Row:
    found = held.get((place, kind.code))
    last = date.fromisoformat(found["last_held"]) if found else None
    today = as_of.today
    row: Row = {
        "jurisdiction": place,
        "kind": kind.code,
        "kind_name": kind.name,
        "every": kind.every.value,
        "last_held": last and last.isoformat(),
        "held_this_year": int(found["this_year"] or 0) if found else 0,
        "next_due": None,
        "overdue": False,
        "days_overdue": 0,
    }
    if kind.every is Every.NONE:
        return row
    # Never held: due by the end of the period as_of falls in.
    by = next_due(last, kind.every) if last else period(today, kind.every)[1]
    late = (today - by).days
    return row | {
        "next_due": by.isoformat(),
        "overdue": late > 0,
        "days_overdue": max(late, 0),
    }


def kind_name(kinds: MeetingKinds, code: str) -> str:
    found = kinds.get(code)
    return found.name if found else code
