"""Who steers each project (项目管家, 包抓领导), and whether they have been on site as
often as the rules ask: the leader each quarter, the steward each month."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from projections.dates import AsOf, day_start, stamp
from projections.views import Views

CHUNK = 500  # projects whose visits are read at once
ON_SITE = (
    "SELECT r.project_id, o.officer_id, COUNT(*) AS visits FROM {rows} r"
    " JOIN {officers} o ON o.visit_id = r.id"
    " WHERE %s AND r.started_at >= :since AND r.started_at <= :as_of"
    " GROUP BY r.project_id, o.officer_id"
)
Row = dict[str, Any]


@dataclass(frozen=True)
class Cadence:
    """How often each must be on site (settings; seed 001: 包抓领导「每季度实地调研不少于
    1次」; the seeds' monthly visit per assigned enterprise for stewards)."""

    leader_visits_per_quarter: int = 1
    steward_visits_per_month: int = 1


def quarter_start(as_of: AsOf) -> str:
    """The instant the local quarter of as_of began, as views store instants."""
    today = as_of.today
    first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    return stamp(day_start(first))


def quarter_of(as_of: AsOf) -> str:
    return f"{as_of.today.year}-Q{(as_of.today.month - 1) // 3 + 1}"


def on_site(
    views: Views, project_ids: Sequence[str], since: str, as_of: AsOf
) -> dict[tuple[str, str], int]:
    """Check-ins from `since` to as_of, by (project, officer)."""
    found: dict[tuple[str, str], int] = {}
    ledger = views.visits
    for start in range(0, len(project_ids), CHUNK):
        ids = sorted(project_ids[start : start + CHUNK])
        rows = ledger.query(
            ON_SITE % ledger.dialect.any_of("r.project_id", "ids"),
            {"ids": ledger.dialect.values(ids), "since": since, "as_of": as_of.stamp},
        )
        found |= {(r["project_id"], r["officer_id"]): r["visits"] for r in rows}
    return found


def stewards_of(row: Row) -> list[str]:
    stewards = row["stewards"]
    return (
        stewards
        if isinstance(stewards, list)
        else [s for s in stewards.split(",") if s]
    )


def with_people(
    views: Views, rows: list[Row], as_of: AsOf, cadence: Cadence
) -> list[Row]:
    """Board rows with their stewards' and leader's names, the leader's visits this
    quarter (and whether one is still due) and their stewards' this month."""
    ids = [row["id"] for row in rows]
    quarter = on_site(views, ids, quarter_start(as_of), as_of) if ids else {}
    month = on_site(views, ids, as_of.month_start, as_of) if ids else {}
    people = {p for row in rows for p in [*stewards_of(row), row["leader_id"]] if p}
    names = views.visits.names(sorted(people)) if people else {}
    for row in rows:
        stewards, leader = stewards_of(row), row["leader_id"]
        visits = quarter.get((row["id"], leader), 0) if leader else None
        row |= {
            "steward_names": [names.get(s, s) for s in stewards],
            "leader_name": names.get(leader, leader) if leader else None,
            "leader_visits_this_quarter": visits,
            "leader_visit_due": None
            if visits is None
            else visits < cadence.leader_visits_per_quarter,
            "steward_visits_this_month": sum(
                month.get((row["id"], s), 0) for s in stewards
            ),
        }
    return rows


def coverage(
    views: Views, projects: Iterator[Row], as_of: AsOf, cadence: Cadence, role: str
) -> list[Row]:
    """Each steward's (this month) or leader's (this quarter) projects, those they
    visited as often as the rule asks, and the share."""
    held: dict[str, list[str]] = {}
    for row in projects:
        people = stewards_of(row) if role == "steward" else [row["leader_id"]]
        for person in filter(None, people):
            held.setdefault(person, []).append(row["id"])
    ids = sorted({p for projects_held in held.values() for p in projects_held})
    steward = role == "steward"
    since = as_of.month_start if steward else quarter_start(as_of)
    needed = (
        cadence.steward_visits_per_month
        if steward
        else cadence.leader_visits_per_quarter
    )
    visits = on_site(views, ids, since, as_of) if ids else {}
    names = views.visits.names([*held, *ids]) if held else {}
    found = []
    for person, projects_held in held.items():
        done = [p for p in projects_held if visits.get((p, person), 0) >= needed]
        missing = [p for p in projects_held if p not in done]
        found.append(
            {
                "officer_id": person,
                "officer_name": names.get(person, person),
                "period": as_of.month if steward else quarter_of(as_of),
                "required": needed,
                "projects": len(projects_held),
                "visited": len(done),
                "coverage": round(len(done) / len(projects_held), 4),
                "not_visited": missing,
                "not_visited_names": [names.get(p, p) for p in missing],
            }
        )
    return sorted(found, key=lambda row: (row["coverage"], row["officer_name"]))
