"""Login credentials (username → officer id and password hash), kept beside the events."""

import logging
import os
import secrets
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol
from uuid import UUID

from werkzeug.security import check_password_hash, generate_password_hash

from storage.credentials_db import (
    Kinds,
    PostgresTable,
    SQLiteFile,
    beside,
    kept_beside,
)

TABLE = "siteledger_credentials"
Found = tuple[UUID, str]
PASSWORD_CHARS = (8, 256)
# Checked when a username is unknown, so the answer takes as long as for a known one.
# It is the hash of a password that no account has.
DUMMY_HASH = (
    "scrypt:32768:8:1$SkVgrLg7DLniEK2u$6bea8d68115860b167fd5495d9d818932944a64c859a05"
    "35ea9106007a4ea202dabbd6868a739cef254ea5f857210548806fc26ca517a2fd72d26bab94335c48"
)
log = logging.getLogger(__name__)


class CredentialStore(Protocol):
    """Password hashes live here and only here: never in an event."""

    def set(self, username: str, officer_id: UUID, password_hash: str) -> None:
        """Stores (or replaces) the credential of a username."""

    def get(self, username: str) -> Found | None:
        """The officer id and password hash of a username, None if there is none."""

    def close(self) -> None: ...


def storable(username: str) -> bool:
    """Can a database hold it (no NUL, no lone surrogate)? Others are never stored."""
    try:
        username.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in username


def require_storable(username: str) -> None:
    if not storable(username):
        raise ValueError("a username must be UTF-8 text without NUL")


class MemoryCredentials:
    """A dict, for the in-memory event store (tests, demos)."""

    def __init__(self) -> None:
        self._rows: dict[str, Found] = {}
        self._lock = threading.Lock()

    def set(self, username: str, officer_id: UUID, password_hash: str) -> None:
        require_storable(username)
        with self._lock:
            self._rows[username] = (officer_id, password_hash)

    def get(self, username: str) -> Found | None:
        with self._lock:
            return self._rows.get(username)

    def close(self) -> None:
        pass


class SQLiteCredentials:
    """A table in the credentials' SQLite file."""

    def __init__(self, file: SQLiteFile, create_table: bool) -> None:
        self._file = file
        if create_table:
            self._file.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (username TEXT PRIMARY KEY,"
                " officer_id TEXT NOT NULL, password_hash TEXT NOT NULL,"
                " updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )

    def set(self, username: str, officer_id: UUID, password_hash: str) -> None:
        require_storable(username)
        self._file.execute(
            f"INSERT INTO {TABLE} (username, officer_id, password_hash)"
            " VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE SET"
            " officer_id = excluded.officer_id,"
            " password_hash = excluded.password_hash,"
            " updated_at = CURRENT_TIMESTAMP",
            (username, str(officer_id), password_hash),
        )

    def get(self, username: str) -> Found | None:
        if not storable(username):
            return None
        rows = self._file.execute(
            f"SELECT officer_id, password_hash FROM {TABLE} WHERE username = ?",
            (username,),
        )
        return None if not rows else (UUID(rows[0][0]), rows[0][1])

    def close(self) -> None:
        self._file.close()


class PostgresCredentials:
    """A table in the event store's database and schema, through a small pool."""

    def __init__(self, table: PostgresTable, create_table: bool) -> None:
        self._table = table
        if create_table:
            table.execute(
                "CREATE TABLE IF NOT EXISTS {} (username text PRIMARY KEY,"
                " officer_id uuid NOT NULL, password_hash text NOT NULL,"
                " updated_at timestamptz NOT NULL DEFAULT now())"
            )

    def set(self, username: str, officer_id: UUID, password_hash: str) -> None:
        require_storable(username)
        self._table.execute(
            "INSERT INTO {} (username, officer_id, password_hash)"
            " VALUES (%s, %s, %s) ON CONFLICT (username) DO UPDATE SET"
            " officer_id = EXCLUDED.officer_id,"
            " password_hash = EXCLUDED.password_hash, updated_at = now()",
            (username, officer_id, password_hash),
        )

    def get(self, username: str) -> Found | None:
        if not storable(username):
            return None
        rows = self._table.execute(
            "SELECT officer_id, password_hash FROM {} WHERE username = %s", (username,)
        )
        return None if not rows else (rows[0][0], rows[0][1])

    def close(self) -> None:
        self._table.close()


def open_credentials(env: Mapping[str, str]) -> CredentialStore:
    """The credential store beside the event store that the library settings name."""
    kinds = Kinds[CredentialStore](
        MemoryCredentials, SQLiteCredentials, PostgresCredentials
    )
    return kept_beside(env, TABLE, kinds)


def hash_password(password: str) -> str:
    """scrypt with a salt; refuses a password outside the length policy."""
    low, high = PASSWORD_CHARS
    if not low <= len(password) <= high or not storable(password):
        raise ValueError(f"a password must be {low} to {high} characters")
    return generate_password_hash(password)


def check_password(store: CredentialStore, username: str, password: str) -> UUID | None:
    """The officer id a username and password open, taking as long either way."""
    found = store.get(username)
    if found is None or not storable(password):
        check_password_hash(DUMMY_HASH, password if storable(password) else "")
        return None
    officer_id, password_hash = found
    return officer_id if check_password_hash(password_hash, password) else None


def signing_secret(env: Mapping[str, str]) -> tuple[str, bool]:
    """The embedded token key, and whether it dies with this process.

    Beside a SQLite store it is made once and kept (`<store>.jwt-secret`, mode 0600);
    otherwise it is random per process: set SITELEDGER_JWT_SECRET on servers.
    """
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":
        path = beside(env["SQLITE_DBNAME"], ".jwt-secret")
        if path is not None:
            return kept_secret(path), False
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
        log.warning(
            "SITELEDGER_JWT_SECRET is not set: tokens are signed with a key of this"
            " process only; other workers and restarts will refuse them"
        )
    return secrets.token_urlsafe(48), True


def kept_secret(path: Path) -> str:
    """Made once, readable by its owner only; processes starting together agree."""
    if not path.exists():
        draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)  # atomic, and never replaces another's secret
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    if path.stat().st_mode & 0o077:
        raise PermissionError(f"{path} must be readable by its owner only: chmod 600")
    return path.read_text().strip()
