"""Reads of a whole scope from its indexes: ledger pages walked by place, summaries
and rankings from the kept tallies, equal to the same reads by prefix and count."""

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from bench.scenario import Scenario
from domain.app import SiteLedger
from projections import Views
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.visit_ledger import VisitFilters
from tests.projections.conftest import generated

YEAR = Scenario(counties=1, days=200)
TALLIED, COUNTED = "61", "610"  # the same problems: a level's place, and a prefix


@pytest.fixture(scope="module")
def county(module_url: str) -> Iterator[tuple[SiteLedger, Views]]:
    """A county's 200 days of work, generated, its views caught up."""
    with generated(module_url, YEAR) as found:
        yield found


NOW = IssueFilters(AsOf(YEAR.end))
ASKED = [
    ("department", NOW),
    ("month", NOW),
    ("department", replace(NOW, month_from="2025-09", month_to="2025-09")),
    ("month", replace(NOW, month_from="2025-08")),
    ("department", replace(NOW, overdue_days=30, due_soon_days=10)),
]


@pytest.mark.parametrize(("group_by", "filters"), ASKED)
def test_a_summary_as_of_now_from_the_tallies_equals_the_count(
    county: tuple[SiteLedger, Views], group_by: str, filters: IssueFilters
) -> None:
    issues = county[1].issues
    assert issues.tallied(TALLIED, filters, group_by) is not None
    assert issues.tallied(COUNTED, filters, group_by) is None
    tallied = issues.summary(TALLIED, group_by, filters)
    assert tallied == issues.summary(COUNTED, group_by, filters)
    assert sum(g["received"] for g in tallied) > 0


def test_a_department_s_summary_and_the_ranking_figures_equal_the_count(
    county: tuple[SiteLedger, Views],
) -> None:
    issues = county[1].issues
    summary = issues.summary(TALLIED, "department", NOW)
    assert sum(g["overdue"] + g["due_soon"] for g in summary) > 0
    ranking = issues.ranking_figures(TALLIED, NOW)
    assert ranking == issues.ranking_figures(COUNTED, NOW)
    assert sum(r["response_due"] for r in ranking.values()) > 0
    department = max(ranking, key=lambda d: ranking[d]["response_due"])
    one = replace(NOW, department=department)
    assert issues.summary(TALLIED, "month", one) == issues.summary(
        COUNTED, "month", one
    )


def test_a_summary_as_of_a_past_day_is_counted_from_the_problems(
    county: tuple[SiteLedger, Views],
) -> None:
    issues = county[1].issues
    past = IssueFilters(AsOf(YEAR.end - timedelta(days=60)))
    assert issues.tallied(TALLIED, past, "department") is None
    assert issues.summary(TALLIED, "department", past) != issues.summary(
        TALLIED, "department", NOW
    )


def every_page(read: Callable[[Page], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        found = read(Page(rows[-1]["position"] if rows else None, 7))
        rows += found[:7]
        if len(found) <= 7:
            return rows


@pytest.mark.parametrize("status", [None, "closed"])
def test_problem_pages_walked_by_place_equal_those_by_prefix(
    county: tuple[SiteLedger, Views], status: str | None
) -> None:
    issues = county[1].issues
    filters = replace(NOW, status=status)
    by_place = every_page(partial(issues.page, TALLIED, filters))
    assert by_place == every_page(partial(issues.page, COUNTED, filters))
    assert len(by_place) > 7


def test_visit_pages_walked_by_place_equal_those_by_prefix(
    county: tuple[SiteLedger, Views],
) -> None:
    visits = county[1].visits
    filters = VisitFilters(AsOf(YEAR.end), status="finished")
    by_place = every_page(partial(visits.page, TALLIED, filters))
    assert by_place == every_page(partial(visits.page, COUNTED, filters))
    assert len(by_place) > 7
