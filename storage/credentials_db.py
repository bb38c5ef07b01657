"""Where the credentials and failed logins are kept beside the event store: a SQLite
file of their own next to its file, or a small pool of connections to its
PostgreSQL database; a database that cannot answer raises the library's errors."""

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, LiteralString, TypeVar

import psycopg
from eventsourcing import persistence
from eventsourcing.postgres import ConnectionPool as PasswordPool
from psycopg import sql
from psycopg_pool import ConnectionPool

from storage.dbauth import password_getter

Kept = TypeVar("Kept")


@contextmanager
def unavailable_as_library_errors() -> Iterator[None]:
    """A database that cannot answer now raises what the event store would (→ 503)."""
    try:
        yield
    except (sqlite3.OperationalError, psycopg.OperationalError) as error:
        raise persistence.OperationalError(str(error)) from error
    except psycopg.InterfaceError as error:
        raise persistence.InterfaceError(str(error)) from error


class SQLiteFile:
    """A SQLite file of its own next to the event store's, readable only by its
    owner, shared by the threads of a process (and the processes of a machine)."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._connection = sqlite3.connect(
            path, timeout=10, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        self.execute("PRAGMA journal_mode=WAL")

    def execute(self, statement: str, parameters: Sequence[object] = ()) -> list[Any]:
        with self._lock, unavailable_as_library_errors():
            return self._connection.execute(statement, parameters).fetchall()

    def executemany(self, statement: str, rows: Sequence[Sequence[object]]) -> None:
        with self._lock, unavailable_as_library_errors():
            self._connection.executemany(statement, rows)

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def beside(dbname: str, ending: str) -> Path | None:
    """A file next to the SQLite event store, `<its stem><ending>`; None in memory."""
    if dbname == ":memory:" or "mode=memory" in dbname:
        return None
    store = Path(dbname.removeprefix("file:").partition("?")[0])
    return store.with_name(store.stem + ending)


def postgres_pool(env: Mapping[str, str]) -> ConnectionPool:
    """At most two connections, opened on demand: logins are rare next to events.
    The password is the store's, also when each connection asks for a fresh one."""
    timeout = env.get("POSTGRES_CONNECT_TIMEOUT", "5")
    return PasswordPool(
        get_password_func=password_getter(env),
        kwargs={
            "dbname": env["POSTGRES_DBNAME"],
            "host": env["POSTGRES_HOST"],
            "port": env["POSTGRES_PORT"],
            "user": env["POSTGRES_USER"],
            "password": env.get("POSTGRES_PASSWORD", ""),
            "connect_timeout": timeout,
            "autocommit": True,
        },
        min_size=0,
        max_size=2,
        open=True,
        check=ConnectionPool.check_connection,
        timeout=float(timeout),
        name="siteledger-credentials",
    )


class PostgresTable:
    """A table in the event store's PostgreSQL schema, through a small pool; `{}` in
    a statement stands for its name."""

    def __init__(self, pool: ConnectionPool, schema: str, table: str) -> None:
        self._pool = pool
        name = sql.Identifier(table)
        self._name = (
            sql.SQL(".").join([sql.Identifier(schema), name]) if schema else name
        )

    def execute(
        self, statement: LiteralString, parameters: Sequence[object] = ()
    ) -> list[Any]:
        with unavailable_as_library_errors(), self._pool.connection() as connection:
            found = connection.execute(
                sql.SQL(statement).format(self._name), parameters
            )
            return found.fetchall() if found.description else []

    def executemany(
        self, statement: LiteralString, rows: Sequence[Sequence[object]]
    ) -> None:
        with unavailable_as_library_errors(), self._pool.connection() as connection:
            connection.cursor().executemany(sql.SQL(statement).format(self._name), rows)

    def close(self) -> None:
        self._pool.close()


@dataclass(frozen=True)
class Kinds(Generic[Kept]):
    """How a store beside the event store is made on each kind of event store, each
    given whether to create its table."""

    memory: Callable[[], Kept]
    sqlite: Callable[[SQLiteFile, bool], Kept]
    postgres: Callable[[PostgresTable, bool], Kept]


def kept_beside(env: Mapping[str, str], table: str, kinds: Kinds[Kept]) -> Kept:
    """What the library settings' store keeps beside it: in the credentials' SQLite
    file, in a table of its PostgreSQL schema, or in memory."""
    module = env.get("PERSISTENCE_MODULE", "eventsourcing.popo")
    create = env.get("CREATE_TABLE", "y").lower() in {"y", "yes", "true", "1"}
    if module == "eventsourcing.sqlite":
        path = beside(env["SQLITE_DBNAME"], ".credentials.sqlite3")
        if path is not None:
            return kinds.sqlite(SQLiteFile(path), create)
    if module == "eventsourcing.postgres":
        schema = env.get("POSTGRES_SCHEMA", "")
        return kinds.postgres(PostgresTable(postgres_pool(env), schema, table), create)
    return kinds.memory()
