"""Photo evidence over real HTTP with the real server, as a phone sends it: with the
local folder (the API serves the signed URLs) and with SeaweedFS (presigned URLs
straight to the store, which checks them)."""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
import requests
from PIL import Image

from tests.e2e.client import TIMEOUT, Api, add_user, session
from tests.e2e.conftest import COUNTY, enterprise, project
from tests.e2e.server import cli, serve
from tests.photos import Photo, heic_from_phone, jpeg_from_phone
from tests.storage.servers import ACCESS_KEY, BUCKETS, SECRET_KEY

GPS = {"lat": 34.36, "lon": 107.24, "accuracy_m": 6}


@dataclass(frozen=True)
class Deployment:
    """A server with its own store and evidence store, and an officer on a visit."""

    env: dict[str, str]
    officer: Api
    visit_id: UUID


def evidence_env(
    kind: str, request: pytest.FixtureRequest, folder: Any
) -> dict[str, str]:
    if kind == "local":
        return {"SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence")}
    endpoint: str = request.getfixturevalue("seaweedfs_endpoint")
    run = uuid4().hex
    return {
        "SITELEDGER_EVIDENCE_STORE": "s3",
        "SITELEDGER_EVIDENCE_S3_ENDPOINT_URL": endpoint,
        "SITELEDGER_EVIDENCE_S3_PATH_STYLE": "y",
        "SITELEDGER_EVIDENCE_BUCKET": BUCKETS[1],
        "SITELEDGER_EVIDENCE_PREFIX": f"{run}/evidence/",
        "SITELEDGER_EVIDENCE_QUARANTINE_BUCKET": BUCKETS[0],
        "SITELEDGER_EVIDENCE_QUARANTINE_PREFIX": f"{run}/quarantine/",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


@pytest.fixture(scope="module", params=["local", "seaweedfs"])
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp(f"evidence-{request.param}")
    env = {"SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3"}
    env |= evidence_env(request.param, request, folder)
    officer_id = add_user(env, "wang-lei", COUNTY, "officer")
    admin_id = add_user(env, "admin", COUNTY, "admin")
    with serve(env) as base_url:
        officer = session(base_url, "wang-lei", officer_id)
        yield Deployment(
            env, officer, a_visit(session(base_url, "admin", admin_id), officer)
        )


def a_visit(admin: Api, officer: Api) -> UUID:
    """A project registered by the admin, and the officer checked in there."""
    enterprise_id, project_id, visit_id = uuid4(), uuid4(), uuid4()
    admin.ok("/enterprises", enterprise(enterprise_id), 201)
    admin.ok("/projects", project(project_id, enterprise_id), 201)
    plan = {
        "visit_id": str(visit_id),
        "officer_ids": [str(officer.officer_id)],
        "kind": "inspection",
        "planned_for": date.today().isoformat(),
        "project_id": str(project_id),
    }
    officer.ok("/visits", plan, 201)
    officer.ok(f"/visits/{visit_id}/check-in", {"gps": GPS})
    return visit_id


def declared(at: Deployment, photo: Photo, upload: str = "put") -> dict[str, Any]:
    body = {
        "evidence_id": str(uuid4()),
        "owner": "visit",
        "owner_id": str(at.visit_id),
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
        "file_name": photo.file_name,
    }
    return at.officer.ok(f"/evidence?upload={upload}", body, 201)


def send(slot: dict[str, Any], body: bytes) -> int:
    """The phone's upload: straight to the slot's URL, with no bearer token."""
    if slot["method"] == "PUT":
        sent = requests.put(
            slot["url"], data=body, headers=slot["headers"], timeout=TIMEOUT
        )
    else:
        files = {"file": ("upload", body)}
        sent = requests.post(
            slot["url"], data=slot["fields"], files=files, timeout=TIMEOUT
        )
    return sent.status_code


def fetched(at: Deployment, evidence_id: str, what: str) -> bytes:
    link = at.officer.read(f"/evidence/{evidence_id}/{what}")
    got = requests.get(link["url"], timeout=TIMEOUT)
    assert got.status_code == 200, got.text
    return got.content


@pytest.mark.parametrize(
    ("photo", "upload"),
    [(jpeg_from_phone(), "put"), (heic_from_phone(), "post")],
    ids=["jpeg-put", "heic-post"],
)
def test_a_phones_photo_goes_through_slot_upload_and_confirmation(
    deployment: Deployment, photo: Photo, upload: str
) -> None:
    evidence = declared(deployment, photo, upload)
    assert send(evidence["upload"], photo.body) in (200, 204)
    confirmed = deployment.officer.ok(f"/evidence/{evidence['id']}/confirm", None)
    assert confirmed["status"] == "attached"
    assert confirmed["claims"]["taken_at"] == "2026-05-01T09:30:00+08:00"
    assert (confirmed["claims"]["lat"], confirmed["claims"]["lon"]) == (34.36, 107.24)
    assert confirmed["facts"]["content_type"] == photo.content_type
    assert deployment.officer.read(f"/evidence/{evidence['id']}") == confirmed
    assert fetched(deployment, evidence["id"], "content") == photo.body
    thumbnail = Image.open(io.BytesIO(fetched(deployment, evidence["id"], "thumbnail")))
    assert thumbnail.format == "JPEG"
    assert not thumbnail.getexif()


def test_a_second_confirmation_changes_nothing(deployment: Deployment) -> None:
    photo = jpeg_from_phone()
    evidence = declared(deployment, photo)
    send(evidence["upload"], photo.body)
    first = deployment.officer.ok(f"/evidence/{evidence['id']}/confirm", None)
    again = deployment.officer.ok(f"/evidence/{evidence['id']}/confirm", None)
    assert again == first
    history = deployment.officer.read(f"/evidence/{evidence['id']}/history")
    assert [e["event"] for e in history["events"]] == [
        "Evidence.Declared",
        "Evidence.Attached",
    ]


def test_a_reconcile_run_cleans_an_abandoned_upload(deployment: Deployment) -> None:
    photo = jpeg_from_phone()
    abandoned = declared(deployment, photo)
    assert send(abandoned["upload"], photo.body) in (200, 204)
    now = deployment.env | {"SITELEDGER_EVIDENCE_GRACE_SECONDS": "0"}
    printed = cli(now, "evidence", "reconcile")
    assert f"removed upload {abandoned['id']}: never confirmed" in printed
    assert "0 missing objects recorded" in printed
    rejected = deployment.officer.ok(f"/evidence/{abandoned['id']}/confirm", None)
    assert rejected["rejection"] == "nothing has been uploaded"
    assert "1 abandoned uploads" not in cli(now, "evidence", "reconcile")
