"""Evidence settings, and the API with the S3 store: moto's server over HTTP, and a
store that cannot be reached (503)."""

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests
from flask import Flask

from api.evidence import blob_store, policy, url_secret
from api.http.app import create_app
from api.http.services import KEY, Services
from api.settings import Settings
from domain.model.evidence import MediaType
from storage.localblobs import LocalBlobStore
from storage.s3 import S3BlobStore
from tests.api.conftest import SECRET, Caller, an_officer
from tests.factories import a_county, a_visit_in_progress
from tests.photos import jpeg_from_phone
from tests.storage.servers import ACCESS_KEY, BUCKETS, SECRET_KEY

S3: dict[str, Any] = {
    "evidence_store": "s3",
    "evidence_s3_path_style": True,
    "evidence_bucket": BUCKETS[1],
    "evidence_quarantine_bucket": BUCKETS[0],
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evidence_types": "image/jpeg,image/gif"}, "EVIDENCE_TYPES"),
        ({"evidence_max_bytes": 0}, "must be positive"),
    ],
)
def test_limits_that_make_no_sense_stop_the_start(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        policy(Settings(**changes))


def test_the_allowed_types_and_limits_come_from_the_settings() -> None:
    found = policy(Settings(evidence_types=" image/jpeg , application/pdf "))
    assert found.allowed_types == {MediaType.JPEG, MediaType.PDF}
    assert found.max_bytes == 25 * 1024 * 1024


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evidence_store": "ftp"}, "local or s3"),
        ({"evidence_store": "s3"}, "EVIDENCE_BUCKET"),
        (S3 | {"evidence_quarantine_bucket": ""}, None),
        (
            S3
            | {
                "evidence_quarantine_bucket": "",
                "evidence_quarantine_prefix": "evidence/quarantine/",
            },
            "prefixes apart",
        ),
    ],
)
def test_the_store_is_built_as_the_settings_say(
    changes: dict[str, Any], message: str | None
) -> None:
    settings = Settings(**changes)
    if message is None:
        assert isinstance(blob_store(settings), S3BlobStore)
        return
    with pytest.raises(ValueError, match=message):
        blob_store(settings)


def test_the_local_stores_url_key_is_its_own_or_derived_from_the_token_key(
    tmp_path: Path,
) -> None:
    own = Settings(evidence_secret="evidence-key", jwt_secret=SECRET)
    derived = Settings(jwt_secret=SECRET, evidence_folder=str(tmp_path))
    assert url_secret(own) == "evidence-key"
    assert url_secret(derived) not in ("", SECRET)
    assert isinstance(blob_store(derived), LocalBlobStore)


@pytest.fixture
def s3_app(
    moto_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    run = uuid4().hex
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/events.sqlite3",
        jwt_secret=SECRET,
        evidence_s3_endpoint_url=moto_endpoint,
        evidence_prefix=f"{run}/evidence/",
        evidence_quarantine_prefix=f"{run}/quarantine/",
        **S3,
    )
    app = create_app(settings)
    try:
        yield app
    finally:
        services(app).close()


def services(app: Flask) -> Services:
    found: Services = app.extensions[KEY]
    return found


def an_officer_at_a_visit(app: Flask) -> tuple[Caller, str]:
    found = services(app)
    visit_id = a_visit_in_progress(found.ledger, a_county(found.ledger))
    officer_id = an_officer(found, "officer", "610502")
    token, _ = found.tokens.issue(officer_id, "officer.610502")
    return Caller(app.test_client(), token, officer_id), str(visit_id)


def test_with_s3_the_phone_uploads_straight_to_the_store(s3_app: Flask) -> None:
    officer, visit_id = an_officer_at_a_visit(s3_app)
    photo = jpeg_from_phone()
    body = {
        "evidence_id": str(uuid4()),
        "owner": "visit",
        "owner_id": visit_id,
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
    }
    evidence = officer.post("/evidence", body).get_json()
    slot = evidence["upload"]
    assert slot["url"].startswith("http://127.0.0.1:")  # the store, not this API
    assert "X-Amz-Signature=" in slot["url"]
    sent = requests.put(
        slot["url"], data=photo.body, headers=slot["headers"], timeout=30
    )
    assert sent.status_code == 200
    confirmed = officer.post(f"/evidence/{evidence['id']}/confirm").get_json()
    assert confirmed["status"] == "attached"
    link = officer.get(f"/evidence/{evidence['id']}/content").get_json()
    assert requests.get(link["url"], timeout=30).content == photo.body


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_store_is_a_503_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/events.sqlite3",
        jwt_secret=SECRET,
        evidence_s3_endpoint_url=f"http://127.0.0.1:{closed_port()}",
        **S3,
    )
    app = create_app(settings)
    try:
        officer, visit_id = an_officer_at_a_visit(app)
        photo = jpeg_from_phone()
        body = {
            "evidence_id": str(uuid4()),
            "owner": "visit",
            "owner_id": visit_id,
            "sha256": photo.sha256,
            "size": photo.size,
            "content_type": photo.content_type,
        }
        assert officer.post("/evidence", body).status_code == 201  # presigning is local
        before = services(app).ledger.notification_count()
        answer = officer.post(f"/evidence/{body['evidence_id']}/confirm")
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "5"
        assert services(app).ledger.notification_count() == before
    finally:
        services(app).close()
