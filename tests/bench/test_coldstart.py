"""The cold start benchmark's pieces: fresh processes that time themselves."""

import os
import sys
from pathlib import Path

import pytest

from bench.coldstart import SERVICE, bare_imports, child, lambda_env
from bench.dependencies import named_in


@pytest.mark.parametrize("compile_all", [False, True])
def test_a_fresh_process_reports_the_seconds_it_measured(compile_all: bool) -> None:
    (seconds,) = child("import json", dict(os.environ), compile_all=compile_all)
    assert 0 <= seconds < 10


def test_the_functions_environment_replaces_any_siteledger_setting_of_the_shell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITELEDGER_AUTH_MODE", "jwks")
    env = lambda_env("postgresql://postgres@127.0.0.1:5432/test?schema=s")
    assert "SITELEDGER_AUTH_MODE" not in env
    assert (env["SITELEDGER_CREATE_TABLES"], env["SITELEDGER_POOL_SIZE"]) == ("n", "1")


def test_the_bare_side_imports_what_the_services_code_imports_from_elsewhere(
    tmp_path: Path,
) -> None:
    env = dict(os.environ) | {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
        "SITELEDGER_JWT_SECRET": "a-test-secret-long-enough-for-hs256-signatures",
    }
    statement = bare_imports(env)
    names = set(statement.removeprefix("import ").split(", "))
    assert {"flask_smorest", "eventsourcing.application", "PIL.Image"} <= names
    assert not {name for name in names if name.split(".")[0] in SERVICE}
    assert not names & set(sys.stdlib_module_names)
    assert "openpyxl" not in names  # imported only where a workbook is written
    child(statement, env, compile_all=False)  # the statement runs


def test_a_from_import_names_the_package_and_what_may_be_its_module() -> None:
    source = "import a.b\nfrom c import d, e\nfrom . import f\ndef g():\n import h\n"
    assert named_in(source) == {"a.b", "c", "c.d", "c.e", "h"}
