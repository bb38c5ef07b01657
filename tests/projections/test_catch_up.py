"""Catching up: exactly once, resumable after a crash, safe from many callers."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from domain.app import SiteLedger
from domain.commands.issue import RaiseIssue
from domain.commands.project import MoveProject
from domain.model.issue import Category, Severity, Source
from projections import Views, open_views
from projections.events import decode
from projections.view import View
from storage.eventstore import MEMORY, store_env
from tests.factories import COUNTY_NOTIFICATIONS, County, a_county, meta
from tests.projections.conftest import EVERYTHING, contents, reference


def counties(app: SiteLedger, count: int) -> list[County]:
    return [a_county(app, f"6105{i:02d}") for i in range(count)]


def reopen(views: Views, store_url: str) -> Views:
    """The views of the same database opened afresh (in memory, the same views)."""
    if store_url == MEMORY:
        return views
    views.close()
    return open_views(store_env(store_url))


def test_catching_up_again_processes_nothing_new(
    ledger: SiteLedger, views: Views
) -> None:
    assert views.catch_up(ledger) == 0
    a_county(ledger)
    assert views.catch_up(ledger) == ledger.notification_count() == COUNTY_NOTIFICATIONS
    assert views.catch_up(ledger) == 0
    assert contents(views) == reference(ledger)


def test_small_batches_give_the_same_rows_as_one_batch(
    ledger: SiteLedger, views: Views
) -> None:
    counties(ledger, 2)
    assert views.catch_up(ledger, limit=3) == 2 * COUNTY_NOTIFICATIONS
    assert contents(views) == reference(ledger)


def test_a_view_found_further_back_under_the_lock_is_caught_up_from_there(
    ledger: SiteLedger, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the unlocked read of the positions and the lock, a view can only move
    back if a rebuild swapped it in: the batch read is then too short for it."""
    a_county(ledger)
    seen_once = iter([5] * len(views.all))
    for view in views.all:
        real = view.position
        monkeypatch.setattr(
            view, "position", lambda r=real: next(seen_once, None) or r()
        )
    assert views.catch_up(ledger) == COUNTY_NOTIFICATIONS
    assert contents(views) == reference(ledger)


def test_a_crash_in_the_middle_loses_and_repeats_nothing(
    ledger: SiteLedger, views: Views, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    counties(ledger, 3)
    apply = type(views.changes).apply
    calls = iter(range(100))

    def crash_on_the_third_batch(view: View, cursor: Any, items: Any) -> None:
        if next(calls) == 2:
            raise RuntimeError("power cut")
        apply(view, cursor, items)  # type: ignore[arg-type]

    monkeypatch.setattr(type(views.changes), "apply", crash_on_the_third_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        views.catch_up(ledger, limit=4)
    monkeypatch.undo()
    assert (
        views.changes.head() == views.catalog.position() == 8
    )  # the batch rolled back whole
    resumed = reopen(views, store_url)
    try:
        assert resumed.catch_up(ledger, limit=4) == 3 * COUNTY_NOTIFICATIONS - 8
        assert contents(resumed) == reference(ledger)
    finally:
        resumed.close()


def test_a_notification_processed_before_is_refused_and_rolled_back(
    ledger: SiteLedger, views: Views
) -> None:
    a_county(ledger)
    views.catch_up(ledger)
    before = contents(views)
    first = decode(ledger.mapper, ledger.recorder.select_notifications(1, 4))
    with pytest.raises(IntegrityError):
        views.catalog.process(0, first)
    with pytest.raises(ValueError, match="must follow position 10"):
        views.catalog.process(10, first)
    assert contents(views) == before


def test_a_batch_reaching_past_work_done_meanwhile_is_refused_whole(
    ledger: SiteLedger, views: Views
) -> None:
    a_county(ledger)
    views.catch_up(ledger)
    later = a_county(ledger, "610503")
    stale = decode(ledger.mapper, ledger.recorder.select_notifications(5, 100))
    with pytest.raises(IntegrityError, match=f"at {COUNTY_NOTIFICATIONS}, not 4"):
        views.catalog.process(4, stale)
    assert views.catalog.get(later.project_id) is None
    assert views.catch_up(ledger) == COUNTY_NOTIFICATIONS
    assert contents(views) == reference(ledger)


def test_two_threads_catching_up_at_once_give_the_same_rows_as_one(
    ledger: SiteLedger, views: Views
) -> None:
    counties(ledger, 4)
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda _: views.catch_up(ledger, limit=3), range(2)))
    assert sum(done) >= 4 * COUNTY_NOTIFICATIONS
    assert views.changes.head() == 4 * COUNTY_NOTIFICATIONS
    assert contents(views) == reference(ledger)


def test_readers_see_every_change_once_while_writers_and_catch_ups_run(
    ledger: SiteLedger, views: Views
) -> None:
    writing, written = threading.Event(), threading.Event()
    writing.set()

    def write(i: int) -> None:
        county = a_county(ledger, f"6105{i:02d}")
        for n in range(3):
            ledger.execute(raise_issue(county, n), meta())

    def follow() -> None:
        while writing.is_set():
            views.catch_up(ledger, limit=7)
        views.catch_up(ledger, limit=7)

    with ThreadPoolExecutor(12) as pool:
        readers = [pool.submit(read, views, scope, written) for scope in ("", "610503")]
        followers = [pool.submit(follow) for _ in range(2)]
        list(pool.map(write, range(8)))
        writing.clear()
        for follower in followers:
            follower.result()
        written.set()
        everything, scoped = (reader.result() for reader in readers)
    rows = views.changes.since("", 0, EVERYTHING)
    assert everything == [row.position for row in rows]
    assert scoped == [row.position for row in rows if row.jurisdiction == "610503"]
    log = ledger.recorder.select_notifications(None, EVERYTHING)
    assert len(everything) == 8 * 8  # per county: 8 events, 2 claims (no receipts)
    assert len(log) == 8 * 10


def raise_issue(county: County, n: int) -> RaiseIssue:
    return RaiseIssue(
        issue_id=uuid4(),
        source=Source.MEETING,
        category=Category.POWER,
        severity=Severity.MEDIUM,
        description=f"问题{n}",
        project_id=county.project_id,
    )


def read(views: Views, scope: str, finished: threading.Event) -> list[int]:
    """Pages through the feed by the last position seen until all is written."""
    seen: list[int] = []
    while True:
        last_round = finished.is_set()
        page = views.changes.since(scope, seen[-1] if seen else 0, 5)
        seen += [row.position for row in page]
        if not page and last_round:
            return seen


def test_views_rebuilt_in_tables_of_their_own_equal_the_live_ones(
    ledger: SiteLedger, views: Views, store_url: str
) -> None:
    county = a_county(ledger)
    views.catch_up(ledger, limit=3)
    ledger.execute(
        MoveProject(project_id=county.project_id, jurisdiction="610503", reason="调整"),
        meta(),
    )
    views.catch_up(ledger)
    with open_views(store_env(store_url), generation="rebuilt") as rebuilt:
        assert rebuilt.changes.head() == 0
        assert rebuilt.catch_up(ledger) == COUNTY_NOTIFICATIONS + 1
        assert contents(rebuilt) == contents(views)
