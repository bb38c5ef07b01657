"""The follower in the writing process keeps the views current without reading back
what that process wrote, and reads from the log what other processes wrote; of one
machine's processes on a store, one follows."""

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Recording

from domain.app import SiteLedger
from projections import events
from projections.events import HIDDEN_TOPICS
from projections.follower import Follower
from projections.rebuild import fresh, verify
from projections.views import Views
from storage.eventstore import open_ledger
from tests.factories import a_county

SECONDS = 20


@contextmanager
def following(
    ledger: SiteLedger, views: Views, interval: float, elected_by: Path | None = None
) -> Iterator[Follower]:
    started = Follower(ledger, views, interval=interval, elected_by=elected_by).start()
    try:
        yield started
    finally:
        started.stop()


def caught_up(app: SiteLedger, views: Views) -> bool:
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        if min(v.position() for v in views.all) == app.notification_count():
            return True
        time.sleep(0.02)
    return False


def calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Counts the calls of `owner.name` from now on (the log's reads, the events a
    catch-up decodes, ...)."""
    made: list[int] = []
    called: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return called(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return made


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_what_this_process_writes_reaches_the_views_without_reading_the_log(
    ledger: SiteLedger, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    views.catch_up(ledger)
    reads = calls(monkeypatch, ledger.recorder, "select_notifications")
    with following(ledger, views, interval=600):  # woken by the writes alone
        for _ in range(3):
            a_county(ledger, "610503")
        assert caught_up(ledger, views)
    assert reads == []
    for name, view in views.by_name().items():
        assert verify(ledger, view, fresh(views, name, "rebuilt")) == []


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_what_another_process_writes_is_read_from_the_log(
    store_url: str, ledger: SiteLedger, views: Views
) -> None:
    with following(ledger, views, interval=0.05), open_ledger(store_url) as other:
        a_county(other, "610504")
        assert caught_up(ledger, views)
    rows, _ = views.catalog.list("enterprise", "610504", {}, None, 10)
    assert len(rows) == 1


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_of_mixed_writes_only_what_another_process_wrote_is_decoded(
    store_url: str, ledger: SiteLedger, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    views.catch_up(ledger)
    theirs: list[str] = []

    def written(recordings: Sequence[Recording[UUID]]) -> None:
        theirs.extend(r.notification.topic for r in recordings)

    decoded = calls(monkeypatch, events, "readable")
    with open_ledger(store_url) as other:
        other.listeners.append(written)
        with following(ledger, views, interval=600):  # woken by our writes alone
            for code in ("610511", "610512", "610513"):
                a_county(ledger, code)
                a_county(other, code + "1")
            a_county(ledger, "610514")
            assert caught_up(ledger, views)
    assert len(decoded) == len([t for t in theirs if not t.startswith(HIDDEN_TOPICS)])
    assert decoded  # what the other wrote was read: the views hold it
    rows, _ = views.catalog.list("enterprise", "6105131", {}, None, 10)
    assert len(rows) == 1


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_one_process_of_a_machine_follows_and_another_takes_over(
    store_url: str,
    ledger: SiteLedger,
    views: Views,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = tmp_path / "follower.lock"
    with open_ledger(store_url) as second_ledger:
        reads = calls(monkeypatch, second_ledger.recorder, "select_notifications")
        with following(ledger, views, 0.05, lock) as first:
            assert first.elected()
            with following(second_ledger, views, 0.05, lock) as second:
                a_county(second_ledger, "610521")
                assert caught_up(ledger, views)  # the first read it from the log
                assert not second.elected()
                assert reads == []  # the second never caught up itself
                # the first stops: its lock is free, and the second follows
                first.stop()
                a_county(ledger, "610522")
                assert caught_up(ledger, views)
                assert second.elected()
                assert reads
    rows, _ = views.catalog.list("enterprise", "610522", {}, None, 10)
    assert len(rows) == 1
    assert not lock.exists()  # nothing left behind in the temporary folder
