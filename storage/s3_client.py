"""The S3 client, where evidence lies in a bucket and how it is locked, and how the
store's failures read."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from domain.services.blobs import StorageUnavailable

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
else:
    S3Client = Any

ABSENT = frozenset({"404", "NoSuchKey", "NotFound"})
PRECONDITION = frozenset({"412", "PreconditionFailed"})


@dataclass(frozen=True)
class Location:
    """A bucket and a key prefix within it (e.g. `quarantine/`)."""

    bucket: str
    prefix: str = ""

    def key(self, name: str) -> str:
        return self.prefix + name


@dataclass(frozen=True)
class Lock:
    """The Object Lock what is put `locked` gets: GOVERNANCE or COMPLIANCE, days."""

    mode: str
    days: int


def s3_client(
    endpoint_url: str = "",
    region: str = "us-east-1",
    *,
    path_style: bool = False,
    access_key: str | None = None,
    secret_key: str | None = None,
    timeouts: tuple[int, int] = (2, 8),
    attempts: int = 2,
) -> S3Client:
    """A boto3 S3 client; credentials from boto3's usual chain unless given.

    Each call gives up after `attempts` × (connect + read timeout) at worst."""
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if path_style else "auto"},
        retries={"total_max_attempts": attempts, "mode": "standard"},
        connect_timeout=timeouts[0],
        read_timeout=timeouts[1],
    )
    client: S3Client = boto3.client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=config,
    )
    return client


def code_of(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def reached() -> Iterator[None]:
    """The store's failures as StorageUnavailable; a client's mistakes pass through."""
    try:
        yield
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if status >= 500:
            raise StorageUnavailable(str(error)) from error
        raise
    except BotoCoreError as error:
        raise StorageUnavailable(str(error)) from error
