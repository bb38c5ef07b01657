"""A verified photo's SHA-256 is in the chained events, so a bundle proves which bytes
each photo had: the standalone verifier names the evidence a photo file is, and finds
none for a photo with one byte changed."""

import json
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.services.evidence import EvidenceService, Policy
from storage.bundle import export
from storage.eventstore import open_ledger
from storage.images import verify
from storage.proofs import seal_log
from storage.seals import public_text
from tests.api.test_audit_bundle import VERIFIER, check
from tests.factories import a_county, a_visit_in_progress
from tests.photos import jpeg_from_phone
from tests.storage.backends import LocalBackend
from tests.storage.desk import LIMIT, Desk, attached


def test_the_verifier_names_the_evidence_each_photo_is(
    sqlite_url: str, tmp_path: Path
) -> None:
    key, photo = Ed25519PrivateKey.generate(), jpeg_from_phone()
    with open_ledger(sqlite_url) as app:
        backend = LocalBackend(tmp_path / "store")
        service = EvidenceService(app, backend.store, Policy(max_bytes=LIMIT), verify)
        desk = Desk(app, backend, service, a_visit_in_progress(app, a_county(app)))
        evidence = attached(desk, photo)
        seal_log(app.recorder, key, datetime.now(UTC))  # type: ignore[arg-type]
        bundle = export(app.recorder)  # type: ignore[arg-type]
    (tmp_path / "bundle.json").write_text(json.dumps(bundle))
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "site.jpg").write_bytes(photo.body)
    (photos / "edited.jpg").write_bytes(photo.body[:-1] + b"\x00")
    checked = check(tmp_path / "bundle.json", public_text(key.public_key()), photos)
    assert checked.returncode == 0, checked.stderr
    assert f"photo site.jpg: sha256 {photo.sha256}: evidence {evidence.id.hex}" in (
        checked.stdout
    )
    assert "photo edited.jpg" in checked.stdout
    assert "no attached evidence in this bundle" in checked.stdout
    assert VERIFIER.exists()
