"""`siteledger audit export` from the demo county, checked by the standalone verifier
(run as a process of its own), which refuses the bundle with one byte changed and
names a tampered store's first break as `audit verify` does."""

import ast
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from api.cli import main

VERIFIER = Path(__file__).parents[2] / "tools" / "verify_audit_bundle.py"
Env = dict[str, str]


def run(env: Env, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def check(
    bundle: Path, key: str, photos: Path | None = None
) -> subprocess.CompletedProcess[str]:
    more = ["--photos", str(photos)] if photos else []
    return subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(bundle), "--key", key, *more],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Env, Path, str]:
    """The demo county, sealed twice (before and after its sweep), and exported."""
    folder = tmp_path_factory.mktemp("bundle")
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
    }
    assert run(env, "demo", "--seed", "7").exit_code == 0
    assert run(env, "audit", "seal").exit_code == 0
    assert run(env, "sweep").exit_code == 0
    assert run(env, "audit", "seal").exit_code == 0
    bundle = folder / "bundle.json"
    exported = run(env, "audit", "export", "--out", str(bundle))
    assert exported.exit_code == 0, exported.output
    return env, bundle, run(env, "audit", "key").stdout.strip()


def test_the_verifier_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(VERIFIER.read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    tops = {name.partition(".")[0] for name in imported}
    assert tops - set(sys.stdlib_module_names) == {"cryptography"}


def test_a_bundle_of_the_demo_county_verifies_offline(
    demo: tuple[Env, Path, str],
) -> None:
    _, bundle, key = demo
    checked = check(bundle, key)
    assert checked.returncode == 0, checked.stderr
    assert "verified: positions 1 to" in checked.stdout
    assert "1 older seals consistent" in checked.stdout


def test_the_same_bundle_with_one_byte_changed_is_refused(
    demo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    _, bundle, key = demo
    text = bundle.read_text()
    at = text.index('"state": "', len(text) // 2) + len('"state": "') + 8
    changed = text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]
    forged = tmp_path / "forged.json"
    forged.write_text(changed)
    checked = check(forged, key)
    assert checked.returncode == 1
    assert ": edited: event" in checked.stderr


def test_a_bundle_checked_with_another_key_is_refused(
    demo: tuple[Env, Path, str],
) -> None:
    _, bundle, _ = demo
    other = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 32 bytes, not ours
    checked = check(bundle, other)
    assert checked.returncode == 1
    assert "seal refused" in checked.stderr


def test_the_verifier_names_a_tampered_store_as_audit_verify_does(
    demo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    env, _, key = demo
    copy = tmp_path / "events.sqlite3"
    source = env["SITELEDGER_DATABASE_URL"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(source)) as db, closing(sqlite3.connect(copy)) as to:
        db.backup(to)
    with closing(sqlite3.connect(copy)) as db, db:
        db.execute("UPDATE stored_events SET state = state || X'20' WHERE rowid = 500")
    tampered = {**env, "SITELEDGER_DATABASE_URL": f"sqlite:///{copy}"}
    key_file = Path(source).with_suffix(".audit-key")
    tampered["SITELEDGER_AUDIT_KEY_FILE"] = str(key_file)
    verified = run(tampered, "audit", "verify")
    assert verified.exit_code == 1
    first = verified.stderr.split("BROKEN: first at ")[1].split(":")[0:2]
    bundle = tmp_path / "bundle.json"
    assert run(tampered, "audit", "export", "--out", str(bundle)).exit_code == 0
    checked = check(bundle, key)
    assert checked.returncode == 1
    assert checked.stderr.split("BROKEN: first at ")[1].split(":")[0:2] == first
    assert json.loads(bundle.read_text())["to"] > 500
