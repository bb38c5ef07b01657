"""The blob store contract, on the local folder, moto's S3 and SeaweedFS."""

import hashlib
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.services.blobs import (
    Area,
    BlobChanged,
    Declared,
    UploadSlot,
    evidence_key,
    thumbnail_key,
)
from tests.storage.backends import Backend

BODY = b"\xff\xd8\xff\xe0 not really a photo, but bytes all the same" * 50
SOON = timedelta(minutes=5)


def declared(body: bytes = BODY, content_type: str = "image/jpeg") -> Declared:
    return Declared(hashlib.sha256(body).hexdigest(), len(body), content_type)


def slot(
    backend: Backend, name: str, *, form: bool = False, ttl: timedelta = SOON
) -> UploadSlot:
    expires_at = datetime.now(UTC) + ttl
    return backend.store.upload_slot(name, declared(), expires_at, form=form)


def uploaded(backend: Backend, *, form: bool = False) -> str:
    name = str(uuid4())
    assert backend.upload(slot(backend, name, form=form), BODY) in (200, 204)
    return name


def read(backend: Backend, area: Area, key: str) -> bytes:
    found = backend.store.stat(area, key)
    assert found is not None
    return b"".join(backend.store.chunks(area, key, found.etag))


@pytest.mark.parametrize("form", [False, True], ids=["put", "post"])
def test_an_upload_to_its_slot_lands_in_quarantine(
    backend: Backend, form: bool
) -> None:
    name = uploaded(backend, form=form)
    found = backend.store.stat(Area.QUARANTINE, name)
    assert found is not None
    assert found.size == len(BODY)
    assert read(backend, Area.QUARANTINE, name) == BODY
    assert backend.store.stat(Area.EVIDENCE, evidence_key(declared().sha256)) is None


def test_a_slot_says_how_to_send_the_bytes(backend: Backend) -> None:
    put, post = slot(backend, "a"), slot(backend, "b", form=True)
    assert (put.method, post.method) == ("PUT", "POST")
    assert put.headers["Content-Type"] == "image/jpeg"
    assert put.headers["x-amz-checksum-sha256"] == declared().sha256_base64
    assert post.fields["Content-Type"] == "image/jpeg"
    assert put.expires_at > datetime.now(UTC)


def test_an_object_that_was_never_uploaded_has_no_stat(backend: Backend) -> None:
    assert backend.store.stat(Area.QUARANTINE, str(uuid4())) is None
    assert backend.store.stat(Area.EVIDENCE, evidence_key("0" * 64)) is None


def test_promotion_copies_the_verified_upload_to_its_content_address(
    backend: Backend,
) -> None:
    name, sha = uploaded(backend), declared().sha256
    found = backend.store.stat(Area.QUARANTINE, name)
    assert found is not None
    backend.store.promote(name, found.etag, evidence_key(sha), sha)
    assert read(backend, Area.EVIDENCE, evidence_key(sha)) == BODY
    promoted = backend.store.stat(Area.EVIDENCE, evidence_key(sha))
    assert promoted is not None
    assert promoted.sha256 == sha


def test_promoting_the_same_content_again_keeps_the_first_copy(
    backend: Backend,
) -> None:
    sha = declared().sha256
    for _ in range(2):
        name = uploaded(backend)
        found = backend.store.stat(Area.QUARANTINE, name)
        assert found is not None
        backend.store.promote(name, found.etag, evidence_key(sha), sha)
    assert read(backend, Area.EVIDENCE, evidence_key(sha)) == BODY


def test_reading_a_version_that_was_replaced_is_refused(backend: Backend) -> None:
    name = uploaded(backend)
    before = backend.store.stat(Area.QUARANTINE, name)
    assert before is not None
    time.sleep(0.01)
    backend.plant(name, BODY[::-1])
    with pytest.raises(BlobChanged):
        b"".join(backend.store.chunks(Area.QUARANTINE, name, before.etag))


def test_promoting_a_version_that_was_replaced_is_refused(
    enforcing_backend: Backend,
) -> None:
    backend, sha = enforcing_backend, declared().sha256
    name = uploaded(backend)
    before = backend.store.stat(Area.QUARANTINE, name)
    assert before is not None
    time.sleep(0.01)
    backend.plant(name, BODY[::-1])
    with pytest.raises(BlobChanged):
        backend.store.promote(name, before.etag, evidence_key(sha), sha)
    assert backend.store.stat(Area.EVIDENCE, evidence_key(sha)) is None


def test_a_derived_object_is_stored_once_and_never_overwritten(
    backend: Backend,
) -> None:
    key = thumbnail_key(declared().sha256)
    backend.store.put(key, b"first", "image/jpeg")
    backend.store.put(key, b"second", "image/jpeg")
    assert read(backend, Area.EVIDENCE, key) == b"first"


def test_a_download_url_reads_the_evidence_object(backend: Backend) -> None:
    key = thumbnail_key(declared().sha256)
    backend.store.put(key, b"a thumbnail", "image/jpeg")
    url = backend.store.download_url(
        key, datetime.now(UTC) + SOON, "image/jpeg", "现场 照片.jpg"
    )
    assert backend.download(url) == b"a thumbnail"


def test_old_uploads_are_listed_and_discarded(backend: Backend) -> None:
    name = uploaded(backend)
    now = datetime.now(UTC)
    assert name not in backend.store.uploads_before(now - timedelta(minutes=1))
    assert name in backend.store.uploads_before(now + timedelta(minutes=1))
    backend.store.discard(name)
    backend.store.discard(name)  # gone already: nothing to do
    assert backend.store.stat(Area.QUARANTINE, name) is None
    assert name not in backend.store.uploads_before(now + timedelta(minutes=1))


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden", "x" * 200])
def test_an_upload_name_is_never_a_path(backend: Backend, name: str) -> None:
    with pytest.raises(ValueError, match="not an upload name"):
        backend.store.stat(Area.QUARANTINE, name)


@pytest.mark.parametrize("key", ["../../etc/passwd", "sha256/../x", "/abs", "UP/x"])
def test_an_evidence_key_is_never_a_path(backend: Backend, key: str) -> None:
    with pytest.raises(ValueError, match="not an evidence key"):
        backend.store.stat(Area.EVIDENCE, key)


# What the store itself refuses (moto checks no presigned URL) ------------------------


def test_the_store_refuses_an_expired_url(enforcing_backend: Backend) -> None:
    name = str(uuid4())
    expiring = slot(enforcing_backend, name, ttl=timedelta(seconds=1))
    time.sleep(2.1)
    assert 400 <= enforcing_backend.upload(expiring, BODY) < 500
    assert enforcing_backend.store.stat(Area.QUARANTINE, name) is None


def test_the_store_refuses_a_body_that_is_not_the_signed_one(
    enforcing_backend: Backend,
) -> None:
    name = str(uuid4())
    tampered = BODY[:-1] + b"X"  # the same size, another SHA-256
    assert (
        400 <= enforcing_backend.upload(slot(enforcing_backend, name), tampered) < 500
    )
    assert enforcing_backend.store.stat(Area.QUARANTINE, name) is None


@pytest.mark.parametrize("form", [False, True], ids=["put", "post"])
def test_the_store_refuses_another_content_type(
    enforcing_backend: Backend, form: bool
) -> None:
    name = str(uuid4())
    sent = slot(enforcing_backend, name, form=form)
    assert (
        400
        <= enforcing_backend.upload(sent, BODY, **{"Content-Type": "image/png"})
        < 500
    )
    assert enforcing_backend.store.stat(Area.QUARANTINE, name) is None


def test_the_store_refuses_an_over_size_post(enforcing_backend: Backend) -> None:
    name = str(uuid4())
    sent = slot(enforcing_backend, name, form=True)
    assert 400 <= enforcing_backend.upload(sent, BODY + b"more") < 500
    assert enforcing_backend.store.stat(Area.QUARANTINE, name) is None


def tampered(url: str) -> str:
    """The URL with one character of its signature changed."""
    # S3's is a query parameter; ours ends the token (its last character may carry
    # only padding bits, so change one well inside it).
    at = url.index("X-Amz-Signature=") + len("X-Amz-Signature=") if "?" in url else -8
    return url[:at] + ("0" if url[at] != "0" else "1") + url[at + 1 :]


def test_the_store_refuses_a_url_whose_signature_was_changed(
    enforcing_backend: Backend,
) -> None:
    name = str(uuid4())
    sent = slot(enforcing_backend, name)
    forged = UploadSlot(tampered(sent.url), sent.method, sent.expires_at, sent.headers)
    assert 400 <= enforcing_backend.upload(forged, BODY) < 500
    assert enforcing_backend.store.stat(Area.QUARANTINE, name) is None
