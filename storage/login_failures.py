"""Failed logins, kept where every process that answers logins sees them: in the
credentials' SQLite file beside the store, or in the store's PostgreSQL schema. So
throttling counts one guesser once, however many workers or Lambda instances the
guesses land on (`api/http/throttle.py` decides; this only keeps the times)."""

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from psycopg import sql
from psycopg_pool import ConnectionPool

from storage.credentials_db import (
    SQLiteFile,
    beside,
    creates_tables,
    postgres_pool,
    qualified,
    unavailable_as_library_errors,
)

TABLE = "siteledger_login_failures"
MAX_KEYS = 100_000  # what a flood of made-up usernames can make memory hold


class FailureBook(Protocol):
    """Times of failed logins by key ("account:<name>", "address:<ip>")."""

    def since(self, keys: Sequence[str], instant: float) -> dict[str, list[float]]:
        """Each key's failures after the instant, oldest first."""

    def add(self, keys: Sequence[str], at: float, forget_before: float) -> None:
        """One failure for each key (a key twice: two), and forgets those older."""

    def clear(self, key: str) -> None: ...

    def close(self) -> None: ...


class MemoryFailures:
    """A dict, for the in-memory store: one process is all there is."""

    def __init__(self) -> None:
        self._times: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def since(self, keys: Sequence[str], instant: float) -> dict[str, list[float]]:
        with self._lock:
            found = {
                k: [t for t in self._times.get(k, ()) if t > instant] for k in keys
            }
        return {k: times for k, times in found.items() if times}

    def add(self, keys: Sequence[str], at: float, forget_before: float) -> None:
        with self._lock:
            for key in keys:
                self._times.setdefault(key, []).append(at)
            for key in [k for k, t in self._times.items() if t[-1] < forget_before]:
                del self._times[key]
            while len(self._times) > MAX_KEYS:
                del self._times[next(iter(self._times))]

    def clear(self, key: str) -> None:
        with self._lock:
            self._times.pop(key, None)

    def close(self) -> None:
        pass


class SQLiteFailures:
    """A table in the credentials' file, which every worker of a machine opens."""

    def __init__(self, path: Path, *, create_table: bool = True) -> None:
        self._file = SQLiteFile(path)
        if create_table:
            self._file.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT NOT NULL, at REAL NOT NULL)"
            )
            self._file.execute(
                f"CREATE INDEX IF NOT EXISTS {TABLE}_key ON {TABLE} (key, at)"
            )
            self._file.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_at ON {TABLE} (at)")

    def since(self, keys: Sequence[str], instant: float) -> dict[str, list[float]]:
        marks = ", ".join("?" * len(keys))
        rows = self._file.execute(
            f"SELECT key, at FROM {TABLE} WHERE key IN ({marks}) AND at > ? ORDER BY at",
            (*keys, instant),
        )
        return grouped(rows)

    def add(self, keys: Sequence[str], at: float, forget_before: float) -> None:
        self._file.execute(f"DELETE FROM {TABLE} WHERE at < ?", (forget_before,))
        self._file.executemany(
            f"INSERT INTO {TABLE} (key, at) VALUES (?, ?)", [(k, at) for k in keys]
        )

    def clear(self, key: str) -> None:
        self._file.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))

    def close(self) -> None:
        self._file.close()


class PostgresFailures:
    """A table in the store's schema, which every worker and instance reaches."""

    def __init__(
        self, pool: ConnectionPool, schema: str = "", *, create_table: bool = True
    ) -> None:
        self._pool = pool
        self._table = qualified(schema, TABLE)
        if create_table:
            with pool.connection() as connection:
                connection.execute(
                    sql.SQL(
                        "CREATE TABLE IF NOT EXISTS {} (key text NOT NULL,"
                        " at double precision NOT NULL)"
                    ).format(self._table)
                )
                for columns in ("key, at", "at"):
                    connection.execute(
                        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({})").format(
                            sql.Identifier(f"{TABLE}_{columns[:3]}"),
                            self._table,
                            sql.SQL(columns),
                        )
                    )

    def since(self, keys: Sequence[str], instant: float) -> dict[str, list[float]]:
        query = "SELECT key, at FROM {} WHERE key = ANY(%s) AND at > %s ORDER BY at"
        with unavailable_as_library_errors(), self._pool.connection() as connection:
            rows = connection.execute(
                sql.SQL(query).format(self._table), (list(keys), instant)
            ).fetchall()
        return grouped(rows)

    def add(self, keys: Sequence[str], at: float, forget_before: float) -> None:
        with unavailable_as_library_errors(), self._pool.connection() as connection:
            connection.execute(
                sql.SQL("DELETE FROM {} WHERE at < %s").format(self._table),
                (forget_before,),
            )
            connection.cursor().executemany(
                sql.SQL("INSERT INTO {} (key, at) VALUES (%s, %s)").format(self._table),
                [(k, at) for k in keys],
            )

    def clear(self, key: str) -> None:
        with unavailable_as_library_errors(), self._pool.connection() as connection:
            connection.execute(
                sql.SQL("DELETE FROM {} WHERE key = %s").format(self._table), (key,)
            )

    def close(self) -> None:
        self._pool.close()


def grouped(rows: Sequence[tuple[str, float]]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for key, at in rows:
        found.setdefault(key, []).append(at)
    return found


def open_login_failures(env: Mapping[str, str]) -> FailureBook:
    """The book beside the event store that the library settings name."""
    module = env.get("PERSISTENCE_MODULE", "eventsourcing.popo")
    create_table = creates_tables(env)
    if module == "eventsourcing.sqlite":
        path = beside(env["SQLITE_DBNAME"], ".credentials.sqlite3")
        if path is not None:
            return SQLiteFailures(path, create_table=create_table)
    if module == "eventsourcing.postgres":
        return PostgresFailures(
            postgres_pool(env),
            env.get("POSTGRES_SCHEMA", ""),
            create_table=create_table,
        )
    return MemoryFailures()
