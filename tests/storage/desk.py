"""Evidence confirmed on one blob store: the service, a visit, and what a test does."""

from dataclasses import dataclass
from uuid import UUID, uuid4

from domain.app import SiteLedger
from domain.commands.evidence import DeclareEvidence
from domain.model.evidence import Evidence, MediaType, Owner
from domain.services.blobs import Area
from domain.services.evidence import EvidenceService
from tests.factories import meta
from tests.photos import Photo
from tests.storage.backends import Backend

LIMIT = 1 << 20


@dataclass
class Desk:
    """The service on one store, and a visit to attach evidence to."""

    app: SiteLedger
    backend: Backend
    service: EvidenceService
    visit_id: UUID

    def declare(self, photo: Photo, size: int | None = None) -> UUID:
        evidence_id = uuid4()
        command = DeclareEvidence(
            evidence_id=evidence_id,
            owner=Owner.VISIT,
            owner_id=self.visit_id,
            sha256=photo.sha256,
            size=photo.size if size is None else size,
            content_type=MediaType(photo.content_type),
            file_name=photo.file_name,
        )
        self.app.execute(command, meta())
        return evidence_id

    def upload(self, evidence_id: UUID, body: bytes, *, form: bool = False) -> int:
        slot = self.service.slot(self.load(evidence_id), form=form)
        return self.backend.upload(slot, body)

    def confirm(self, evidence_id: UUID) -> Evidence:
        return self.service.confirm(evidence_id, meta())

    def load(self, evidence_id: UUID) -> Evidence:
        return self.app.load(Evidence, evidence_id)

    def stored(self, key: str) -> bytes | None:
        store = self.backend.store
        found = store.stat(Area.EVIDENCE, key)
        if found is None:
            return None
        return b"".join(store.chunks(Area.EVIDENCE, key, found.etag))

    def events(self, evidence_id: UUID) -> list[str]:
        return [type(e).__qualname__ for e in self.app.history(evidence_id)]


def attached(desk: Desk, photo: Photo) -> Evidence:
    evidence_id = desk.declare(photo)
    assert desk.upload(evidence_id, photo.body) in (200, 204)
    return desk.confirm(evidence_id)
