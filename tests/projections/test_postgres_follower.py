"""On PostgreSQL a follower never passes events whose transaction has not committed."""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from domain.app import SiteLedger
from domain.commands.enterprise import RegisterEnterprise
from domain.model.enterprise import Enterprise, Scale
from projections import Views, open_views
from storage.eventstore import open_ledger, store_env
from tests.factories import COUNTY_NOTIFICATIONS, a_county, meta
from tests.projections.conftest import EVERYTHING

CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture
def postgres_ledger(postgres_url: str) -> Iterator[SiteLedger]:
    with open_ledger(postgres_url) as app:
        yield app


@pytest.fixture
def postgres_views(postgres_url: str) -> Iterator[Views]:
    with open_views(store_env(postgres_url)) as views:
        yield views


@contextmanager
def inserting(
    app: SiteLedger, stored: list[StoredEvent], *, commit: bool = True
) -> Iterator[None]:
    """Inserts events as the library does, in a transaction held until the block ends."""
    recorder = app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    with (
        recorder.datastore.get_connection() as connection,
        connection.transaction(force_rollback=not commit),
        connection.cursor() as cursor,
    ):
        recorder._insert_stored_events(cursor, stored)
        yield


def an_enterprise(app: SiteLedger) -> tuple[Enterprise, list[StoredEvent]]:
    """An enterprise registered in memory only, and its events as the store keeps them."""
    enterprise = Enterprise.register(
        id=uuid4(),
        meta=meta(),
        credit_code=CREDIT_CODE,
        name="渭南晨光食品有限公司",
        sector="食品",
        scale=Scale.BELOW_DESIGNATED,
        jurisdiction="610502",
    )
    events = enterprise.collect_events()
    return enterprise, [app.mapper.to_stored_event(event) for event in events]


def another_enterprise() -> RegisterEnterprise:
    return RegisterEnterprise(
        enterprise_id=uuid4(),
        credit_code=CREDIT_CODE,
        name="渭南新材料有限公司",
        sector="建材",
        scale=Scale.ABOVE_DESIGNATED,
        jurisdiction="610502",
    )


def wait_for_a_blocked_insert(postgres_url: str) -> None:
    schema = postgres_url.rpartition("schema=")[2]
    url = postgres_url.partition("?")[0]
    with psycopg.connect(url, autocommit=True) as connection:
        for _ in range(200):
            waiting = connection.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted"
                " AND relation = to_regclass(%s)",
                (f"{schema}.siteledger_events",),
            ).fetchone()
            if waiting and waiting[0]:
                return
            time.sleep(0.01)
    pytest.fail("the second writer never waited for the table lock")


def test_a_follower_waits_for_events_a_transaction_has_not_committed(
    postgres_ledger: SiteLedger, postgres_views: Views, postgres_url: str
) -> None:
    app, views = postgres_ledger, postgres_views
    a_county(app)
    views.catch_up(app)
    held, stored = an_enterprise(app)
    with ThreadPoolExecutor(1) as pool:
        with inserting(app, stored):
            later = pool.submit(app.execute, another_enterprise(), meta())
            wait_for_a_blocked_insert(postgres_url)
            assert views.catch_up(app) == 0
            assert views.changes.head() == COUNTY_NOTIFICATIONS
        outcome = later.result(timeout=10)
    assert views.catch_up(app) == 3  # the held event; the other's claim and event
    after = COUNTY_NOTIFICATIONS
    positions = [row.position for row in views.changes.since("", after, EVERYTHING)]
    assert positions == [after + 1, after + 3]
    assert views.catalog.get(held.id) is not None
    assert views.catalog.get(outcome.aggregate_id) is not None


def test_a_gap_left_by_a_rolled_back_insert_is_passed_over(
    postgres_ledger: SiteLedger, postgres_views: Views
) -> None:
    app, views = postgres_ledger, postgres_views
    a_county(app)
    views.catch_up(app)
    lost, stored = an_enterprise(app)
    with inserting(app, stored, commit=False):
        pass
    a_county(app, "610503")
    after = COUNTY_NOTIFICATIONS
    assert views.catch_up(app) == COUNTY_NOTIFICATIONS
    positions = [row.position for row in views.changes.since("", after, EVERYTHING)]
    assert positions[0] == after + 3  # past the lost insert and the next claim
    assert views.catalog.get(lost.id) is None
    assert views.changes.head() == app.notification_count() == 2 * after + 1
