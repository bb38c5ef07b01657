"""Views built a batch at a time while history is written equal views rebuilt from
scratch; a rebuild is swapped in under the live names."""

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import psycopg
import pytest

from bench.load import load
from bench.scenario import Scenario
from domain.app import SiteLedger
from projections import Views, open_views
from projections.rebuild import (
    SHOWN,
    contents,
    differences,
    fresh,
    rebuild,
    swap,
    verify,
    verify_all,
)
from storage.eventstore import open_ledger, store_env

SEASON = Scenario(seed=7, counties=1, days=120, visits_per_day=3.0)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store of the module's own on each database (a schema on PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('rebuild') / 'events.sqlite3'}"
        return
    server: str = request.getfixturevalue("postgres_server")
    schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{server}?schema={schema}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def followed(store: str) -> Iterator[tuple[SiteLedger, Views]]:
    """A season of a county's work written straight into the store, the views
    caught up in small batches every ten days of it, as a follower would."""
    with open_ledger(store) as app, open_views(store_env(store)) as views:
        days = iter(range(10**6))

        def follow(_: int) -> None:
            if next(days) % 10 == 0:
                views.catch_up(app, limit=97)

        load(app, SEASON, follow)
        views.catch_up(app, limit=97)
        yield app, views


def test_views_followed_incrementally_equal_views_rebuilt_from_scratch(
    followed: tuple[SiteLedger, Views],
) -> None:
    app, views = followed
    assert app.notification_count() > 2000
    for kind, live in views.by_name().items():
        scratch = fresh(views, kind, "check")
        assert verify(app, live, scratch) == [], kind
        assert len(contents(live)["rows"]) > 10, kind


def test_a_rebuilt_view_swapped_in_holds_the_same_and_keeps_following(
    followed: tuple[SiteLedger, Views],
) -> None:
    app, views = followed
    for kind in ("issues", "visits"):
        before = contents(views.by_name()[kind])
        for _ in range(2):  # the second rebuild finds the first's names free again
            rebuilt = fresh(views, kind, "next")
            rebuild(app, rebuilt)
            swap(views.by_name()[kind], rebuilt)
        assert contents(views.by_name()[kind]) == before
    assert views.catch_up(app) == 0
    assert views.issues.position() == app.notification_count()


def test_every_view_is_rebuilt_in_one_pass_decoding_each_event_once(
    followed: tuple[SiteLedger, Views], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, views = followed
    decoded = [0]
    decode = app.mapper.to_domain_event

    def counted(stored: Any) -> Any:
        decoded[0] += 1
        return decode(stored)

    monkeypatch.setattr(app.mapper, "to_domain_event", counted)
    rebuild(app, fresh(views, "issues", "alone"))
    alone, decoded[0] = decoded[0], 0
    scratches = [fresh(views, kind, "onepass") for kind in views.by_name()]
    assert rebuild(app, scratches) == app.notification_count()
    assert decoded[0] == alone > 2000  # six views for the decoding of one
    assert verify_all(app, list(views.all), scratches) == [[]] * len(scratches)


def test_verify_names_the_rows_each_side_lacks_and_counts_the_rest(
    followed: tuple[SiteLedger, Views],
) -> None:
    app, views = followed
    scratch = fresh(views, "visits", "tampered")
    rebuild(app, scratch, until=views.visits.position())
    with scratch.transaction(write=True) as cursor:
        cursor.execute(scratch.sql("DELETE FROM {rows} WHERE status = 'cancelled'"))
        cursor.execute(scratch.sql("UPDATE {rows} SET evidence = evidence + 1"))
    held = len(contents(views.visits)["rows"])
    found = differences(views.visits, scratch)
    assert found[SHOWN] == f"rows: live only: … and {held - SHOWN} more"
    assert all(line.startswith("rows: live only: (") for line in found[:SHOWN])
    assert found[-1].startswith("rows: rebuilt only: … and ")
    assert not any(line.startswith("_officers") for line in found)
