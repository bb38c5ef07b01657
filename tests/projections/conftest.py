"""Views on the same store as the `ledger` fixture, and helpers to compare them."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bench.load import load
from bench.scenario import Scenario
from domain.app import SiteLedger
from projections import FIELDS, CatalogRow, ChangeRow, Views, open_views
from storage.eventstore import MEMORY, open_ledger, store_env
from tests.conftest import fresh_schema

EVERYTHING = 1_000_000


@pytest.fixture
def views(store_url: str) -> Iterator[Views]:
    """The views beside the store the `ledger` fixture writes to."""
    with open_views(store_env(store_url)) as opened:
        yield opened


@pytest.fixture
def memory_views() -> Iterator[Views]:
    """Views in memory, for tests of what views show rather than where they live."""
    with open_views(store_env(MEMORY)) as opened:
        yield opened


def contents(views: Views) -> tuple[list[CatalogRow], list[ChangeRow]]:
    """Every row of every view, in order: two views are equal if these are."""
    rows = [
        row
        for kind in FIELDS
        for row in views.catalog.list(kind, "", {}, None, EVERYTHING)[0]
    ]
    return rows, views.changes.since("", 0, EVERYTHING)


def reference(app: SiteLedger) -> tuple[list[CatalogRow], list[ChangeRow]]:
    """What views hold after one catch-up from scratch, in a database of their own."""
    with open_views(store_env(MEMORY)) as fresh:
        fresh.catch_up(app)
        return contents(fresh)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store for a module's tests, on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('generated')}/events.sqlite3"
        return
    with fresh_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@contextmanager
def generated(url: str, scenario: Scenario) -> Iterator[tuple[SiteLedger, Views]]:
    """The scenario's work, generated into the store, the views caught up in batches."""
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        load(app, scenario)
        views.catch_up(app, limit=300)
        yield app, views
