"""考核 over HTTP: departments scored with their parts, each one's change since the
period before (as published, where it was), and a period's ranking published once."""

import dataclasses
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from flask_smorest import abort

from api.http.auth import current_principal
from api.http.permissions import publish_refusal
from api.http.services import current_views, services
from domain.commands.ranking import PublishRanking
from domain.errors import NotFound
from domain.model.ranking import Ranking
from domain.values import Meta
from projections.board_read import (
    departments,
    month_index,
    month_last_day,
    period_before,
)
from projections.dates import AsOf
from projections.issue_sql import IssueFilters
from projections.ranking import RankingWeights, with_change

Row = dict[str, Any]


def weights() -> RankingWeights:
    return services().settings.ranking_weights()


def current(scope: str, filters: IssueFilters) -> list[Row]:
    """The departments ranked as of the filters, with their change."""
    rows = departments(current_views(), scope, filters, weights())
    return with_change(rows, ranks_before(scope, filters))


def ranks_before(scope: str, filters: IssueFilters) -> dict[str, int]:
    """Each department's rank in the period before: as published, if it was."""
    before = period_before(filters)
    if before is None:
        return {}
    published = find(scope, str(before.month_from), str(before.month_to))
    rows = (
        published.rows
        if published is not None
        else departments(current_views(), scope, before, weights())
    )
    return {row["group"]: row["rank"] for row in rows}


def find(scope: str, month_from: str, month_to: str) -> Ranking | None:
    ranking_id = Ranking.id_for(scope, month_from, month_to)
    try:
        return services().ledger.load(
            Ranking, ranking_id, scope=current_principal().jurisdiction
        )
    except NotFound:
        return None


def published(scope: str, month_from: str, month_to: str) -> Row:
    found = find(scope, month_from, month_to)
    if found is None:
        abort(404, message=f"no ranking of {scope} for {month_from} to {month_to}")
    assert found is not None  # abort raised
    return shown(found)


def publish(scope: str, args: dict[str, Any]) -> Row:
    """Publishes the ranking of the months asked, as of their end: once."""
    principal = current_principal()
    if (refused := publish_refusal(principal)) is not None:
        abort(403, message=refused)
    month_from, month_to = args["month_from"], args["month_to"]
    end = AsOf.end_of(month_last_day(month_index(month_to)))
    if end.moment > datetime.now(UTC):
        abort(409, message=f"{month_to} is not over: a period is published once over")
    filters = (
        services()
        .settings.warning_rules()
        .issue_filters(end, month_from=month_from, month_to=month_to)
    )
    command = PublishRanking(
        jurisdiction=scope,
        month_from=month_from,
        month_to=month_to,
        as_of=end.moment,
        weights=dataclasses.asdict(weights()),
        rows=tuple(current(scope, filters)),
    )
    meta = Meta(principal.officer_id, uuid4(), "web", datetime.now(UTC))
    outcome = services().ledger.execute(command, meta, scope=principal.jurisdiction)
    return shown(services().ledger.load(Ranking, outcome.aggregate_id))


def shown(ranking: Ranking) -> Row:
    return {
        "id": ranking.id,
        "jurisdiction": ranking.jurisdiction,
        "month_from": ranking.month_from,
        "month_to": ranking.month_to,
        "as_of": ranking.as_of,
        "published_at": ranking.created_on,
        "weights": ranking.weights,
        "departments": ranking.rows,
    }
