"""A job that meets a dependency down or misconfigured fails in one clear line, with
an exit code a scheduler can act on, and no traceback unless `--debug` asks."""

import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.server import BIN, free_port, server_env

JOBS = [["sweep"], ["views", "status"], ["migrate"]]
RECONCILE = ("evidence", "reconcile")


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "siteledger"), *args],
        env=server_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def s3_env(tmp_path: Path, endpoint: str, bucket: str) -> dict[str, str]:
    return {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/events.sqlite3",
        "SITELEDGER_EVIDENCE_STORE": "s3",
        "SITELEDGER_EVIDENCE_S3_ENDPOINT_URL": endpoint,
        "SITELEDGER_EVIDENCE_S3_PATH_STYLE": "y",
        "SITELEDGER_EVIDENCE_BUCKET": bucket,
        "AWS_ACCESS_KEY_ID": "siteledger-test",
        "AWS_SECRET_ACCESS_KEY": "siteledger-test-secret",
    }


@pytest.mark.parametrize("job", JOBS, ids=" ".join)
def test_a_job_with_postgresql_unreachable_fails_in_one_line_to_try_later(
    job: list[str],
) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/x"
    }
    started = time.monotonic()
    done = run(env, *job)
    assert time.monotonic() - started < 20
    assert done.returncode == 75
    assert done.stderr.startswith(
        "Error: the event store is not reachable; retry later"
    )
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_reconcile_with_nothing_at_the_s3_endpoint_names_the_setting(
    tmp_path: Path,
) -> None:
    done = run(s3_env(tmp_path, f"http://127.0.0.1:{free_port()}", "x"), *RECONCILE)
    assert done.returncode == 75
    assert "SITELEDGER_EVIDENCE_S3_ENDPOINT_URL" in done.stderr
    assert done.stderr.count("\n") == 1


def test_reconcile_with_a_missing_bucket_asks_for_the_setting_to_be_fixed(
    tmp_path: Path, moto_endpoint: str
) -> None:
    done = run(s3_env(tmp_path, moto_endpoint, "siteledger-no-such"), *RECONCILE)
    assert done.returncode == 78
    assert "check SITELEDGER_EVIDENCE_BUCKET; a retry will not help" in done.stderr
    assert done.stderr.count("\n") == 1


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    env = s3_env(tmp_path, f"http://127.0.0.1:{free_port()}", "x")
    done = run(env, "--debug", *RECONCILE)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
