"""The follower in the writing process keeps the views current without reading back
what that process wrote, and reads from the log what other processes wrote."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from domain.app import SiteLedger
from projections.follower import Follower
from projections.rebuild import fresh, verify
from projections.views import Views
from storage.eventstore import open_ledger
from tests.factories import a_county

SECONDS = 20


@contextmanager
def following(ledger: SiteLedger, views: Views, interval: float) -> Iterator[Follower]:
    started = Follower(ledger, views, interval=interval).start()
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


def counting(app: SiteLedger) -> list[int]:
    """Counts the log's reads from now on."""
    reads: list[int] = []
    select: Callable[..., Any] = app.recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return select(*args, **kwargs)

    app.recorder.select_notifications = counted  # type: ignore[method-assign]
    return reads


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_what_this_process_writes_reaches_the_views_without_reading_the_log(
    ledger: SiteLedger, views: Views
) -> None:
    views.catch_up(ledger)
    reads = counting(ledger)
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
