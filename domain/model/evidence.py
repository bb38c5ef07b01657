"""Photo evidence (现场照片): declared by a phone, attached once the server verified it."""

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MAX_SIZE = 1 << 30  # a sanity bound; the configured limit is far lower
UNNAMED = "evidence"


class MediaType(Enum):
    """The kinds of file accepted as evidence."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    HEIC = "image/heic"
    HEIF = "image/heif"  # the same container as HEIC, as some phones name it
    PDF = "application/pdf"


class Owner(Enum):
    """What a piece of evidence belongs to."""

    VISIT = "visit"
    ANSWER = "answer"  # a checklist item's answer on a visit
    ISSUE = "issue"
    SIGNATURE = "signature"  # the representative's signature on a visit


class Status(Enum):
    DECLARED = "declared"
    ATTACHED = "attached"
    REJECTED = "rejected"
    MISSING = "missing"


@dataclass(frozen=True)
class Claims:
    """What the file's EXIF says: the device's claims, easy to edit, never proof."""

    taken_at: str | None  # ISO 8601, with an offset only where EXIF gives one
    lat: float | None
    lon: float | None
    make: str | None
    model: str | None


NO_CLAIMS = Claims(None, None, None, None, None)


@dataclass(frozen=True)
class Facts:
    """What the server established from the bytes themselves."""

    content_type: MediaType  # sniffed from the bytes
    width: int | None
    height: int | None
    key: str  # content-addressed, in the evidence store
    thumbnail_key: str | None


class Evidence(Aggregate):
    """A photo or a PDF, proof of a visit, an answer, a signature or a fix."""

    class Declared(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        owner: Owner
        owner_id: UUID
        item_id: str | None
        sha256: str
        size: int
        content_type: MediaType
        file_name: str

    @event(Declared)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        owner: Owner,
        owner_id: UUID,
        item_id: str | None,
        sha256: str,
        size: int,
        content_type: MediaType,
        file_name: str,
    ) -> None:
        self.jurisdiction = jurisdiction
        self.owner = owner
        self.owner_id = owner_id
        self.item_id = item_id
        self.sha256 = sha256
        self.size = size
        self.content_type = content_type
        self.file_name = file_name
        self.status = Status.DECLARED
        self.facts: Facts | None = None
        self.claims: Claims | None = None
        self.rejection: str | None = None

    @classmethod
    def declare(cls, *, id: UUID, meta: Meta, **facts: Any) -> "Evidence":
        """Checks what the phone declares (the fields of `Declared`) and records it."""
        if not isinstance(facts["sha256"], str) or not SHA256_HEX.fullmatch(
            facts["sha256"]
        ):
            raise InvalidValue("sha256", "must be 64 lowercase hex digits")
        if not 0 < facts["size"] <= MAX_SIZE:
            raise InvalidValue("size", f"must be 1 to {MAX_SIZE} bytes")
        if not isinstance(facts["content_type"], MediaType):
            raise InvalidValue("content_type", "must be JPEG, PNG, WebP, HEIC or PDF")
        if (facts["owner"] is Owner.ANSWER) != (facts["item_id"] is not None):
            raise InvalidValue("item_id", "is given exactly for a checklist answer")
        return cls(id=id, meta=meta, **facts)

    @property
    def upload_name(self) -> str:
        """Its upload's name in quarantine."""
        return str(self.id)

    # Verification ----------------------------------------------------------------

    class Attached(Aggregate.Event):
        meta: Meta
        facts: Facts
        claims: Claims

    def attach(self, meta: Meta, facts: Facts, claims: Claims) -> None:
        """Records what the server verified: the bytes are the declared ones."""
        self._require({Status.DECLARED, Status.REJECTED, Status.MISSING}, "attach")
        if not isinstance(facts.content_type, MediaType):
            raise InvalidValue("content_type", "is not a type of evidence")
        self._attached(meta=meta, facts=facts, claims=claims)

    @event(Attached)
    def _attached(self, meta: Meta, facts: Facts, claims: Claims) -> None:
        self.status = Status.ATTACHED
        self.facts = facts
        self.claims = claims
        self.rejection = None

    class Rejected(Aggregate.Event):
        meta: Meta
        reason: str

    def reject(self, meta: Meta, reason: str) -> None:
        """Records why an upload was refused; the phone may upload and confirm again."""
        self._require({Status.DECLARED, Status.REJECTED}, "reject")
        self._rejected(meta=meta, reason=rules.REJECTION.check("reason", reason))

    @event(Rejected)
    def _rejected(self, meta: Meta, reason: str) -> None:
        self.status = Status.REJECTED
        self.rejection = reason

    class Missing(Aggregate.Event):
        meta: Meta
        key: str

    def report_missing(self, meta: Meta) -> None:
        """The reconciler found the stored object gone."""
        self._require({Status.ATTACHED}, "report missing")
        assert self.facts is not None  # attached evidence has its facts
        self._missing(meta=meta, key=self.facts.key)

    @event(Missing)
    def _missing(self, meta: Meta, key: str) -> None:
        self.status = Status.MISSING

    def _require(self, allowed: set[Status], action: str) -> None:
        if self.status not in allowed:
            raise RuleBroken(f"cannot {action} evidence that is {self.status.value}")


def display_name(name: str) -> str:
    """The file's name as the phone gave it, to show (empty: a generic one).

    Never used as a path: one that looks like one, or hides control or
    bidirectional characters, is refused."""
    if name == "":
        return UNNAMED
    rules.FILE_NAME.check("file_name", name)
    if any(sep in name for sep in "/\\") or not name.strip(". "):
        raise InvalidValue("file_name", "must be a file's name, not a path")
    return name


STORED_TYPES = (MediaType, Owner, Status, Claims, Facts)
