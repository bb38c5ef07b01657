"""The credential store keeps the same contract on memory, SQLite and PostgreSQL."""

import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from eventsourcing import persistence
from werkzeug.security import check_password_hash

from storage import credentials as module
from storage.credentials import (
    DUMMY_HASH,
    CredentialStore,
    check_password,
    hash_password,
    kept_secret,
    open_credentials,
    signing_secret,
)
from storage.credentials_db import beside
from storage.eventstore import store_env


@pytest.fixture
def credentials(store_url: str) -> Iterator[CredentialStore]:
    store = open_credentials(store_env(store_url))
    yield store
    store.close()


def test_an_unknown_username_has_no_credential(credentials: CredentialStore) -> None:
    assert credentials.get("nobody") is None


def test_a_stored_credential_is_found_by_its_username(
    credentials: CredentialStore,
) -> None:
    officer_id = uuid4()
    credentials.set("wang.lei", officer_id, "scrypt:32768:8:1$salt$hash")
    assert credentials.get("wang.lei") == (officer_id, "scrypt:32768:8:1$salt$hash")
    assert credentials.get("Wang.Lei") is None


def test_setting_a_credential_again_replaces_it(credentials: CredentialStore) -> None:
    officer_id = uuid4()
    credentials.set("wang.lei", officer_id, "old")
    credentials.set("wang.lei", officer_id, "new")
    assert credentials.get("wang.lei") == (officer_id, "new")


@pytest.mark.parametrize("username", ["nul\x00name", "lone\ud800surrogate"])
def test_a_username_no_database_can_hold_is_never_found_nor_stored(
    credentials: CredentialStore, username: str
) -> None:
    assert credentials.get(username) is None
    with pytest.raises(ValueError, match="without NUL"):
        credentials.set(username, uuid4(), "hash")


def test_credentials_outlive_the_store_object_that_wrote_them(
    sqlite_url: str,
) -> None:
    officer_id = uuid4()
    first = open_credentials(store_env(sqlite_url))
    first.set("li.na", officer_id, "hash")
    first.close()
    second = open_credentials(store_env(sqlite_url))
    assert second.get("li.na") == (officer_id, "hash")
    second.close()


def test_the_sqlite_file_sits_beside_the_event_store_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    store = open_credentials(store_env(f"sqlite:///{tmp_path}/var/ledger.sqlite3"))
    store.close()
    path = tmp_path / "var" / "ledger.credentials.sqlite3"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_in_memory_sqlite_store_keeps_credentials_in_memory() -> None:
    assert beside("file:x?mode=memory&cache=shared", ".credentials.sqlite3") is None
    assert beside(":memory:", ".credentials.sqlite3") is None


def test_the_postgres_table_lives_in_the_event_store_schema(
    postgres_server: str, postgres_url: str
) -> None:
    store = open_credentials(store_env(postgres_url))
    store.set("zhao.min", uuid4(), "hash")
    store.close()
    schema = postgres_url.rsplit("schema=", 1)[1]
    with psycopg.connect(postgres_server) as connection:
        found = connection.execute(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_name = 'siteledger_credentials' AND table_schema = %s",
            (schema,),
        ).fetchall()
    assert found == [(schema,)]


def test_without_create_table_the_postgres_table_is_left_to_a_migration(
    postgres_url: str,
) -> None:
    store = open_credentials(store_env(postgres_url, create_tables=False))
    with pytest.raises(psycopg.errors.UndefinedTable):
        store.get("zhao.min")
    store.close()


def test_an_unreachable_database_raises_what_the_event_store_would() -> None:
    env = store_env("postgresql://postgres@127.0.0.1:1/test") | {
        "POSTGRES_CONNECT_TIMEOUT": "1"
    }
    store = open_credentials(env | {"CREATE_TABLE": "n"})
    with pytest.raises(persistence.OperationalError):
        store.get("zhao.min")
    store.close()


# Passwords ----------------------------------------------------------------------------


@pytest.fixture
def memory_credentials() -> CredentialStore:
    return open_credentials(store_env("memory://"))


def test_a_right_password_opens_its_officer_and_a_wrong_one_nothing(
    memory_credentials: CredentialStore,
) -> None:
    officer_id = uuid4()
    memory_credentials.set("li.na", officer_id, hash_password("长城 long enough"))
    assert check_password(memory_credentials, "li.na", "长城 long enough") == officer_id
    assert check_password(memory_credentials, "li.na", "长城 long enougH") is None
    assert check_password(memory_credentials, "nobody", "长城 long enough") is None


@pytest.mark.parametrize("password", ["short", "x" * 257, "lone\ud800surrogate"])
def test_a_password_outside_the_policy_is_never_hashed(password: str) -> None:
    with pytest.raises(ValueError, match="8 to 256 characters"):
        hash_password(password)


def test_a_password_no_text_encoding_holds_opens_nothing(
    memory_credentials: CredentialStore,
) -> None:
    memory_credentials.set("li.na", uuid4(), hash_password("long enough"))
    assert check_password(memory_credentials, "li.na", "\ud800") is None


def test_a_hash_is_salted_and_never_the_password() -> None:
    first, second = hash_password("long enough"), hash_password("long enough")
    assert first != second
    assert first.startswith("scrypt:")
    assert "long enough" not in first


def test_the_stand_in_hash_costs_what_a_real_one_does() -> None:
    assert DUMMY_HASH.split("$")[0] == hash_password("long enough").split("$")[0]


# The embedded token key ---------------------------------------------------------------


def test_a_sqlite_store_keeps_one_signing_key_beside_it_for_its_owner_only(
    tmp_path: Path,
) -> None:
    env = store_env(f"sqlite:///{tmp_path}/ledger.sqlite3")
    first, second = signing_secret(env), signing_secret(env)
    assert first == second
    assert first[1] is False
    assert len(first[0]) >= 32
    path = tmp_path / "ledger.jwt-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_signing_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jwt-secret"
    path.write_text("x" * 64)
    path.chmod(0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        kept_secret(path)


@pytest.mark.parametrize("url", ["memory://", "postgresql://postgres@127.0.0.1/test"])
def test_without_a_sqlite_file_the_signing_key_lives_in_this_process_only(
    url: str,
) -> None:
    (first, ephemeral), (second, _) = (
        signing_secret(store_env(url)),
        signing_secret(store_env(url)),
    )
    assert ephemeral
    assert first != second


def test_processes_starting_together_agree_on_one_signing_key(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jwt-secret"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: kept_secret(path), range(32)))
    assert keys == {path.read_text()}


@pytest.mark.parametrize(
    ("username", "password"),
    [("li.na", "wrong password"), ("nobody", "any password"), ("li\x00na", "\ud800")],
)
def test_a_failed_check_costs_one_hash_whether_or_not_the_username_exists(
    memory_credentials: CredentialStore,
    monkeypatch: pytest.MonkeyPatch,
    username: str,
    password: str,
) -> None:
    memory_credentials.set("li.na", uuid4(), hash_password("long enough"))
    checked: list[str] = []

    def counted(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return check_password_hash(password_hash, password)

    monkeypatch.setattr(module, "check_password_hash", counted)
    assert check_password(memory_credentials, username, password) is None
    assert len(checked) == 1
