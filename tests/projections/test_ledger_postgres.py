"""On PostgreSQL the ledgers never pass a problem whose insert has not committed."""

from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

from domain.app import SiteLedger
from domain.commands.issue import RaiseIssue
from domain.model.issue import Category, Issue, Severity, Source
from projections import Views
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from tests.factories import a_county, meta
from tests.projections.test_postgres_follower import (
    inserting,
    postgres_ledger,
    postgres_views,
    wait_for_a_blocked_insert,
)

__all__ = ["postgres_ledger", "postgres_views"]  # fixtures used here


def a_problem(project_id: object) -> RaiseIssue:
    return RaiseIssue(
        issue_id=uuid4(),
        source=Source.HOTLINE,
        category=Category.LAND,
        severity=Severity.HIGH,
        description="用地指标未落实",
        project_id=project_id,  # type: ignore[arg-type]
    )


def test_a_problem_held_open_while_later_ones_commit_reaches_the_ledger(
    postgres_ledger: SiteLedger, postgres_views: Views, postgres_url: str
) -> None:
    app, views = postgres_ledger, postgres_views
    county = a_county(app)
    views.catch_up(app)
    held = Issue.raise_(
        id=uuid4(),
        meta=meta(),
        jurisdiction="610502",
        source=Source.MEETING,
        category=Category.POWER,
        severity=Severity.LOW,
        description="增容未批复",
        project_id=county.project_id,
        enterprise_id=None,
        visit_id=None,
    )
    stored = [app.mapper.to_stored_event(e) for e in held.collect_events()]
    with ThreadPoolExecutor(1) as pool:
        with inserting(app, stored):
            later = pool.submit(app.execute, a_problem(county.project_id), meta())
            wait_for_a_blocked_insert(postgres_url)
            views.catch_up(app)
            assert views.issues.page("", IssueFilters(AsOf.of(None)), Page()) == []
        later.result(timeout=10)
    views.catch_up(app)
    rows = views.issues.page("", IssueFilters(AsOf.of(None)), Page())
    assert len(rows) == 2
    assert rows[0]["id"] == str(held.id)
    (row,) = views.issues.per_project(
        [str(county.project_id)], IssueFilters(AsOf.of(None))
    ).values()
    assert row["received"] == 2
