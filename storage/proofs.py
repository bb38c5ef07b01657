"""Sealing the log's tree head, and the proofs that let an auditor check one record
(or an older head) without the whole log."""

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
