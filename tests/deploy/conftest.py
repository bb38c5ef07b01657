"""The Lambda functions on a fresh PostgreSQL schema whose tables a migration made."""

from collections.abc import Iterator

import pytest

from api.aws import handlers
from tests.deploy.events import Lambda, reset
from tests.storage.servers import moto_server


@pytest.fixture
def aws(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lambda]:
    functions = Lambda(postgres_url, monkeypatch)
    handlers.migrate({}, None)
    yield functions
    reset()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 over HTTP on 127.0.0.1, with the quarantine and evidence buckets."""
    with moto_server() as endpoint:
        yield endpoint
