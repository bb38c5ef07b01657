"""The approvals ledger's rows as the API and exports show them: names looked up,
figures as of the day, pages cut."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from api.readings import Paged, Row, cut
from domain.approval_time import CUT_PLACES
from projections import Views
from projections.approval_sql import ApprovalFilters
from projections.issue_sql import Page

NAMED_GROUPS = ("project", "agent", "steward")


def permits(views: Views, scope: str, filters: ApprovalFilters, page: Page) -> Paged:
    rows, after = cut(views.approvals.page(scope, filters, page), page)
    names = views.approvals.names([r["project_id"] for r in rows]) if rows else {}
    for row in rows:
        row["project_name"] = names.get(row["project_id"])
    return rows, after


def summary(
    views: Views, scope: str, group_by: str, filters: ApprovalFilters
) -> list[Row]:
    rows = views.approvals.summary(scope, group_by, filters)
    if group_by in NAMED_GROUPS:
        names = views.approvals.names([r["group"] for r in rows if r["group"]])
        for row in rows:
            row["group_name"] = names.get(row["group"], row["group"])
    return rows


def workload(views: Views, scope: str, filters: ApprovalFilters) -> list[Row]:
    """Each agent's matters (opened, closed, open) and the permits they are on."""
    matters = {r["agent"]: r for r in views.approvals.workload(scope, filters.as_of)}
    permits = {r["group"]: r for r in views.approvals.summary(scope, "agent", filters)}
    agents = sorted(set(matters) | set(permits))
    names = views.approvals.names(agents) if agents else {}
    return [load(a, names.get(a), matters.get(a), permits.get(a)) for a in agents]


def load(
    agent: str, name: str | None, matters: Row | None, permits: Row | None
) -> dict[str, Any]:
    opened = int(matters["opened"]) if matters else 0
    closed = int(matters["closed"] or 0) if matters else 0
    return {
        "agent": agent,
        "agent_name": name,
        "opened": opened,
        "closed": closed,
        "open": opened - closed,
        "packages": int(matters["packages"]) if matters else 0,
        "permits": permits["permits"] if permits else 0,
        "granted": permits["granted"] if permits else 0,
    }


ROLES = ("agent", "steward")
RESULTS = (
    *("projects", "permits", "granted", "granted_on_time", "granted_late"),
    *("past_limit", "rongque_overdue", "time_cut"),
)


def evaluation(views: Views, scope: str, filters: ApprovalFilters) -> list[Row]:
    """考核评价 (seed 003): each agent's and each steward's workload and results by
    the day: matters opened, closed and open; the permits they serve (an agent's
    own, the chief's where no agent is put on one; a steward's projects'), granted,
    on time against the committed limit, past it, and their mean time cut."""
    rows: list[Row] = []
    for role in ROLES:
        matters = views.approvals.workload(scope, filters.as_of, by=role)
        loads = {r["agent"]: r for r in matters}
        permits = {r["group"]: r for r in views.approvals.summary(scope, role, filters)}
        for person in sorted(set(loads) | set(permits)):
            rows.append(evaluated(person, role, loads.get(person), permits.get(person)))
    names = views.approvals.names([r["person"] for r in rows]) if rows else {}
    return [row | {"person_name": names.get(row["person"])} for row in rows]


def evaluated(person: str, role: str, matters: Row | None, permits: Row | None) -> Row:
    results = {k: (permits or {}).get(k, 0) for k in RESULTS}
    results["time_cut"] = (permits or {}).get("time_cut")
    opened = int(matters["opened"]) if matters else 0
    closed = int(matters["closed"] or 0) if matters else 0
    on_time = rate(results["granted_on_time"], results["granted"])
    return {"person": person, "role": role, **results, "on_time_rate": on_time} | {
        "matters_opened": opened,
        "matters_closed": closed,
        "matters_open": opened - closed,
    }


def rate(part: int, whole: int) -> Decimal | None:
    """A share to a tenth of a per cent, None of nothing."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(CUT_PLACES, ROUND_HALF_UP)
