"""Each blob store as a phone and a vandal reach it: upload to a slot, download, and
change what lies in the store behind the application's back."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from uuid import uuid4

import requests

from domain.services.blobs import Area, BlobStore, UploadSlot
from storage.localblobs import LocalBlobStore, UploadRefused
from storage.s3 import S3BlobStore
from storage.s3_client import Location
from tests.storage.servers import BUCKETS, client_for

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

TIMEOUT = 30
Headers = dict[str, str]


class Backend(Protocol):
    name: str

    @property
    def store(self) -> BlobStore: ...

    def upload(self, slot: UploadSlot, body: bytes, **changed: str) -> int:
        """Sends the body as the slot says (with headers or fields changed);
        answers the HTTP status."""
        ...

    def download(self, url: str) -> bytes: ...

    def plant(self, name: str, body: bytes) -> None:
        """Puts bytes in quarantine without any slot, as a forged upload would."""
        ...

    def remove(self, key: str) -> None:
        """Deletes an evidence object, as a careless operator would."""
        ...


@dataclass
class LocalBackend:
    """The folder store; its signed URLs are served by the API, so the phone's
    requests are played straight into the store's receiving side."""

    folder: Path
    name: str = "local"

    def __post_init__(self) -> None:
        self._store = LocalBlobStore(self.folder, "a-test-secret-for-evidence-urls")

    @property
    def store(self) -> LocalBlobStore:
        return self._store

    def upload(self, slot: UploadSlot, body: bytes, **changed: str) -> int:
        token = slot.url.rsplit("/", 1)[-1]
        sent = {**slot.headers, **slot.fields, **changed}
        try:
            grant = self._store.grant(token, form=slot.method == "POST")
            self._store.receive(grant, sent.get("Content-Type"), io.BytesIO(body))
        except UploadRefused as refused:
            return refused.status
        return 200

    def download(self, url: str) -> bytes:
        return self._store.resolve(url.rsplit("/", 1)[-1]).path.read_bytes()

    def plant(self, name: str, body: bytes) -> None:
        path = self.folder / Area.QUARANTINE.value / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def remove(self, key: str) -> None:
        (self.folder / Area.EVIDENCE.value / key).unlink()


@dataclass
class S3Backend:
    """An S3 server over HTTP, in prefixes of this test's own."""

    name: str
    endpoint: str

    def __post_init__(self) -> None:
        self.client: S3Client = client_for(self.endpoint)
        run = uuid4().hex
        self.quarantine = Location(BUCKETS[0], f"{run}/quarantine/")
        self.evidence = Location(BUCKETS[1], f"{run}/evidence/")
        self._store = S3BlobStore(self.client, self.quarantine, self.evidence)

    @property
    def store(self) -> S3BlobStore:
        return self._store

    def upload(self, slot: UploadSlot, body: bytes, **changed: str) -> int:
        if slot.method == "PUT":
            headers = {**slot.headers, **changed}
            sent = requests.put(slot.url, data=body, headers=headers, timeout=TIMEOUT)
        else:
            fields = {**slot.fields, **changed}
            files = {"file": ("upload", body)}
            sent = requests.post(slot.url, data=fields, files=files, timeout=TIMEOUT)
        return sent.status_code

    def download(self, url: str) -> bytes:
        got = requests.get(url, timeout=TIMEOUT)
        got.raise_for_status()
        return got.content

    def plant(self, name: str, body: bytes) -> None:
        key = self.quarantine.key(name)
        self.client.put_object(Bucket=self.quarantine.bucket, Key=key, Body=body)

    def remove(self, key: str) -> None:
        bucket, full = self.evidence.bucket, self.evidence.key(key)
        self.client.delete_object(Bucket=bucket, Key=full)
