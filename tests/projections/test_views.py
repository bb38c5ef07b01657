"""Where views live, what they refuse, and how they fail when something is wrong."""

from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from domain.app import SiteLedger
from projections import Views, open_views
from projections.catalog_fold import fold
from projections.changes import change
from projections.events import Item
from projections.views import beside
from storage.eventstore import MEMORY, open_ledger, store_env
from tests.factories import COUNTY_NOTIFICATIONS, a_county


def test_a_generation_must_make_a_plain_table_name() -> None:
    with pytest.raises(ValueError, match="a view's name"):
        open_views(store_env(MEMORY), generation="next; DROP")


def test_views_of_another_application_are_refused(views: Views) -> None:
    class Other(SiteLedger):
        name = "Other"

    with (
        Other(env=store_env(MEMORY)) as other,
        pytest.raises(ValueError, match="another application"),
    ):
        views.catch_up(other)


def test_a_sqlite_store_keeps_its_views_in_a_file_beside_it(sqlite_url: str) -> None:
    with open_ledger(sqlite_url) as app, open_views(store_env(sqlite_url)) as views:
        a_county(app)
        views.catch_up(app)
    store = Path(sqlite_url.removeprefix("sqlite:///"))
    assert store.with_name("events.views.sqlite3").exists()
    with open_ledger(sqlite_url) as app, open_views(store_env(sqlite_url)) as views:
        assert views.catch_up(app) == 0
        assert views.changes.head() == COUNTY_NOTIFICATIONS


@pytest.mark.parametrize(
    "settings",
    [{"PERSISTENCE_MODULE": "eventsourcing.dynamodb"}, {"PERSISTENCE_MODULE": "x.y"}],
)
def test_views_cannot_live_beside_an_unknown_store(settings: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="no views beside"):
        open_views(settings)


@pytest.mark.parametrize(
    ("dbname", "views"),
    [
        ("var/siteledger.sqlite3", "var/siteledger.views.sqlite3"),
        ("/srv/events.db", "/srv/events.views.db"),
        ("file:events?mode=rwc", "events.views"),
        (":memory:", None),
        ("file:x?mode=memory&cache=shared", None),
    ],
)
def test_views_live_in_a_file_beside_the_event_store(
    dbname: str, views: str | None
) -> None:
    assert beside(dbname) == views


def test_an_in_memory_sqlite_store_has_its_views_in_memory() -> None:
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": "file:store?mode=memory&cache=shared",
        "APPLICATION_RECORDER_TOPIC": "storage.receipts:SQLiteLedgerRecorder",
    }
    with SiteLedger(env=settings) as app, open_views(settings) as views:
        a_county(app)
        assert views.catch_up(app) == COUNTY_NOTIFICATIONS


def test_views_need_single_row_tracking(store_url: str) -> None:
    settings = store_env(store_url) | {"SINGLE_ROW_TRACKING": "n"}
    with pytest.raises(ValueError, match="single-row tracking"):
        open_views(settings)


@pytest.mark.parametrize("limit", [0, -1])
def test_reads_and_catch_ups_want_a_positive_limit(
    app: SiteLedger, memory_views: Views, limit: int
) -> None:
    with pytest.raises(ValueError, match="limit must be positive"):
        memory_views.catch_up(app, limit)
    with pytest.raises(ValueError, match="limit must be positive"):
        memory_views.changes.since("", 0, limit)


def test_a_view_that_breaks_its_own_rules_stops_the_catch_up(
    app: SiteLedger, memory_views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(view: Any, cursor: Any, items: Any) -> None:
        raise IntegrityError("duplicate key")

    a_county(app)
    monkeypatch.setattr(type(memory_views.catalog), "apply", broken)
    with pytest.raises(IntegrityError, match="duplicate key"):
        memory_views.catch_up(app)
    assert memory_views.catalog.position() == 0


class Stranger:
    """An event of an aggregate no view knows."""

    originator_id = uuid4()
    originator_version = 2


def test_events_of_aggregates_no_view_knows_are_passed_over() -> None:
    item = Item(7, Stranger())
    row: dict[str, Any] = {"id": "x"}
    assert fold(row, item) is row
    assert fold(None, item) is None
    assert change(item, {}) is None


def test_a_log_that_answers_nothing_past_its_head_does_not_make_catch_up_spin(
    app: SiteLedger, memory_views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_county(app)
    monkeypatch.setattr(app.recorder, "max_notification_id", lambda: 99)
    assert memory_views.catch_up(app) == COUNTY_NOTIFICATIONS
    assert memory_views.catch_up(app) == 0
