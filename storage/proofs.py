"""Sealing the log's tree head, and the proofs that let an auditor check one record
(or an older head) without the whole log."""

from datetime import datetime

from storage.audit import AuditRecorder, links
from storage.chain import Link
from storage.nodes import StoredTree, grow
from storage.seals import Seal, Signer, seal


def chain(recorder: AuditRecorder) -> list[Link]:
    return list(links(recorder))


def seal_log(recorder: AuditRecorder, key: Signer, at: datetime) -> Seal:
    """Signs the tree head over every link now in the chain, and stores the seal;
    the stored nodes grow first, so the head costs the links since the last seal."""
    grow(recorder)
    size = recorder.chain_size()
    made = seal(key, size, StoredTree(recorder, size, ()).root(), at)
    recorder.insert_seal(made.to_json())
    return made


def latest_seal(recorder: AuditRecorder) -> Seal | None:
    seals = [Seal.from_json(body) for body in recorder.select_seals()]
    return max(seals, key=lambda s: s.size, default=None)
