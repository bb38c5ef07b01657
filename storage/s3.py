"""Evidence in S3 or any S3-compatible store (SeaweedFS, MinIO, Ceph) via boto3."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from domain.services.blobs import (
    CHUNK,
    NAME,
    Area,
    BlobChanged,
    BlobConflict,
    Chunk,
    Declared,
    Stat,
    UploadSlot,
    checked_key,
    checked_name,
    seconds_until,
)
from storage.s3_client import (
    ABSENT,
    PRECONDITION,
    Location,
    Lock,
    code_of,
    reached,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
else:
    S3Client = Any


class S3BlobStore:
    """Uploads under a quarantine location, evidence under another (one bucket with
    two prefixes, or two buckets: the evidence one versioned and object-locked)."""

    def __init__(
        self,
        client: S3Client,
        quarantine: Location,
        evidence: Location,
        lock: Lock | None = None,
    ) -> None:
        self._client, self._lock = client, lock
        self._places = {Area.QUARANTINE: quarantine, Area.EVIDENCE: evidence}

    def upload_slot(
        self, name: str, declared: Declared, expires_at: datetime, *, form: bool
    ) -> UploadSlot:
        bucket, key = self._where(Area.QUARANTINE, name)
        expires_in = seconds_until(expires_at)
        if form:
            return self._post_slot(bucket, key, declared, expires_at)
        url = self._client.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": bucket,
                "Key": key,
                "ContentType": declared.content_type,
                "ChecksumAlgorithm": "SHA256",
                "ChecksumSHA256": declared.sha256_base64,
            },
            ExpiresIn=expires_in,
        )
        headers = {
            "Content-Type": declared.content_type,
            "x-amz-checksum-sha256": declared.sha256_base64,
            "x-amz-sdk-checksum-algorithm": "SHA256",
        }
        return UploadSlot(url, "PUT", expires_at, headers=headers)

    def _post_slot(
        self, bucket: str, key: str, declared: Declared, expires_at: datetime
    ) -> UploadSlot:
        """A form whose policy fixes the type and the exact length (a POST cannot
        bind the SHA-256: confirmation checks it)."""
        post = self._client.generate_presigned_post(
            bucket,
            key,
            Fields={"Content-Type": declared.content_type},
            Conditions=[
                {"Content-Type": declared.content_type},
                ["content-length-range", declared.size, declared.size],
            ],
            ExpiresIn=seconds_until(expires_at),
        )
        return UploadSlot(post["url"], "POST", expires_at, fields=post["fields"])

    def stat(self, area: Area, key: str) -> Stat | None:
        bucket, full = self._where(area, key)
        try:
            with reached():
                head = self._client.head_object(Bucket=bucket, Key=full)
        except ClientError as error:
            if code_of(error) not in ABSENT:
                raise
            self._bucket_exists(bucket)  # a HEAD's 404 may mean either
            return None
        metadata = head.get("Metadata", {})
        return Stat(
            head["ContentLength"],
            head["ETag"],
            head["LastModified"],
            metadata.get("sha256"),
        )

    def chunks(self, area: Area, key: str, etag: str) -> Iterator[Chunk]:
        bucket, full = self._where(area, key)
        try:
            with reached():
                body = self._client.get_object(Bucket=bucket, Key=full, IfMatch=etag)[
                    "Body"
                ]
        except ClientError as error:
            if code_of(error) in ABSENT | PRECONDITION:
                raise BlobChanged(key) from None
            raise
        with reached(), body:
            yield from body.iter_chunks(CHUNK)

    def promote(self, name: str, etag: str, key: str, sha256: str) -> None:
        if self._holds(key, sha256):
            return
        source_bucket, source = self._where(Area.QUARANTINE, name)
        bucket, target = self._where(Area.EVIDENCE, key)
        try:
            with reached():
                self._client.copy_object(
                    Bucket=bucket,
                    Key=target,
                    CopySource={"Bucket": source_bucket, "Key": source},
                    CopySourceIfMatch=etag,  # the version verified, nothing newer
                    IfNoneMatch="*",  # never overwrite evidence
                    MetadataDirective="REPLACE",
                    Metadata={"sha256": sha256},
                )
        except ClientError as error:
            if code_of(error) not in ABSENT | PRECONDITION:
                raise
            if not self._holds(key, sha256):  # not a twin promoted meanwhile
                raise BlobChanged(name) from None

    def _holds(self, key: str, sha256: str) -> bool:
        found = self.stat(Area.EVIDENCE, key)
        if found is None:
            return False
        if found.sha256 != sha256:
            raise BlobConflict(key)
        return True

    def put(
        self, key: str, data: bytes, content_type: str, *, locked: bool = False
    ) -> bool:
        bucket, full = self._where(Area.EVIDENCE, key)
        retention: dict[str, Any] = {}
        if locked and self._lock is not None:
            until = datetime.now(UTC) + timedelta(days=self._lock.days)
            retention = {
                "ObjectLockMode": self._lock.mode,
                "ObjectLockRetainUntilDate": until,
            }
        try:
            with reached():
                self._client.put_object(
                    Bucket=bucket,
                    Key=full,
                    Body=data,
                    ContentType=content_type,
                    IfNoneMatch="*",
                    **retention,
                )
        except ClientError as error:
            if code_of(error) not in PRECONDITION:
                raise
            return False
        return True

    def download_url(
        self, key: str, expires_at: datetime, content_type: str, file_name: str
    ) -> str:
        bucket, full = self._where(Area.EVIDENCE, key)
        return self._client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": bucket,
                "Key": full,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition(file_name),
            },
            ExpiresIn=seconds_until(expires_at),
        )

    def uploads_before(self, cutoff: datetime) -> list[str]:
        place = self._places[Area.QUARANTINE]
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=place.bucket, Prefix=place.prefix
        )
        with reached():
            found = [
                (item["Key"].removeprefix(place.prefix), item["LastModified"])
                for page in pages
                for item in page.get("Contents", [])
            ]
        # Only names uploads can have: anything else there is not ours to delete.
        return sorted(n for n, at in found if at < cutoff and NAME.fullmatch(n))

    def discard(self, name: str) -> None:
        bucket, key = self._where(Area.QUARANTINE, name)
        with reached():
            self._client.delete_object(Bucket=bucket, Key=key)

    def check(self) -> None:
        for bucket in sorted({place.bucket for place in self._places.values()}):
            self._bucket_exists(bucket)

    def _bucket_exists(self, bucket: str) -> None:
        """Raises NoSuchBucket (a setting names a bucket that is not there)."""
        try:
            with reached():
                self._client.head_bucket(Bucket=bucket)
        except ClientError as error:
            if code_of(error) not in ABSENT:
                raise
            raise ClientError(
                {"Error": {"Code": "NoSuchBucket", "Message": f"no {bucket}"}},
                "HeadBucket",
            ) from error

    def _where(self, area: Area, key: str) -> tuple[str, str]:
        place = self._places[area]
        checked = checked_name(key) if area is Area.QUARANTINE else checked_key(key)
        return place.bucket, place.key(checked)


def disposition(file_name: str) -> str:
    """`inline`, with the display name as RFC 6266 allows any character in it."""
    return f"inline; filename*=UTF-8''{quote(file_name, safe='')}"
