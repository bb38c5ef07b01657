"""Sealing the log's tree head, and the proofs that let an auditor check one record
(or an older head) without the whole log."""

from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from storage import merkle
from storage.audit import AuditRecorder, links
from storage.chain import Link
from storage.seals import Seal, seal


def chain(recorder: AuditRecorder) -> list[Link]:
    return list(links(recorder))


def seal_log(recorder: AuditRecorder, key: Ed25519PrivateKey, at: datetime) -> Seal:
    """Signs the tree head over every link now in the chain, and stores the seal."""
    leaves = [link.leaf for link in chain(recorder)]
    made = seal(key, len(leaves), merkle.root(leaves), at)
    recorder.insert_seal(made.to_json())
    return made


def latest_seal(recorder: AuditRecorder) -> Seal | None:
    seals = [Seal.from_json(body) for body in recorder.select_seals()]
    return max(seals, key=lambda s: s.size, default=None)


@dataclass(frozen=True)
class Proof:
    """Link `position` is leaf `position - 1` of the tree of `size` leaves."""

    position: int
    size: int
    kind: str
    ref: str
    notification_id: int | None
    leaf: str  # hex
    root: str  # hex
    path: list[str]  # hex hashes, leaf to root (RFC 6962 audit path)
    seal: Seal | None  # the signed head of that size, when the proof is to a seal


def inclusion(recorder: AuditRecorder, position: int) -> Proof | None:
    """The proof of one link against the newest seal covering it (else the chain's
    current head, unsigned); None when the chain has no such position."""
    found = chain(recorder)
    if not 1 <= position <= len(found):
        return None
    newest = latest_seal(recorder)
    sealed = newest if newest and newest.size >= position else None
    leaves = [link.leaf for link in found[: sealed.size if sealed else len(found)]]
    link = found[position - 1]
    path = merkle.inclusion(position - 1, leaves)
    return Proof(
        position=position,
        size=len(leaves),
        kind=link.kind,
        ref=link.ref,
        notification_id=link.notification_id,
        leaf=link.leaf.hex(),
        root=merkle.root(leaves).hex(),
        path=[p.hex() for p in path],
        seal=sealed,
    )
