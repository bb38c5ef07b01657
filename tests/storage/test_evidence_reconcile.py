"""Reconciling the evidence store with the ledger, on every blob store."""

from datetime import UTC, datetime, timedelta

from domain.model.evidence import Status
from domain.services.blobs import Area, BlobStore, StorageUnavailable
from domain.services.evidence import EvidenceService
from storage.images import verify
from tests.factories import meta
from tests.photos import heic_from_phone, jpeg_from_phone, pdf
from tests.storage.desk import Desk, attached


def test_reconciling_removes_abandoned_uploads_and_records_lost_objects(
    desk: Desk,
) -> None:
    kept = attached(desk, jpeg_from_phone())
    lost = attached(desk, pdf())
    abandoned = desk.declare(heic_from_phone())
    desk.upload(abandoned, heic_from_phone().body)
    assert lost.facts is not None
    desk.backend.remove(lost.facts.key)
    later = datetime.now(UTC) + desk.service.policy.grace + timedelta(minutes=1)
    reconciler = EvidenceService(
        desk.app, desk.backend.store, desk.service.policy, verify, lambda: later
    )
    everything = [kept.id, lost.id, abandoned]
    done = reconciler.reconcile(everything, meta)
    assert (done.removed, done.missing) == ([str(abandoned)], [lost.id])
    assert desk.load(lost.id).status is Status.MISSING
    assert desk.load(kept.id).status is Status.ATTACHED
    assert desk.backend.store.stat(Area.QUARANTINE, str(abandoned)) is None
    again = reconciler.reconcile(everything, meta)
    assert (again.removed, again.missing) == ([], [])


def test_a_fresh_upload_survives_reconciling(desk: Desk) -> None:
    photo = jpeg_from_phone()
    waiting = desk.declare(photo)
    desk.upload(waiting, photo.body)
    assert desk.service.reconcile([], meta).removed == []
    assert desk.confirm(waiting).status is Status.ATTACHED


class Stuck:
    """A store that fails to delete: the promoted upload stays in quarantine."""

    def __init__(self, store: BlobStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def discard(self, name: str) -> None:
        raise StorageUnavailable("the store is slow today")


def test_an_upload_left_in_quarantine_after_confirmation_is_reconciled(
    desk: Desk,
) -> None:
    photo = jpeg_from_phone()
    evidence_id = desk.declare(photo)
    desk.upload(evidence_id, photo.body)
    store = Stuck(desk.backend.store)
    stuck = EvidenceService(desk.app, store, desk.service.policy, verify)  # type: ignore[arg-type]
    assert stuck.confirm(evidence_id, meta()).status is Status.ATTACHED
    assert desk.backend.store.stat(Area.QUARANTINE, str(evidence_id)) is not None
    later = datetime.now(UTC) + desk.service.policy.grace + timedelta(minutes=1)
    reconciler = EvidenceService(
        desk.app, desk.backend.store, desk.service.policy, verify, lambda: later
    )
    assert reconciler.reconcile([evidence_id], meta).removed == [str(evidence_id)]
    assert desk.load(evidence_id).status is Status.ATTACHED
