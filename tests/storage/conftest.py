"""Every blob store in turn: the local folder, moto's S3 and SeaweedFS, over HTTP."""

from pathlib import Path

import pytest

from domain.app import SiteLedger
from domain.services.evidence import EvidenceService, Policy
from storage.images import verify
from tests.factories import a_county, a_visit_in_progress
from tests.storage.backends import Backend, LocalBackend, S3Backend
from tests.storage.desk import LIMIT, Desk


def backend_named(name: str, request: pytest.FixtureRequest, folder: Path) -> Backend:
    if name == "local":
        return LocalBackend(folder)
    endpoint: str = request.getfixturevalue(f"{name}_endpoint")
    return S3Backend(name, endpoint)


@pytest.fixture(params=["local", "moto", "seaweedfs"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each store in turn: the contract holds on all of them."""
    return backend_named(request.param, request, tmp_path)


@pytest.fixture(params=["local", "seaweedfs"])
def enforcing_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The stores that enforce what an upload URL is signed for (moto checks no
    presigned URL and no copy precondition)."""
    return backend_named(request.param, request, tmp_path)


@pytest.fixture
def desk(app: SiteLedger, backend: Backend) -> Desk:
    service = EvidenceService(app, backend.store, Policy(max_bytes=LIMIT), verify)
    return Desk(app, backend, service, a_visit_in_progress(app, a_county(app)))
