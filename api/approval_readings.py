"""The approvals ledger's rows as the API and exports show them: names looked up,
figures as of the day, pages cut."""

from typing import Any

from api.readings import Paged, Row, cut
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
