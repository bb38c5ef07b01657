"""A 5xx tells an operator what failed and whether a retry helps, and the log has
one line with its cause under the answer's request id."""

import errno
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.persistence import OperationalError
from flask import Flask

from api.failures import classify
from api.http.app import create_app
from api.http.services import KEY, Services
from api.settings import Settings
from domain.services.blobs import StorageUnavailable
from projections.view import View
from tests.api import bodies as b
from tests.api.conftest import SECRET, Api, running_api
from tests.photos import jpeg_from_phone
from tests.storage.servers import ACCESS_KEY, BUCKETS

PROBLEM = "application/problem+json"


def logged(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "siteledger.failures"
    ]


def test_a_bug_is_a_500_whose_request_id_finds_its_one_log_line(
    api: Api, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: str) -> str:
        raise RuntimeError("the version could not be read")

    monkeypatch.setattr("api.http.routes.health.version", broken)
    answer = api.app.test_client().get("/health")
    body = answer.get_json()
    assert (answer.status_code, answer.mimetype) == (500, PROBLEM)
    assert body["request_id"] == answer.headers["X-Request-Id"]
    assert "dependency" not in body
    [line] = logged(caplog)
    assert line["request_id"] == body["request_id"]
    assert (line["status"], line["path"]) == (500, "/health")
    assert line["cause"] == "RuntimeError: the version could not be read"
    assert str(line["at"]).endswith("test_failures.py:" + str(broken_line()))


def broken_line() -> int:
    source = Path(__file__).read_text().splitlines()
    return 1 + next(i for i, x in enumerate(source) if "could not be read" in x)


def test_a_callers_request_id_comes_back_and_names_the_log_line(
    api: Api, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.http.routes.health.version", lambda _: 1 / 0)
    answer = api.app.test_client().get(
        "/health", headers={"X-Request-Id": "phone-7.sync:42"}
    )
    assert answer.headers["X-Request-Id"] == "phone-7.sync:42"
    assert [line["request_id"] for line in logged(caplog)] == ["phone-7.sync:42"]


def test_a_request_id_that_is_not_one_is_replaced(api: Api) -> None:
    answer = api.app.test_client().get("/health", headers={"X-Request-Id": "x" * 101})
    assert answer.headers["X-Request-Id"] != "x" * 101


@pytest.fixture
def wrong_secret(
    seaweedfs_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """SeaweedFS checks every signature: a wrong secret key is refused."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    # boto3's default session keeps the credentials it first found: a new one reads
    # these.
    monkeypatch.setattr("boto3.DEFAULT_SESSION", None)
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path}/events.sqlite3",
            jwt_secret=SECRET,
            evidence_store="s3",
            evidence_s3_endpoint_url=seaweedfs_endpoint,
            evidence_s3_path_style=True,
            evidence_bucket=BUCKETS[1],
            evidence_quarantine_bucket=BUCKETS[0],
            evidence_prefix=f"{uuid4().hex}/",
        )
    )
    try:
        yield app
    finally:
        found: Services = app.extensions[KEY]
        found.close()


def test_a_wrong_s3_secret_is_named_by_health_and_by_a_confirmation(
    wrong_secret: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.api.test_evidence_s3 import an_officer_at_a_visit

    health = wrong_secret.test_client().get("/health")
    assert health.status_code == 503
    checks = health.get_json()["dependencies"]
    assert checks["event_store"]["ok"] is True
    assert "AWS_SECRET_ACCESS_KEY" in checks["evidence_store"]["error"]
    officer, visit_id = an_officer_at_a_visit(wrong_secret)
    photo = jpeg_from_phone()
    body = {
        "evidence_id": str(uuid4()),
        "owner": "visit",
        "owner_id": visit_id,
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
    }
    assert officer.post("/evidence", body).status_code == 201
    answer = officer.post(f"/evidence/{body['evidence_id']}/confirm")
    problem = answer.get_json()
    assert (answer.status_code, problem["retry"]) == (500, False)
    credentials = "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY"  # a HEAD says 403
    assert problem["setting"] == credentials
    assert "Retry-After" not in answer.headers
    assert [line["setting"] for line in logged(caplog)] == [credentials]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OperationalError("database or disk is full"), (507, False, "")),
        (OperationalError("could not extend file: No space left"), (507, False, "")),
        (OSError(errno.ENOSPC, "No space left on device"), (507, False, "")),
        (OperationalError("couldn't get a connection after 1.00 sec"), (503, True, "")),
        (
            OperationalError('password authentication failed for user "x"'),
            (500, False, "SITELEDGER_DATABASE_URL"),
        ),
        (
            OperationalError('relation "siteledger_events" does not exist'),
            (500, False, "SITELEDGER_CREATE_TABLES"),
        ),
        (StorageUnavailable("503 SlowDown"), (503, True, "")),
    ],
    ids=str,
)
def test_each_cause_is_answered_with_what_an_operator_can_do(
    error: Exception, expected: tuple[int, bool, str]
) -> None:
    found = classify(error)
    assert found is not None
    assert (found.status, found.retry, found.setting) == expected


def test_an_error_of_our_own_is_not_a_dependencys() -> None:
    assert classify(KeyError("status")) is None


def test_a_batch_stored_while_the_views_fail_is_answered_applied_and_caught_up_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The views' database full (the follower of `make run` on, as served): a
    batch is committed and answered `applied`, a read of the views meanwhile
    names them, and once they can be written the batch is in them, once."""

    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with running_api(tmp_path, follow=True) as api:
        monkeypatch.setattr(View, "apply_after", full)
        raised = b.an_issue(api.home)
        before = api.events()
        [result] = b.synced(api.as_("supervisor"), b.command("RaiseIssue", raised))
        ledger = api.as_("auditor").get("/ledgers/issues")
        monkeypatch.undo()
        assert (result["status"], api.events()) == ("applied", before + 1)
        assert (ledger.status_code, ledger.get_json()["dependency"]) == (507, "views")
        api.catch_up()
        rows = b.every_row(api.as_("auditor"), "/ledgers/issues")
    assert [r["id"] for r in rows].count(raised["issue_id"]) == 1
    [line] = logged(caplog)
    assert (line["status"], line["path"]) == (507, "/ledgers/issues")
