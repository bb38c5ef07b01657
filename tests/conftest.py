"""Fixtures shared by every level of test: the service layer on each real store."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from domain.app import SiteLedger
from storage.eventstore import MEMORY, open_ledger

POSTGRES = os.environ.get(
    "SITELEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def app() -> Iterator[SiteLedger]:
    """The service layer on the in-memory store (still round-trips serialisation)."""
    with open_ledger(MEMORY) as ledger:
        yield ledger


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """PostgreSQL's URL; under CI a missing server fails the run instead of skipping."""
    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI and unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    return POSTGRES


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    with fresh_schema(postgres_server) as url:
        yield url


@contextmanager
def fresh_schema(postgres_server: str) -> Iterator[str]:
    """A store URL on a fresh schema of its own, dropped afterwards."""
    schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{postgres_server}?schema={schema}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/events.sqlite3"


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each real store in turn: the same tests hold on all of them."""
    if request.param == "memory":
        return MEMORY
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def ledger(store_url: str) -> Iterator[SiteLedger]:
    with open_ledger(store_url) as app:
        yield app


# S3-compatible servers over HTTP on 127.0.0.1, one each per test session: moto's,
# and SeaweedFS (which checks what presigned URLs are signed for).


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from tests.storage.servers import moto_server

    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def seaweedfs_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.storage.servers import seaweedfs_server

    with seaweedfs_server(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint
