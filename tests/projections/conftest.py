"""Views on the same store as the `ledger` fixture, and helpers to compare them."""

from collections.abc import Iterator

import pytest

from domain.app import SiteLedger
from projections import FIELDS, CatalogRow, ChangeRow, Views, open_views
from storage.eventstore import MEMORY, store_env

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
