"""Faults as an operator meets them, over real HTTP against `siteledger serve`: each
is answered with the status that says whether a retry helps, within the budget,
logged on one line naming the cause under the answer's request id, and nothing is
stored twice or lost."""

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests

from tests.conftest import fresh_schema
from tests.e2e.client import TIMEOUT, Api, add_user, session
from tests.e2e.conftest import COUNTY, enterprise
from tests.e2e.server import Server, free_port, running
from tests.e2e.test_evidence import Deployment, a_visit, declared, send
from tests.photos import jpeg_from_phone
from tests.storage.servers import (
    ACCESS_KEY,
    BUCKETS,
    SECRET_KEY,
    seaweedfs_server,
    unavailable,
)

BUDGET = 29.0  # API Gateway's deadline: every answer comes well before it


def failures(server: Server, request_id: str) -> list[dict[str, Any]]:
    """The server's failure log lines for one request."""
    found = []
    for line in server.log_text().splitlines():
        if line.startswith("{") and request_id in line:
            record = json.loads(line)
            if record.get("event") == "request_failed":
                found.append(record)
    return found


def created(admin: Api, body: dict[str, Any], key: str) -> requests.Response:
    return admin.session.post(
        admin.base_url + "/enterprises",
        json=body,
        headers={"Idempotency-Key": key},
        timeout=TIMEOUT,
    )


# A worker that dies -----------------------------------------------------------------


def test_a_worker_that_dies_is_replaced_and_a_request_meanwhile_is_answered(
    tmp_path: Path,
) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
        "SITELEDGER_SERVER_WORKERS": "1",  # none other to answer meanwhile
    }
    admin_id = add_user(env, "admin", COUNTY, "admin")
    with running(env) as server:
        admin = session(server.base_url, "admin", admin_id)
        (dead,) = server.workers()
        os.kill(dead, signal.SIGKILL)  # as the kernel's OOM killer or a crash would
        body, key = enterprise(uuid4()), str(uuid4())
        answer = created(admin, body, key)  # waits in the socket's queue meanwhile
        assert answer.status_code == 201
        assert created(admin, body, key).status_code == 201  # its replay, the same
        assert server.process.poll() is None
        assert server.workers() - {dead}
        log = server.log_text()
    assert "Unexpected exit from worker-1" in log
    assert "Respawning worker-1" in log


def test_two_workers_serve_and_a_write_outlives_one_dying(tmp_path: Path) -> None:
    """Two processes on one store; with one killed, a write is answered (by the
    other, or by the replacement from the socket it takes over), and the
    replacement joins the other."""
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
        "SITELEDGER_SERVER_WORKERS": "2",
    }
    admin_id = add_user(env, "admin", COUNTY, "admin")
    with running(env) as server:
        first = server.workers()
        assert len(first) == 2
        dead = min(first)
        os.kill(dead, signal.SIGKILL)
        admin = session(server.base_url, "admin", admin_id)
        body, key = enterprise(uuid4()), str(uuid4())
        assert created(admin, body, key).status_code == 201
        deadline = time.monotonic() + 30
        while len(server.workers() - {dead}) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(server.workers() - {dead}) == 2  # replaced
        again = created(session(server.base_url, "admin", admin_id), body, key)
        assert again.status_code == 201  # its replay, wherever it lands


def test_workers_started_together_on_a_new_postgresql_schema_all_start(
    postgres_server: str,
) -> None:
    """Two workers on a store whose tables do not exist yet, five times: the
    tables are made once, before the workers start, so no worker dies of
    another's DDL ("tuple concurrently updated") and both serve."""
    for _ in range(5):
        with fresh_schema(postgres_server) as url:
            env = {"SITELEDGER_DATABASE_URL": url, "SITELEDGER_SERVER_WORKERS": "2"}
            with running(env) as server:
                assert len(server.workers()) == 2
                log = server.log_text()
        assert "Unexpected exit" not in log, log


# A full disk under the SQLite store ------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs of its own: filling it fills nothing else."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)]
    done = subprocess.run(mount, capture_output=True, text=True, check=False)
    if done.returncode:
        unavailable(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Writes a file until the disk takes no more; answers it, to free the space."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:  # unbuffered: no failed tail to flush
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_a_full_disk_is_507_logged_and_the_retry_once_freed_is_stored_once(
    small_disk: Path,
) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{small_disk}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(small_disk / "evidence"),
    }
    admin_id = add_user(env, "admin", COUNTY, "admin")
    with running(env) as server:
        admin = session(server.base_url, "admin", admin_id)
        filler = fill(small_disk)
        bodies = [(enterprise(uuid4()), str(uuid4())) for _ in range(20)]
        answers = [created(admin, body, key) for body, key in bodies]
        statuses = [a.status_code for a in answers]
        assert 507 in statuses
        full = statuses.index(507)
        assert set(statuses[:full]) <= {201}  # what was stored before, said so
        assert answers[full].elapsed.total_seconds() < BUDGET / 2
        problem = answers[full].json()
        assert problem["retry"] is False
        assert "disk is full" in problem["detail"]
        lines = failures(server, answers[full].headers["X-Request-Id"])
        assert len(lines) == 1
        assert lines[0]["status"] == 507
        assert "disk is full" in lines[0]["cause"]
        filler.unlink()
        again = [created(admin, body, key) for body, key in bodies]
        assert [a.status_code for a in again] == [201] * len(bodies)
        for body, _ in bodies:
            history = admin.read(f"/enterprises/{body['enterprise_id']}/history")
            assert len(history["events"]) == 1  # none lost, none twice


# The evidence store: SeaweedFS stopped, a bucket that is not there ----------------


def s3_env(endpoint: str, folder: Path, evidence_bucket: str) -> dict[str, str]:
    run = uuid4().hex
    return {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_STORE": "s3",
        "SITELEDGER_EVIDENCE_S3_ENDPOINT_URL": endpoint,
        "SITELEDGER_EVIDENCE_S3_PATH_STYLE": "y",
        "SITELEDGER_EVIDENCE_BUCKET": evidence_bucket,
        "SITELEDGER_EVIDENCE_PREFIX": f"{run}/evidence/",
        "SITELEDGER_EVIDENCE_QUARANTINE_BUCKET": BUCKETS[0],
        "SITELEDGER_EVIDENCE_QUARANTINE_PREFIX": f"{run}/quarantine/",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def uploaded_photo(server: Server, env: dict[str, str]) -> tuple[Api, str]:
    """An officer on a visit whose photo is declared and uploaded, not confirmed."""
    names = {role: f"{role}-{uuid4().hex[:6]}" for role in ("officer", "admin")}
    ids = {role: add_user(env, name, COUNTY, role) for role, name in names.items()}
    officer = session(server.base_url, names["officer"], ids["officer"])
    admin = session(server.base_url, names["admin"], ids["admin"])
    at = Deployment(env, officer, a_visit(admin, officer))
    photo = jpeg_from_phone()
    evidence = declared(at, photo)
    assert send(evidence["upload"], photo.body) in (200, 204)
    return officer, evidence["id"]


def timed_post(api: Api, path: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = api.post(path, None)
    return response, time.monotonic() - started


def test_seaweedfs_stopped_is_503_with_retry_after_and_health_says_which(
    tmp_path: Path,
) -> None:
    weed = ExitStack()
    (tmp_path / "weed").mkdir()
    endpoint = weed.enter_context(seaweedfs_server(tmp_path / "weed"))
    env = s3_env(endpoint, tmp_path, BUCKETS[1])
    with weed, running(env) as server:
        officer, evidence_id = uploaded_photo(server, env)
        weed.close()  # SeaweedFS stops: nothing answers at its endpoint
        answer, took = timed_post(officer, f"/evidence/{evidence_id}/confirm")
        health = requests.get(server.base_url + "/health", timeout=TIMEOUT)
        lines = failures(server, answer.headers["X-Request-Id"])
    assert (answer.status_code, answer.headers["Retry-After"]) == (503, "5")
    assert took < BUDGET / 2
    problem = answer.json()
    assert (problem["dependency"], problem["retry"]) == ("evidence store", True)
    assert [(x["status"], x["dependency"]) for x in lines] == [(503, "evidence store")]
    assert "Could not connect" in lines[0]["cause"]
    assert health.status_code == 503
    assert health.elapsed.total_seconds() < 3
    checks = health.json()["dependencies"]
    assert (checks["event_store"]["ok"], checks["evidence_store"]["ok"]) == (
        True,
        False,
    )


def test_a_missing_bucket_is_500_naming_the_setting_and_confirming_once_fixed_attaches_once(
    tmp_path: Path, moto_endpoint: str
) -> None:
    wrong = s3_env(moto_endpoint, tmp_path, "siteledger-no-such-bucket")
    with running(wrong) as server:
        officer, evidence_id = uploaded_photo(server, wrong)
        answer, took = timed_post(officer, f"/evidence/{evidence_id}/confirm")
        health = requests.get(server.base_url + "/health", timeout=TIMEOUT)
        lines = failures(server, answer.headers["X-Request-Id"])
    assert (answer.status_code, took < BUDGET / 2) == (500, True)
    assert "Retry-After" not in answer.headers
    problem = answer.json()
    assert problem["setting"] == "SITELEDGER_EVIDENCE_BUCKET"
    assert (problem["dependency"], problem["retry"]) == ("evidence store", False)
    assert [x["setting"] for x in lines] == ["SITELEDGER_EVIDENCE_BUCKET"]
    assert "NoSuchBucket" in lines[0]["cause"]
    assert "NoSuchBucket" in health.json()["dependencies"]["evidence_store"]["error"]
    fixed = wrong | {"SITELEDGER_EVIDENCE_BUCKET": BUCKETS[1]}
    with running(fixed) as server:
        officer.base_url = server.base_url
        assert officer.ok(f"/evidence/{evidence_id}/confirm", None)["status"] == (
            "attached"
        )
        history = officer.read(f"/evidence/{evidence_id}/history")
    assert [e["event"] for e in history["events"]] == [
        "Evidence.Declared",
        "Evidence.Attached",
    ]


# PostgreSQL stopped ----------------------------------------------------------------


class Cluster:
    """A throwaway PostgreSQL 15 cluster on a free port of 127.0.0.1 (trust auth)."""

    def __init__(self, name: str, port: int) -> None:
        self.name, self.port = name, port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def ctl(self, action: str) -> None:
        command = ["pg_ctlcluster", "15", self.name, action]
        subprocess.run(
            [*command, *(["-m", "fast"] if action == "stop" else [])],
            check=True,
            capture_output=True,
            timeout=60,
        )


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    found = Cluster(f"siteledger_{uuid4().hex[:8]}", free_port())
    create = ["pg_createcluster", "15", found.name, "-p", str(found.port)]
    create += ["--start", "--", "--auth=trust"]  # it listens on localhost only
    try:
        done = subprocess.run(
            create, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode:
            unavailable(f"no throwaway PostgreSQL cluster: {done.stderr.strip()}")
        yield found
    except FileNotFoundError:
        unavailable("pg_createcluster (postgresql-common) is not installed")
    finally:
        drop = ["pg_dropcluster", "15", found.name, "--stop"]
        subprocess.run(drop, capture_output=True, timeout=120, check=False)


def test_postgresql_stopped_is_503_well_inside_the_deadline_and_the_retry_stores_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": cluster.url,
        "SITELEDGER_JWT_SECRET": "a-test-secret-long-enough-for-hs256-signatures",
        "SITELEDGER_EVIDENCE_FOLDER": str(tmp_path / "evidence"),
    }
    admin_id = add_user(env, "admin", COUNTY, "admin")
    body, key = enterprise(uuid4()), str(uuid4())
    with running(env) as server:
        admin = session(server.base_url, "admin", admin_id)
        cluster.ctl("stop")
        started = time.monotonic()
        answer = created(admin, body, key)
        took = time.monotonic() - started
        health = requests.get(server.base_url + "/health", timeout=TIMEOUT)
        lines = failures(server, answer.headers["X-Request-Id"])
        cluster.ctl("start")
        again = created(admin, body, key)
        history = admin.read(f"/enterprises/{body['enterprise_id']}/history")
    assert (answer.status_code, answer.headers["Retry-After"]) == (503, "5")
    assert took < BUDGET / 2
    assert (answer.json()["dependency"], answer.json()["retry"]) == (
        "event store",
        True,
    )
    assert [(x["status"], x["dependency"]) for x in lines] == [(503, "event store")]
    assert health.status_code == 503
    assert health.elapsed.total_seconds() < 3
    assert health.json()["dependencies"]["event_store"]["ok"] is False
    assert again.status_code == 201
    assert len(history["events"]) == 1
