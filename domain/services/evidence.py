"""The evidence service: upload slots, verified confirmation, read URLs, reconciling.

It verifies bytes outside the aggregates, through the blob store and the image check
it is handed (`storage/` implements both), and records the verdict as a command.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from domain.app import SiteLedger
from domain.commands.evidence import (
    AttachEvidence,
    DeclareEvidence,
    RejectEvidence,
    ReportEvidenceMissing,
)
from domain.errors import ConcurrentWrite, InvalidValue, RuleBroken, StaleVersion
from domain.model.evidence import Claims, Evidence, Facts, MediaType, Status
from domain.services.blobs import (
    Area,
    BlobChanged,
    BlobStore,
    Declared,
    StorageUnavailable,
    UploadSlot,
    evidence_key,
    thumbnail_key,
)
from domain.services.images import ImageCheck, Unacceptable
from domain.values import OPERATOR, Meta

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
Verdict = AttachEvidence | RejectEvidence


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Policy:
    """The limits an operator sets (see `api/settings.py`)."""

    max_bytes: int = 25 << 20
    allowed_types: frozenset[MediaType] = frozenset(MediaType)
    url_ttl: timedelta = timedelta(minutes=15)
    grace: timedelta = timedelta(days=1)


@dataclass(frozen=True)
class Link:
    """A short-lived URL to read an object."""

    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Reconciled:
    """What a reconciler run did."""

    removed: list[str] = field(default_factory=list)  # abandoned uploads
    missing: list[UUID] = field(default_factory=list)  # evidence whose object is gone


class EvidenceService:
    def __init__(
        self,
        ledger: SiteLedger,
        blobs: BlobStore,
        policy: Policy,
        check: ImageCheck,
        clock: Clock = utc_now,
    ) -> None:
        self.ledger, self.blobs, self.policy, self._clock = ledger, blobs, policy, clock
        self._check = check

    @property
    def _allowed(self) -> frozenset[str]:
        return frozenset(t.value for t in self.policy.allowed_types)

    def admit(self, command: DeclareEvidence | Evidence) -> None:
        """Refuses a declaration over the configured limits before it is recorded.

        A declaration synced from offline is recorded all the same; it gets no
        upload slot, and confirmation refuses it."""
        if command.size > self.policy.max_bytes:
            limit = self.policy.max_bytes
            raise InvalidValue("size", f"must be at most {limit} bytes")
        if command.content_type not in self.policy.allowed_types:
            allowed = ", ".join(sorted(t.value for t in self.policy.allowed_types))
            raise InvalidValue("content_type", f"must be one of {allowed}")

    def slot(self, evidence: Evidence, *, form: bool = False) -> UploadSlot:
        """Where the phone uploads the declared bytes, for a short while."""
        if evidence.status is Status.ATTACHED:
            raise RuleBroken("the evidence is attached already: nothing to upload")
        try:
            self.admit(evidence)
        except InvalidValue as over:
            raise RuleBroken(
                f"nothing may be uploaded: the declared {over.field} {over.message}"
            ) from None
        return self.blobs.upload_slot(
            evidence.upload_name,
            declared(evidence),
            self._clock() + self.policy.url_ttl,
            form=form,
        )

    def confirm(self, evidence_id: UUID, meta: Meta, scope: str = "") -> Evidence:
        """Verifies the upload and records the verdict; once attached, nothing more."""
        evidence = self.ledger.load(Evidence, evidence_id, scope=scope)
        if evidence.status is Status.ATTACHED:
            return evidence
        verdict = self._verdict(evidence)
        if isinstance(verdict, RejectEvidence) and evidence.rejection == verdict.reason:
            return evidence  # refused for the same reason already
        try:
            self.ledger.execute(verdict, meta, evidence.version, scope)
        except (StaleVersion, ConcurrentWrite):
            current = self.ledger.load(Evidence, evidence_id, scope=scope)
            if current.status is Status.ATTACHED:
                return current  # another confirmation got there first
            raise ConcurrentWrite(f"evidence {evidence_id} changed meanwhile") from None
        if isinstance(verdict, AttachEvidence):
            self._discard(evidence.upload_name)
        return self.ledger.load(Evidence, evidence_id, scope=scope)

    def _discard(self, name: str) -> None:
        """Removes a promoted upload; if the store fails now, the reconciler will."""
        try:
            self.blobs.discard(name)
        except StorageUnavailable as error:
            log.warning("upload %s stays in quarantine: %s", name, error)

    def _verdict(self, evidence: Evidence) -> Verdict:
        try:
            facts, claims = self._verify(evidence)
        except Unacceptable as refused:
            return RejectEvidence(evidence_id=evidence.id, reason=refused.reason)
        return AttachEvidence(evidence_id=evidence.id, facts=facts, claims=claims)

    def _verify(self, evidence: Evidence) -> tuple[Facts, Claims]:
        """Checks the upload, then promotes it; Unacceptable with the reason if not."""
        name, limit = evidence.upload_name, self.policy.max_bytes
        found = self.blobs.stat(Area.QUARANTINE, name)
        if found is None:
            raise Unacceptable("nothing has been uploaded")
        if found.size > limit:
            raise Unacceptable(f"the upload is larger than the limit of {limit} bytes")
        if found.size != evidence.size:
            raise Unacceptable(f"the upload is {found.size} bytes, not {evidence.size}")
        key = evidence_key(evidence.sha256)
        try:
            chunks = self.blobs.chunks(Area.QUARANTINE, name, found.etag)
            seen = self._check(chunks, declared(evidence), self._allowed, limit)
            self.blobs.promote(name, found.etag, key, evidence.sha256)
        except BlobChanged:
            raise Unacceptable("the upload changed while it was checked") from None
        thumbnail = None
        if seen.thumbnail is not None:
            thumbnail = thumbnail_key(evidence.sha256)
            self.blobs.put(thumbnail, seen.thumbnail, "image/jpeg")
        sniffed = MediaType(seen.content_type)
        facts = Facts(sniffed, seen.width, seen.height, key, thumbnail)
        return facts, seen.claims

    def link(self, evidence: Evidence, *, thumbnail: bool = False) -> Link:
        """A short-lived URL to the original, or to its thumbnail."""
        facts = evidence.facts
        if evidence.status is not Status.ATTACHED or facts is None:
            raise RuleBroken(f"evidence that is {evidence.status.value} has no content")
        key = facts.thumbnail_key if thumbnail else facts.key
        if key is None:
            raise RuleBroken(f"{facts.content_type.value} evidence has no thumbnail")
        expires_at = self._clock() + self.policy.url_ttl
        content_type = "image/jpeg" if thumbnail else facts.content_type.value
        stem = evidence.file_name.rsplit(".", 1)[0]
        name = f"{stem}-thumbnail.jpg" if thumbnail else evidence.file_name
        url = self.blobs.download_url(key, expires_at, content_type, name)
        return Link(url, expires_at)

    def reconcile(
        self, attached: Iterable[UUID], meta: Callable[[], Meta] | None = None
    ) -> Reconciled:
        """Removes uploads older than the grace period (confirmed ones were removed
        on confirmation) and records attached evidence whose object is gone."""
        meta = meta or reconciler_meta
        done = Reconciled()
        for name in self.blobs.uploads_before(self._clock() - self.policy.grace):
            self.blobs.discard(name)
            done.removed.append(name)
        for evidence_id in attached:
            evidence = self.ledger.load(Evidence, evidence_id)
            facts = evidence.facts
            if evidence.status is not Status.ATTACHED or facts is None:
                continue
            if self.blobs.stat(Area.EVIDENCE, facts.key) is None:
                missing = ReportEvidenceMissing(evidence_id=evidence_id)
                try:
                    self.ledger.execute(missing, meta(), evidence.version)
                except (StaleVersion, ConcurrentWrite):
                    continue  # changed meanwhile: the next run looks again
                done.missing.append(evidence_id)
        return done


def reconciler_meta() -> Meta:
    """What the reconciler signs the evidence it finds missing with."""
    return Meta(OPERATOR, uuid4(), "reconciler", datetime.now(UTC))


def declared(evidence: Evidence) -> Declared:
    return Declared(evidence.sha256, evidence.size, evidence.content_type.value)
