"""Evidence in a local folder (the embedded default), uploaded to signed URLs on the
API itself so that a phone's flow is the same as with S3."""

import errno
import hashlib
import mmap
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from itsdangerous import BadSignature, URLSafeSerializer

from domain.services.blobs import (
    CHUNK,
    Area,
    BlobChanged,
    Chunk,
    Declared,
    Stat,
    UploadSlot,
    checked_key,
    checked_name,
)

PART = ".part-"  # an upload being written; a crash leaves one for the reconciler


class UploadRefused(Exception):
    """A request to a signed URL refused, as S3 would: a status and a reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Grant:
    """What a signed upload URL allows: one name, these bytes, until then."""

    name: str
    declared: Declared
    form: bool


@dataclass(frozen=True)
class Download:
    path: Path
    content_type: str
    file_name: str


class LocalBlobStore:
    """`<folder>/quarantine/<name>` and `<folder>/evidence/<key>`; URLs under
    `url_prefix` on the API, signed with the server's secret."""

    def __init__(
        self, folder: Path, secret: str | bytes, url_prefix: str = "/evidence"
    ) -> None:
        self._root = folder
        self._prefix = url_prefix
        self._uploads = URLSafeSerializer(secret, salt="siteledger-evidence-upload")
        self._downloads = URLSafeSerializer(secret, salt="siteledger-evidence-read")

    # The phone's side ----------------------------------------------------------

    def upload_slot(
        self, name: str, declared: Declared, expires_at: datetime, *, form: bool
    ) -> UploadSlot:
        claims = {
            "n": checked_name(name),
            "h": declared.sha256,
            "s": declared.size,
            "t": declared.content_type,
            "e": int(expires_at.timestamp()),
            "f": form,
        }
        url = f"{self._prefix}/uploads/{self._uploads.dumps(claims)}"
        if form:
            fields = {"Content-Type": declared.content_type}
            return UploadSlot(url, "POST", expires_at, fields=fields)
        headers = {
            "Content-Type": declared.content_type,
            "x-amz-checksum-sha256": declared.sha256_base64,
        }
        return UploadSlot(url, "PUT", expires_at, headers=headers)

    def download_url(
        self, key: str, expires_at: datetime, content_type: str, file_name: str
    ) -> str:
        claims = {
            "k": checked_key(key),
            "e": int(expires_at.timestamp()),
            "t": content_type,
            "f": file_name,
        }
        return f"{self._prefix}/files/{self._downloads.dumps(claims)}"

    # The signed URLs' server side ---------------------------------------------------

    def grant(self, token: str, *, form: bool) -> Grant:
        """What a signed upload URL allows; UploadRefused if it is forged or expired."""
        claims = self._load(self._uploads, token)
        if claims.get("f") is not form:
            raise UploadRefused(403, "the URL is signed for another method")
        declared = Declared(claims["h"], claims["s"], claims["t"])
        return Grant(checked_name(claims["n"]), declared, form)

    def receive(self, grant: Grant, content_type: str | None, body: IO[bytes]) -> None:
        """Stores an upload in quarantine if it is what the URL was signed for."""
        declared = grant.declared
        if content_type != declared.content_type:
            raise UploadRefused(403, "the content type differs from the signed one")
        target = self._path(Area.QUARANTINE, grant.name)
        target.parent.mkdir(parents=True, exist_ok=True)  # made on first use
        part = target.with_name(f"{grant.name}{PART}{secrets.token_hex(6)}")
        try:
            digest, size = _write(body, part, declared.size)
            if size != declared.size:
                raise UploadRefused(400, f"the body is not {declared.size} bytes")
            if not grant.form and digest != declared.sha256:
                raise UploadRefused(
                    400, "the body's SHA-256 differs from the signed one"
                )
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)

    def resolve(self, token: str) -> Download:
        """The file a signed download URL names."""
        claims = self._load(self._downloads, token)
        path = self._path(Area.EVIDENCE, checked_key(claims["k"]))
        if not path.is_file():
            raise UploadRefused(404, "no such object")
        return Download(path, claims["t"], claims["f"])

    @staticmethod
    def _load(serializer: URLSafeSerializer, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = serializer.loads(token)
        except (BadSignature, UnicodeError, ValueError):
            raise UploadRefused(403, "the URL's signature does not match") from None
        if claims["e"] < datetime.now(UTC).timestamp():
            raise UploadRefused(403, "the URL has expired")
        return claims

    # The server's side ----------------------------------------------------------------

    def stat(self, area: Area, key: str) -> Stat | None:
        try:
            found = self._path(area, key).stat()
        except FileNotFoundError:
            return None
        named = key.rsplit("/", 1)[-1] if key.startswith("sha256/") else None
        return Stat(found.st_size, _etag(found), _modified(found), named)

    def chunks(self, area: Area, key: str, etag: str) -> Iterator[Chunk]:
        try:
            file = self._path(area, key).open("rb")
        except FileNotFoundError:
            raise BlobChanged(key) from None
        with file:
            found = os.fstat(file.fileno())
            if _etag(found) != etag:
                raise BlobChanged(key)
            if not found.st_size:
                return
            # Mapped, not read: the bytes are hashed straight from the page cache,
            # never copied (reading costs a fifth of hashing; see bench/evidence.py).
            # The map lives as long as a chunk of it does. Safe because no file here
            # is ever written in place: uploads replace their name, evidence is linked.
            mapped = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        for start in range(0, len(mapped), CHUNK):
            yield mapped[start : start + CHUNK]

    def promote(self, name: str, etag: str, key: str, sha256: str) -> None:
        target = self._path(Area.EVIDENCE, key)
        if target.exists():
            return  # the key is the hash: the same content is there already
        target.parent.mkdir(parents=True, exist_ok=True)
        link = target.with_name(f"{target.name}{PART}{secrets.token_hex(6)}")
        try:
            # A hard link keeps the very inode that was verified, whatever replaces
            # the quarantined name meanwhile.
            os.link(self._path(Area.QUARANTINE, name), link)
        except FileNotFoundError:
            raise BlobChanged(name) from None
        try:
            if _etag(link.stat()) != etag:
                raise BlobChanged(name)
            _link_once(link, target)
        finally:
            link.unlink(missing_ok=True)

    def put(
        self, key: str, data: bytes, content_type: str, *, locked: bool = False
    ) -> bool:  # a folder has no retention: `locked` changes nothing
        target = self._path(Area.EVIDENCE, key)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f"{target.name}{PART}{secrets.token_hex(6)}")
        try:
            part.write_bytes(data)
            return _link_once(part, target)
        finally:
            part.unlink(missing_ok=True)

    def uploads_before(self, cutoff: datetime) -> list[str]:
        folder = self._root / Area.QUARANTINE.value
        if not folder.is_dir():
            return []
        return sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file() and _modified(entry.stat()) < cutoff
        )

    def discard(self, name: str) -> None:
        self._path(Area.QUARANTINE, name).unlink(missing_ok=True)

    def check(self) -> None:
        for area in Area:
            folder = self._root / area.value
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, "not writable", str(folder))

    def _path(self, area: Area, key: str) -> Path:
        checked = checked_name(key) if area is Area.QUARANTINE else checked_key(key)
        return self._root / area.value / checked


def _write(body: IO[bytes], path: Path, size: int) -> tuple[str, int]:
    """Writes at most `size` bytes of the body, hashing them; refuses more."""
    digest, written = hashlib.sha256(), 0
    with path.open("xb") as file:
        while chunk := body.read(CHUNK):
            written += len(chunk)
            if written > size:
                raise UploadRefused(400, f"the body is larger than {size} bytes")
            digest.update(chunk)
            file.write(chunk)
    return digest.hexdigest(), written


def _link_once(source: Path, target: Path) -> bool:
    """Links the target name to the source's file unless the name exists."""
    try:
        os.link(source, target)
    except FileExistsError:  # content-addressed: the first stored the same bytes
        return False
    return True


def _etag(found: os.stat_result) -> str:
    return f"{found.st_ino:x}-{found.st_mtime_ns:x}-{found.st_size:x}"


def _modified(found: os.stat_result) -> datetime:
    return datetime.fromtimestamp(found.st_mtime, UTC)
