"""The yellow and black lists (黄榜, 黑榜) read from the projects that can be warned
equal every project of the province assessed, as of any instant (past ones, a
day's middle, a month's first moment, January with no elapsed share) and under
other thresholds; and they assess only the projects they list, or whose permits
alone can warn them."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from bench.scenario import Scenario
from domain.app import SiteLedger
from projections import Views
from projections.board import ProjectFilters
from projections.board_read import Board, on_pace
from projections.board_warned import Candidates
from projections.dates import LOCAL, AsOf
from projections.warnings import WarningRules, elapsed_share
from tests.projections.conftest import generated

PROVINCE = Scenario(counties=3, days=200)  # July 2025 to January 2026
Lists = dict[str, list[dict[str, Any]]]
INSTANTS = [
    AsOf.end_of(date(2025, 7, 20)),  # the first projects barely started
    AsOf.of(datetime(2025, 9, 15, 3, 30, tzinfo=UTC)),  # a working day's middle
    AsOf.end_of(date(2025, 10, 31)),
    AsOf.of(datetime(2025, 12, 1, tzinfo=LOCAL)),  # a month's first instant
    AsOf.end_of(date(2026, 1, 10)),  # January: no elapsed share yet
    AsOf.of(PROVINCE.end),
    AsOf.of(None),  # now, long after the work
]
STRICT = WarningRules(  # every reason turns red sooner, pace warns almost always
    red_overdue_days=2,
    red_start_late_days=20,
    red_pace=Decimal("0.9"),
    yellow_pace=Decimal("1.2"),
    blue_due_days=10,
)


@pytest.fixture(scope="module")
def province(module_url: str) -> Iterator[tuple[SiteLedger, Views]]:
    """Three counties' 200 days of work, generated, the views caught up."""
    with generated(module_url, PROVINCE) as found:
        yield found


def every_project(board: Board, scope: str, limit: int) -> Lists:
    """The first `limit` of each colour among every project assessed, in order."""
    rows = list(board.scan(scope, ProjectFilters()))
    return {
        "yellow": [row for row in rows if row["warning"] == "yellow"][:limit],
        "black": [row for row in rows if row["warning"] == "red"][:limit],
    }


@pytest.mark.parametrize("rules", [WarningRules(), STRICT], ids=["default", "strict"])
@pytest.mark.parametrize(
    "as_of", INSTANTS, ids=[*(a.stamp[:16] for a in INSTANTS[:-1]), "now"]
)
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_warned_lists_equal_every_project_assessed(
    province: tuple[SiteLedger, Views], as_of: AsOf, rules: WarningRules, limit: int
) -> None:
    board = Board(province[1], as_of, rules)
    found = board.warned("61", limit)
    assert found == every_project(board, "61", limit)
    assert found == board.warned("610", limit)  # not indexed: every project
    county = PROVINCE.county(2).code
    assert board.warned(county, limit) == every_project(board, county, limit)


@pytest.mark.parametrize("as_of", INSTANTS[1:], ids=lambda a: a.stamp[:10])
def test_the_red_list_equals_every_project_assessed(
    province: tuple[SiteLedger, Views], as_of: AsOf
) -> None:
    """The red list skips, unassessed, the projects not visited in as_of's month."""
    board = Board(province[1], as_of, WarningRules())
    pace = elapsed_share(as_of)
    rows = [row for row in board.scan("61", ProjectFilters()) if on_pace(row, pace)]
    rows.sort(key=lambda row: (-row["year"].share, row["position"]))
    assert board.commended("61", 5) == rows[:5]


@pytest.mark.parametrize("module_url", ["sqlite"], indirect=True)
def test_the_walk_reads_the_place_in_order_and_stops_at_its_limit(
    province: tuple[SiteLedger, Views],
) -> None:
    """Ordered by the board's position, SQLite read and assessed every project of
    the province, then sorted them, to keep a window of 100. (SQLite only:
    PostgreSQL plans by statistics, and a small province may rightly sort.)"""
    views = province[1]
    candidates = Candidates(views, AsOf.of(PROVINCE.end), WarningRules())
    statement, params = candidates.query("61", None, 3)
    with views.board.transaction(write=False) as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + statement, params)
        plan = [(row[1], row[3]) for row in cursor.fetchall()]
    assert (0, "USE TEMP B-TREE FOR ORDER BY") not in plan, plan
    assert any(
        parent == 0 and "USING COVERING INDEX" in detail and "place=?" in detail
        for parent, detail in plan
    ), plan


def test_the_lists_are_not_empty_when_checked(
    province: tuple[SiteLedger, Views],
) -> None:
    """The comparisons above compare lists that hold projects."""
    for rules in (WarningRules(), STRICT):
        board = Board(province[1], AsOf.of(PROVINCE.end), rules)
        found = board.warned("61", 50)
        assert all(found.values()), {k: len(v) for k, v in found.items()}
    assert board.commended("61", 50), "no project on pace"


@pytest.mark.parametrize("limit", [3, 50])
def test_the_warned_lists_assess_only_what_they_list_or_permits_decide(
    province: tuple[SiteLedger, Views],
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
) -> None:
    assessed: list[dict[str, Any]] = []
    original = Board.assessed

    def counted(board: Board, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = original(board, rows)
        assessed.extend(found)
        return found

    board = Board(province[1], AsOf.of(PROVINCE.end), WarningRules())
    warned = every_project(board, "61", 10_000)
    monkeypatch.setattr(Board, "assessed", counted)
    found = board.warned("61", limit)
    listed = {row["id"] for rows in found.values() for row in rows}
    assert len(listed) == sum(min(limit, len(rows)) for rows in warned.values())
    assert len({row["id"] for row in assessed}) == len(assessed)  # each once
    for row in assessed:
        if row["id"] not in listed:  # warned, if at all, by its permits alone
            codes = {r.code for r in row["reasons"] if r.colour != "blue"}
            assert codes <= {"permits_past_limit"}, row["reasons"]
    if limit == 3:  # fewer than the warned before the last one listed
        assert len(assessed) < len(warned["yellow"]) + len(warned["black"])
