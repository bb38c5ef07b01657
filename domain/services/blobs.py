"""Where evidence bytes live: one small interface, a local folder and S3 behind it.

Uploads land in quarantine under the evidence's id; once verified they are promoted
to a content-addressed key in the evidence area, which is never overwritten.
"""

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

CHUNK = 1 << 20
Chunk = bytes | memoryview  # a store may hand out views of mapped memory
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
KEY = re.compile(r"[a-z0-9]+(/[a-z0-9][a-z0-9._-]*)+")


class Area(Enum):
    QUARANTINE = "quarantine"
    EVIDENCE = "evidence"


class StorageUnavailable(Exception):
    """The object store cannot be reached or failed: retry later."""


class BlobChanged(Exception):
    """The object is no longer the version that was read."""


class BlobConflict(Exception):
    """A content-addressed key holds other content: never overwritten."""


@dataclass(frozen=True)
class Declared:
    """What the phone declared, and an upload slot binds."""

    sha256: str  # hex
    size: int
    content_type: str

    @property
    def sha256_base64(self) -> str:
        return base64.b64encode(bytes.fromhex(self.sha256)).decode()


@dataclass(frozen=True)
class UploadSlot:
    """Where and how the phone sends the bytes: the same shape for every store.

    PUT: send the body with exactly these headers. POST: a multipart form with these
    fields first and the file last, as the field `file`.
    """

    url: str
    method: str
    expires_at: datetime
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Stat:
    size: int
    etag: str  # names this version of the object
    modified: datetime
    sha256: str | None = None  # recorded on promotion


class BlobStore(Protocol):
    def upload_slot(
        self, name: str, declared: Declared, expires_at: datetime, *, form: bool
    ) -> UploadSlot:
        """A signed, expiring way to upload `name` into quarantine."""
        ...

    def stat(self, area: Area, key: str) -> Stat | None:
        """The object's size and version, None if there is none."""
        ...

    def chunks(self, area: Area, key: str, etag: str) -> Iterator[Chunk]:
        """The object's bytes in chunks; BlobChanged if it is not that version."""
        ...

    def promote(self, name: str, etag: str, key: str, sha256: str) -> None:
        """Copies that version of a quarantined upload to an evidence key, unless the
        key holds the same content already; BlobConflict if it holds other."""
        ...

    def put(
        self, key: str, data: bytes, content_type: str, *, locked: bool = False
    ) -> bool:
        """Stores derived bytes (a thumbnail, a seal) at an evidence key, unless
        present (then False); `locked`: under the store's retention (S3 Object
        Lock), if it has one."""
        ...

    def download_url(
        self, key: str, expires_at: datetime, content_type: str, file_name: str
    ) -> str:
        """A signed, expiring URL to read an evidence object."""
        ...

    def uploads_before(self, cutoff: datetime) -> list[str]:
        """Names of quarantined uploads last written before `cutoff`."""
        ...

    def discard(self, name: str) -> None:
        """Deletes a quarantined upload (nothing if it is gone already)."""
        ...

    def check(self) -> None:
        """Raises what keeps the store from taking uploads and evidence now."""
        ...


def evidence_key(sha256: str) -> str:
    """The content-addressed key of an original: `sha256/ab/cd/<hash>`."""
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def thumbnail_key(sha256: str) -> str:
    return f"thumbnails/{sha256[:2]}/{sha256[2:4]}/{sha256}.jpg"


def checked_name(name: str) -> str:
    """A quarantine name: one plain path segment, never `..` or a folder."""
    if not NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"not an upload name: {name[:60]!r}")
    return name


def checked_key(key: str) -> str:
    """An evidence key: lowercase segments of our own making, never `..`."""
    if not KEY.fullmatch(key) or ".." in key:
        raise ValueError(f"not an evidence key: {key[:80]!r}")
    return key


def seconds_until(moment: datetime, now: datetime | None = None) -> int:
    """Whole seconds from now until a moment, at least one."""
    now = now or datetime.now(UTC)
    return max(1, int((moment - now).total_seconds()))
