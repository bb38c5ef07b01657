"""Evidence through the functions: an upload to S3 (over HTTP) verified by the
`evidence` function on its "Object Created" event, and photo bytes through the API."""

import io
import urllib.request
from copy import deepcopy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import pytest
from PIL import Image

from api.aws import handlers
from api.settings import Settings
from domain.model.evidence import Evidence
from tests.api.bodies import a_photo
from tests.deploy.events import Event, Lambda, body_of, fixture, http_event
from tests.factories import a_county, a_visit_in_progress
from tests.photos import Photo, jpeg_from_phone
from tests.storage.servers import ACCESS_KEY, SECRET_KEY, client_for

QUARANTINE, EVIDENCE = "siteledger-quarantine", "siteledger-evidence"


@pytest.fixture
def on_s3(aws: Lambda, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Lambda:
    """The functions with evidence in S3, as serverless.yml sets them up."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    aws.configure(
        EVIDENCE_STORE="s3",
        EVIDENCE_S3_ENDPOINT_URL=s3_endpoint,
        EVIDENCE_S3_PATH_STYLE="y",
        EVIDENCE_BUCKET=EVIDENCE,
        EVIDENCE_QUARANTINE_BUCKET=QUARANTINE,
    )
    return aws


def declared(aws: Lambda, photo: Photo) -> tuple[str, dict[str, Any]]:
    """Evidence declared on a visit by its officer: the officer's token, the answer."""
    with Settings.from_env().open_ledger() as ledger:
        county = a_county(ledger)
        visit_id = a_visit_in_progress(ledger, county)
    token = aws.token(county.officer_id, county.username)
    facts = {"sha256": photo.sha256, "size": photo.size, "file_name": photo.file_name}
    body = a_photo(str(visit_id)) | facts | {"content_type": photo.content_type}
    answer = aws.call(
        http_event(
            "http_api_post",
            "POST",
            "/evidence",
            token=token,
            body=body,
            query="upload=put",
        )
    )
    assert answer["statusCode"] == 201, body_of(answer)
    return token, body_of(answer)


def object_created(bucket: str, key: str, size: int) -> Event:
    event = deepcopy(fixture("s3_object_created"))
    event["detail"]["bucket"]["name"] = bucket
    event["detail"]["object"] |= {"key": key, "size": size}
    return event


def http(method: str, url: str, data: bytes | None = None, **headers: str) -> bytes:
    """A request straight to S3, as the phone sends it (no bearer token)."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        body: bytes = response.read()
        return body


def test_an_upload_landing_in_quarantine_is_verified_and_attached_once(
    on_s3: Lambda,
) -> None:
    photo = jpeg_from_phone()
    token, evidence = declared(on_s3, photo)
    slot = evidence["upload"]
    http(slot["method"], slot["url"], photo.body, **slot["headers"])
    landed = object_created(QUARANTINE, f"quarantine/{evidence['id']}", photo.size)
    first = handlers.evidence(landed, None)
    assert first == {"evidence": evidence["id"], "status": "attached"}
    with Settings.from_env().open_ledger() as ledger:
        version = ledger.load(Evidence, evidence["id"]).version
    assert handlers.evidence(landed, None) == first
    with Settings.from_env().open_ledger() as ledger:
        assert ledger.load(Evidence, evidence["id"]).version == version
    path = f"/evidence/{evidence['id']}/thumbnail"
    link = body_of(on_s3.call(http_event("http_api_get", "GET", path, token=token)))
    assert urlsplit(link["url"]).path.startswith(f"/{EVIDENCE}/")
    thumbnail = Image.open(io.BytesIO(http("GET", link["url"])))
    assert thumbnail.format == "JPEG"


@pytest.mark.parametrize(
    ("bucket", "key"),
    [
        (QUARANTINE, "quarantine/not-an-evidence-id"),
        (QUARANTINE, "elsewhere/6b0f4c8e-1d2a-4e3b-9c5d-7e8f9a0b1c2d"),
        (EVIDENCE, "quarantine/6b0f4c8e-1d2a-4e3b-9c5d-7e8f9a0b1c2d"),
        (QUARANTINE, "quarantine/6b0f4c8e-1d2a-4e3b-9c5d-7e8f9a0b1c2d"),
    ],
    ids=["not an id", "another prefix", "another bucket", "never declared"],
)
def test_an_object_that_is_no_declared_upload_is_left_alone(
    on_s3: Lambda, bucket: str, key: str
) -> None:
    answer = handlers.evidence(object_created(bucket, key, 10), None)
    assert set(answer) == {"ignored"}


def test_photo_bytes_go_through_the_api_function_base64_encoded(
    aws: Lambda, tmp_path: Path
) -> None:
    """With the local store the API itself takes the upload and serves the thumbnail:
    binary bodies both ways through API Gateway's encoding."""
    aws.configure(EVIDENCE_STORE="local", EVIDENCE_FOLDER=str(tmp_path))
    photo = jpeg_from_phone()
    token, evidence = declared(aws, photo)
    slot = evidence["upload"]
    upload = http_event(
        "http_api_post",
        "PUT",
        urlsplit(slot["url"]).path,
        data=photo.body,
        headers=slot["headers"],
    )
    assert aws.call(upload)["statusCode"] == 200
    confirm = f"/evidence/{evidence['id']}/confirm"
    assert (
        body_of(aws.call(http_event("http_api_post", "POST", confirm, token=token)))[
            "status"
        ]
        == "attached"
    )
    path = f"/evidence/{evidence['id']}/thumbnail"
    link = urlsplit(
        body_of(aws.call(http_event("http_api_get", "GET", path, token=token)))["url"]
    )
    served = aws.call(http_event("http_api_get", "GET", link.path, query=link.query))
    assert (served["statusCode"], served["isBase64Encoded"]) == (200, True)
    assert served["headers"]["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body_of(served))).format == "JPEG"


def attached_on_s3(aws: Lambda) -> str:
    """A photo uploaded, verified by the `evidence` function: its evidence id."""
    photo = jpeg_from_phone()
    _, evidence = declared(aws, photo)
    slot = evidence["upload"]
    http(slot["method"], slot["url"], photo.body, **slot["headers"])
    landed = object_created(QUARANTINE, f"quarantine/{evidence['id']}", photo.size)
    assert handlers.evidence(landed, None)["status"] == "attached"
    return str(evidence["id"])


def test_the_reconcile_function_removes_abandoned_uploads_once(
    on_s3: Lambda, s3_endpoint: str
) -> None:
    on_s3.configure(EVIDENCE_GRACE_SECONDS="0")
    name = str(uuid4())
    client_for(s3_endpoint).put_object(
        Bucket=QUARANTINE, Key=f"quarantine/{name}", Body=b"never confirmed"
    )
    first = handlers.reconcile(fixture("eventbridge_scheduled"), None)
    again = handlers.reconcile(fixture("eventbridge_scheduled"), None)
    assert name in first["removed"]
    assert again == {"removed": [], "missing": []}


def test_the_reconcile_function_records_evidence_whose_object_is_gone_once(
    on_s3: Lambda, s3_endpoint: str
) -> None:
    evidence_id = attached_on_s3(on_s3)
    with Settings.from_env().open_ledger() as ledger:
        facts = ledger.load(Evidence, UUID(evidence_id)).facts
    assert facts is not None
    client = client_for(s3_endpoint)
    client.delete_object(Bucket=EVIDENCE, Key=f"evidence/{facts.key}")
    first = handlers.reconcile(fixture("eventbridge_scheduled"), None)
    again = handlers.reconcile(fixture("eventbridge_scheduled"), None)
    assert first["missing"] == [evidence_id]
    assert again["missing"] == []
    with Settings.from_env().open_ledger() as ledger:
        assert ledger.load(Evidence, UUID(evidence_id)).status.value == "missing"
