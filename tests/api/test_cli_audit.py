"""`siteledger audit seal | verify | key` on a SQLite file, and on PostgreSQL."""

import base64
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.cli import main
from storage.eventstore import open_ledger
from storage.seals import public_text
from tests.factories import a_county, a_visit_in_progress
from tests.storage.tamper import tamperer

Env = dict[str, str]


@pytest.fixture
def env(sqlite_url: str, tmp_path: Path) -> Env:
    with open_ledger(sqlite_url) as app:
        a_visit_in_progress(app, a_county(app))
    evidence = str(tmp_path / "evidence")
    return {
        "SITELEDGER_DATABASE_URL": sqlite_url,
        "SITELEDGER_EVIDENCE_FOLDER": evidence,
    }


def run(env: Env, *args: str) -> Result:
    return CliRunner().invoke(main, ["audit", *args], env=env)


def test_a_sealed_untouched_store_verifies(env: Env) -> None:
    assert run(env, "seal").exit_code == 0
    verified = run(env, "verify")
    assert verified.exit_code == 0, verified.output
    assert "16 entries (9 events, 7 receipts), 1 seals" in verified.stdout
    assert "MB/s; hashlib alone on the same rows" in verified.stdout
    assert verified.stdout.rstrip().endswith("verified")


def test_an_unsealed_store_verifies_and_says_it_is_unsealed(env: Env) -> None:
    verified = run(env, "verify")
    assert verified.exit_code == 0
    assert "no seal signed by the audit key: unsealed" in verified.stderr


def test_an_edited_event_fails_verification_naming_its_position(
    env: Env, sqlite_url: str
) -> None:
    run(env, "seal")
    with open_ledger(sqlite_url) as app:
        sql = tamperer(sqlite_url, app)
    sql.run(f"UPDATE {sql.events} SET state = state || ' ' WHERE rowid = 3")
    verified = run(env, "verify")
    assert verified.exit_code == 1
    assert "BROKEN: first at position 4: edited: event" in verified.stderr
    assert "(log position 3): its stored bytes changed" in verified.stderr


def test_the_key_is_kept_beside_the_store_and_printed_for_pinning(
    env: Env, sqlite_url: str
) -> None:
    printed = run(env, "key")
    assert printed.exit_code == 0
    assert len(base64.b64decode(printed.stdout)) == 32
    assert (
        Path(sqlite_url.removeprefix("sqlite:///")).with_suffix(".audit-key").exists()
    )


def test_seals_of_another_key_than_the_pinned_one_are_refused(env: Env) -> None:
    run(env, "seal")
    other = public_text(Ed25519PrivateKey.generate().public_key())
    verified = run({**env, "SITELEDGER_AUDIT_PUBLIC_KEY": other}, "verify")
    assert verified.exit_code == 1
    assert "seal refused" in verified.stderr


def test_a_seal_deleted_from_the_database_is_still_published(
    env: Env, sqlite_url: str, tmp_path: Path
) -> None:
    run(env, "seal")
    assert (
        tmp_path / "evidence" / "evidence" / "audit" / "seals" / "00000001.json"
    ).exists()
    with open_ledger(sqlite_url) as app:
        sql = tamperer(sqlite_url, app)
    sql.run(f"DELETE FROM {sql.seals}")
    # and the log cut short, after the transaction ending at position 10
    sql.run(f"DELETE FROM {sql.chain} WHERE position > 10")
    verified = run(env, "verify")
    assert verified.exit_code == 1
    assert "is published, not stored" in verified.stdout
    assert "position 11: truncated: the log holds 10 entries" in verified.stdout


def test_postgresql_needs_a_key_file_named(postgres_url: str, tmp_path: Path) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": postgres_url,
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
    }
    refused = run(env, "seal")
    assert refused.exit_code == 1
    assert "set SITELEDGER_AUDIT_KEY_FILE" in refused.output
    key = str(tmp_path / "audit.pem")
    assert run({**env, "SITELEDGER_AUDIT_KEY_FILE": key}, "seal").exit_code == 0
    assert run({**env, "SITELEDGER_AUDIT_KEY_FILE": key}, "verify").exit_code == 0


def test_adopting_a_store_chained_already_is_refused(env: Env) -> None:
    refused = run(env, "adopt")
    assert refused.exit_code == 1
    assert "the store is chained already" in refused.output


def test_a_forged_snapshot_is_named(sqlite_url: str, tmp_path: Path) -> None:
    """Snapshots are not chained: they are checked against a replay instead."""
    with open_ledger(sqlite_url) as app:
        county = a_county(app)
        app.take_snapshot(county.project_id)
        sql = tamperer(sqlite_url, app)
    name = "年产5万吨新型建材项目".encode()
    sql.run(
        "UPDATE stored_snapshots"
        " SET state = CAST(REPLACE(CAST(state AS TEXT), %s, %s) AS BLOB)",
        name.decode(),
        "年产9万吨新型建材项目",
    )
    env = {
        "SITELEDGER_DATABASE_URL": sqlite_url,
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
    }
    verified = run(env, "verify")
    assert verified.exit_code == 1
    assert (
        f"damaged: the history of {county.project_id} is damaged: event 1 has a"
        " snapshot that differs from its events"
    ) in verified.stdout
