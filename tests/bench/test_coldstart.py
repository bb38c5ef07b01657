"""The cold start benchmark's pieces: fresh processes that time themselves."""

import os

import pytest

from bench.coldstart import child, lambda_env


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
