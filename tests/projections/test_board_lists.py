"""红黄黑榜 read from the board's indexes (each list until it is full) equal the lists
of every project of the scope assessed and sorted, as of any month's end."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from bench.scenario import Scenario
from domain.app import SiteLedger
from projections import Views, open_views
from projections import board_read as read
from projections.board import ProjectFilters
from projections.board_read import Board, month_last_day
from projections.dates import AsOf
from projections.rebuild import fresh, verify
from projections.warnings import WarningRules, elapsed_share
from storage.eventstore import store_env
from tests.projections.conftest import generated

YEAR = Scenario(counties=2, days=200)  # July 2025 to January 2026
INDEXED, PREFIX = "61", "610"  # the same projects: a level's place, and a prefix
Lists = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def province(module_url: str) -> Iterator[tuple[SiteLedger, Views]]:
    """Two counties' 200 days of work, generated, the views caught up in batches."""
    with generated(module_url, YEAR) as found:
        yield found


def every_project(board: Board, scope: str, limit: int) -> Lists:
    """The lists as they were computed before the indexes: every project of the
    scope assessed, then picked and sorted."""
    pace = elapsed_share(board.as_of)
    rows = list(board.scan(scope, ProjectFilters()))
    red = [row for row in rows if read.on_pace(row, pace)]
    red.sort(key=lambda row: (-row["year"].share, row["position"]))
    return {
        "red": red[:limit],
        "yellow": [row for row in rows if row["warning"] == "yellow"][:limit],
        "black": [row for row in rows if row["warning"] == "red"][:limit],
    }


MONTH_ENDS = [
    AsOf.end_of(month_last_day(12 * year + month - 1))
    for year, month in ((2025, 8), (2025, 10), (2025, 12), (2026, 1))
]


@pytest.mark.parametrize("as_of", MONTH_ENDS, ids=lambda a: a.month)
@pytest.mark.parametrize("limit", [2, 50])
def test_the_lists_from_the_indexes_equal_every_project_assessed(
    province: tuple[SiteLedger, Views],
    monkeypatch: pytest.MonkeyPatch,
    as_of: AsOf,
    limit: int,
) -> None:
    monkeypatch.setattr(read, "WINDOW", 3)  # windows end inside the lists
    board = Board(province[1], as_of, WarningRules())
    found = board.lists(INDEXED, limit)
    assert found == every_project(board, INDEXED, limit)
    assert found == board.lists(PREFIX, limit)  # not indexed: every project
    assert all(found.values()), {k: len(v) for k, v in found.items()}


def test_the_lists_as_of_a_day_read_the_shares_of_its_month(
    province: tuple[SiteLedger, Views],
) -> None:
    mid_month = AsOf.end_of(date(2025, 11, 14))
    board = Board(province[1], mid_month, WarningRules())
    red = board.lists(INDEXED, 50)["red"]
    assert red == every_project(board, INDEXED, 50)["red"]
    shares = [row["year"].share for row in red]
    assert shares == sorted(shares, reverse=True)
    assert min(shares) >= elapsed_share(mid_month)


def test_a_county_s_lists_hold_its_own_projects(
    province: tuple[SiteLedger, Views],
) -> None:
    board = Board(province[1], MONTH_ENDS[-1], WarningRules())
    county = YEAR.county(1).code
    found = board.lists(county, 50)
    assert found == every_project(board, county, 50)
    rows = [row for rows in found.values() for row in rows]
    assert rows
    assert {row["jurisdiction"][:6] for row in rows} == {county}


def test_the_board_s_indexes_rebuild_equal(
    province: tuple[SiteLedger, Views],
) -> None:
    app, views = province
    assert verify(app, views.board, fresh(views, "board", "check")) == []


def test_the_views_postgresql_connections_compile_no_query(
    postgres_url: str,
) -> None:
    """JIT took seconds a query for the lists' problem figures (a window of 100
    projects, estimated costly); the views' connections turn it off."""
    with open_views(store_env(postgres_url)) as views:
        for view in (views.board, views.issues):
            found = view.query("SELECT current_setting('jit') AS jit", {})
            assert found == [{"jit": "off"}]
