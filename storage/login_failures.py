"""Failed logins, kept where every process that answers logins sees them: in the
credentials' SQLite file beside the store, or in the store's PostgreSQL schema. So
throttling counts one guesser once, however many workers or Lambda instances the
guesses land on (`api/http/throttle.py` decides; this only keeps the times)."""

import threading
from collections.abc import Mapping, Sequence
from typing import Protocol

from storage.credentials_db import Kinds, PostgresTable, SQLiteFile, kept_beside

TABLE = "siteledger_login_failures"
MAX_KEYS = 100_000  # what a flood of made-up usernames can make memory hold


class FailureBook(Protocol):
    """Times of failed logins by key ("account:…", "address:…", as the throttle
    names them)."""

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

    def __init__(self, file: SQLiteFile, create_table: bool) -> None:
        self._file = file
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

    def __init__(self, table: PostgresTable, create_table: bool) -> None:
        self._table = table
        if create_table:
            table.execute(
                "CREATE TABLE IF NOT EXISTS {} (key text NOT NULL,"
                " at double precision NOT NULL)"
            )
            table.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_key ON {{}} (key, at)")
            table.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_at ON {{}} (at)")

    def since(self, keys: Sequence[str], instant: float) -> dict[str, list[float]]:
        return grouped(
            self._table.execute(
                "SELECT key, at FROM {} WHERE key = ANY(%s) AND at > %s ORDER BY at",
                (list(keys), instant),
            )
        )

    def add(self, keys: Sequence[str], at: float, forget_before: float) -> None:
        self._table.execute("DELETE FROM {} WHERE at < %s", (forget_before,))
        self._table.executemany(
            "INSERT INTO {} (key, at) VALUES (%s, %s)", [(k, at) for k in keys]
        )

    def clear(self, key: str) -> None:
        self._table.execute("DELETE FROM {} WHERE key = %s", (key,))

    def close(self) -> None:
        self._table.close()


def grouped(rows: Sequence[tuple[str, float]]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for key, at in rows:
        found.setdefault(key, []).append(at)
    return found


def open_login_failures(env: Mapping[str, str]) -> FailureBook:
    """The book beside the event store that the library settings name."""
    kinds = Kinds[FailureBook](MemoryFailures, SQLiteFailures, PostgresFailures)
    return kept_beside(env, TABLE, kinds)
