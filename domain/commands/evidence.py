"""Commands of evidence: a phone declares it; the server attaches, rejects or misses it.

Only `DeclareEvidence` is a client's command. The others record what the server
itself verified (the bytes, outside the domain) and are never taken from a client.
"""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.errors import InvalidValue
from domain.model.evidence import (
    Claims,
    Evidence,
    Facts,
    MediaType,
    Owner,
    display_name,
)
from domain.model.issue import Issue
from domain.model.visit import Visit
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class DeclareEvidence(Command, wire="DeclareEvidence"):
    evidence_id: UUID
    owner: Owner
    owner_id: UUID
    item_id: str | None = None
    sha256: str
    size: int
    content_type: MediaType
    file_name: str = ""

    @property
    def target_id(self) -> UUID:
        return self.evidence_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.evidence_id, "evidence_id")
        owner = self._owner(unit)
        return unit.add(
            Evidence.declare(
                id=self.evidence_id,
                meta=meta,
                jurisdiction=owner.jurisdiction,
                owner=self.owner,
                owner_id=self.owner_id,
                item_id=self.item_id,
                sha256=self.sha256.lower() if isinstance(self.sha256, str) else "",
                size=self.size,
                content_type=self.content_type,
                file_name=display_name(self.file_name),
            )
        )

    def _owner(self, unit: Unit) -> Visit | Issue:
        """What the evidence belongs to, which it takes its jurisdiction from."""
        if self.owner is Owner.ISSUE:
            return unit.get(Issue, self.owner_id, to_change=True)
        visit = unit.get(Visit, self.owner_id, to_change=True)
        if self.owner is Owner.ANSWER and all(
            item.item_id != self.item_id for item in visit.items
        ):
            raise InvalidValue("item_id", "is not on this visit's checklist")
        return visit


@dataclass(frozen=True, kw_only=True)
class EvidenceChange(Change[Evidence]):
    kind: ClassVar[type[Aggregate]] = Evidence
    evidence_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.evidence_id


@dataclass(frozen=True, kw_only=True)
class AttachEvidence(EvidenceChange, wire="AttachEvidence"):
    facts: Facts
    claims: Claims

    def apply(self, evidence: Evidence, meta: Meta) -> None:
        evidence.attach(meta, self.facts, self.claims)


@dataclass(frozen=True, kw_only=True)
class RejectEvidence(EvidenceChange, wire="RejectEvidence"):
    reason: str

    def apply(self, evidence: Evidence, meta: Meta) -> None:
        evidence.reject(meta, self.reason)


@dataclass(frozen=True, kw_only=True)
class ReportEvidenceMissing(EvidenceChange, wire="ReportEvidenceMissing"):
    def apply(self, evidence: Evidence, meta: Meta) -> None:
        evidence.report_missing(meta)
