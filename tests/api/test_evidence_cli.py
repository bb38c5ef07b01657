"""`siteledger evidence reconcile` on a SQLite store and a local evidence folder."""

import io
import os
import time
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from click.testing import CliRunner, Result

from api.cli import main
from api.evidence import open_evidence
from api.settings import Settings
from domain.commands.evidence import DeclareEvidence
from domain.model.evidence import Evidence, MediaType, Owner, Status
from domain.services.blobs import Area
from storage.localblobs import LocalBlobStore
from tests.factories import a_county, a_visit_in_progress, meta
from tests.photos import Photo, jpeg_from_phone, pdf

SECRET = "a-test-secret-long-enough-for-hs256-signatures"
DAY = 86400


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path}/events.sqlite3",
        jwt_secret=SECRET,
        evidence_folder=str(tmp_path / "evidence"),
    )


def env_of(settings: Settings) -> dict[str, str]:
    return {
        "SITELEDGER_DATABASE_URL": settings.database_url,
        "SITELEDGER_JWT_SECRET": settings.jwt_secret,
        "SITELEDGER_EVIDENCE_FOLDER": settings.evidence_folder,
    }


def uploaded(settings: Settings, visit_id: UUID, photo: Photo) -> UUID:
    """Declared and uploaded through the slot, not yet confirmed."""
    evidence_id = uuid4()
    with settings.open_ledger() as ledger:
        ledger.execute(
            DeclareEvidence(
                evidence_id=evidence_id,
                owner=Owner.VISIT,
                owner_id=visit_id,
                sha256=photo.sha256,
                size=photo.size,
                content_type=MediaType(photo.content_type),
            ),
            meta(),
        )
        service = open_evidence(settings, ledger)
        store = service.blobs
        assert isinstance(store, LocalBlobStore)
        slot = service.slot(ledger.load(Evidence, evidence_id))
        grant = store.grant(slot.url.rsplit("/", 1)[-1], form=False)
        store.receive(grant, photo.content_type, io.BytesIO(photo.body))
    return evidence_id


def reconcile(settings: Settings) -> Result:
    result = CliRunner().invoke(main, ["evidence", "reconcile"], env=env_of(settings))
    assert result.exit_code == 0, result.output
    return result


def test_reconcile_cleans_abandoned_uploads_and_records_lost_objects(
    settings: Settings,
) -> None:
    with settings.open_ledger() as ledger:
        visit_id = a_visit_in_progress(ledger, a_county(ledger))
    kept = uploaded(settings, visit_id, jpeg_from_phone())
    lost = uploaded(settings, visit_id, pdf())
    abandoned = uploaded(settings, visit_id, jpeg_from_phone())
    with settings.open_ledger() as ledger:
        service = open_evidence(settings, ledger)
        for evidence_id in (kept, lost):
            assert service.confirm(evidence_id, meta()).status is Status.ATTACHED
        lost_key = ledger.load(Evidence, lost).facts.key  # type: ignore[union-attr]
    folder = Path(settings.evidence_folder)
    (folder / Area.EVIDENCE.value / lost_key).unlink()
    upload = folder / Area.QUARANTINE.value / str(abandoned)
    long_ago = time.time() - 2 * DAY
    os.utime(upload, (long_ago, long_ago))

    first = reconcile(settings)
    assert f"removed upload {abandoned}: never confirmed" in first.stdout
    assert f"evidence {lost}: its stored object is missing" in first.stdout
    assert "1 abandoned uploads removed, 1 missing objects recorded." in first.stdout
    assert not upload.exists()
    with settings.open_ledger() as ledger:
        assert ledger.load(Evidence, lost).status is Status.MISSING
        assert ledger.load(Evidence, kept).status is Status.ATTACHED

    second = reconcile(settings)
    assert second.stdout == "0 abandoned uploads removed, 0 missing objects recorded.\n"
