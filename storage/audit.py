"""Checking the whole log against its chain and its seals: the first position where
it breaks, and how (an event or receipt edited, removed, inserted or reordered, the
chain itself rewritten, the log truncated after a seal, a seal not ours)."""

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import Notification, StoredEvent

from storage.chain import (
    EVENT,
    GENESIS,
    Block,
    Entry,
    Link,
    chained,
    event_entry,
    receipt_entry,
)
from storage.merkle import Frontier, leaf_hash
from storage.nodes import LEVEL, Key, NodeRecorder
from storage.seals import Seal

PAGE = 5000
BLOCKS = 100  # blocks read at once (up to 256 links each)
EDITED, REMOVED, INSERTED, REORDERED = "edited", "removed", "inserted", "reordered"
REWRITTEN, TRUNCATED, FORGED = "chain rewritten", "truncated", "seal refused"


class AuditRecorder(NodeRecorder, Protocol):
    def select_blocks(self, after: int, limit: int) -> list[Block]: ...
    def select_receipt_rows(self) -> list[tuple[Any, ...]]: ...
    def insert_seal(self, body: str) -> None: ...
    def select_seals(self) -> list[str]: ...
    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]: ...


@dataclass(frozen=True, order=True)
class Break:
    position: int  # in the chain (1-based); an inserted row: where it would stand
    how: str = field(compare=False)
    what: str = field(compare=False)

    def __str__(self) -> str:
        return f"position {self.position}: {self.how}: {self.what}"


@dataclass
class Report:
    entries: int = 0
    events: int = 0
    receipts: int = 0
    seals: int = 0
    stored_bytes: int = 0
    root: bytes = b""
    breaks: list[Break] = field(default_factory=list)

    def tally(self, link: Link, entry: Entry | None) -> None:
        self.entries += 1
        self.events += link.kind == EVENT
        self.receipts += link.kind != EVENT
        self.stored_bytes += len(entry.data) if entry else 0

    @property
    def first(self) -> Break | None:
        return min(self.breaks) if self.breaks else None


def blocks(recorder: AuditRecorder) -> Iterator[Block]:
    after = 0
    while page := recorder.select_blocks(after, BLOCKS):
        yield from page
        after = page[-1].position


def links(recorder: AuditRecorder) -> Iterator[Link]:
    for block in blocks(recorder):
        yield from block.links()


def stored_rows(recorder: AuditRecorder) -> dict[str, Entry]:
    """Every event and receipt as stored now, by the ref a link names it with."""
    found: dict[str, Entry] = {}
    start = 0
    while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
        for n in page:
            event = StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            entry = event_entry(n.id, event)
            found[entry.ref] = entry
        start = page[-1].id
    for row in recorder.select_receipt_rows():
        entry = receipt_entry(row)
        found[entry.ref] = entry
    return found


def check_row(link: Link, entry: Entry | None) -> Break | None:
    what = f"{link.kind} {link.ref}"
    if link.notification_id is not None:
        what += f" (log position {link.notification_id})"
    if entry is None:
        return Break(link.position, REMOVED, f"{what} is no longer stored")
    if entry.notification_id != link.notification_id:
        moved = f"now at log position {entry.notification_id}"
        return Break(link.position, REORDERED, f"{what} is {moved}")
    if leaf_hash(entry.data) != link.leaf:
        return Break(link.position, EDITED, f"{what}: its stored bytes changed")
    return None


def verify(
    recorder: AuditRecorder,
    key: Ed25519PublicKey | None,
    outside: Sequence[str] = (),
) -> Report:
    """The whole log against the chain and the seals (those `key` signed), the
    database's and those published `outside` it."""
    rows, report = stored_rows(recorder), Report()
    seals = all_seals(recorder, outside, report)
    signed = [s for s in seals if key is not None and s.signed_by(key)]
    tree, head, expected = Grown(signed), GENESIS, 1
    for block in blocks(recorder):
        report.breaks += walk(block, expected, head)
        head, expected = block.head, max(block.last, block.position) + 1
        for link in block.links():
            entry = rows.pop(link.ref, None)
            report.tally(link, entry)
            if row := check_row(link, entry):
                report.breaks.append(row)
            report.breaks += tree.add(link)
    size = tree.frontier.size
    report.breaks += [truncated(s, size) for s in signed if s.size > size]
    report.breaks += [forged(s) for s in seals if s not in signed]
    report.breaks += inserted(rows.values(), sorted(tree.chained_ids), size)
    report.breaks += stored_nodes(recorder, tree.nodes)
    report.root, report.seals = tree.frontier.root(), len(signed)
    return report


@dataclass
class Grown:
    """The tree grown from the chain's leaves in one pass, checked against each
    seal at its size: the nodes it makes from CHUNK leaves up (to check the stored
    ones against), the events' places in the chain, the last size sealed right."""

    signed: list[Seal]
    frontier: Frontier = field(default_factory=Frontier)
    nodes: dict[Key, bytes] = field(default_factory=dict)
    chained_ids: list[tuple[int, int]] = field(default_factory=list)
    good: int = 0

    def add(self, link: Link) -> list[Break]:
        if link.notification_id is not None:
            self.chained_ids.append((link.notification_id, link.position))
        for height, node in self.frontier.append(link.leaf):
            if height >= LEVEL:
                self.nodes[height, (self.frontier.size >> height) - 1] = node
        found = []
        for seal in (s for s in self.signed if s.size == self.frontier.size):
            if self.frontier.root().hex() == seal.root:
                self.good = seal.size
            else:
                found.append(differs(seal, self.good))
        return found


def all_seals(
    recorder: AuditRecorder, outside: Sequence[str], report: Report
) -> list[Seal]:
    """The database's seals and those published outside it, by size; a published
    one gone from the database is named."""
    inside = list(map(Seal.from_json, recorder.select_seals()))
    kept = [s for s in map(Seal.from_json, outside) if s not in inside]
    report.breaks += [gone(s) for s in kept]
    return sorted(inside + kept, key=lambda s: s.size)


def stored_nodes(recorder: AuditRecorder, nodes: dict[Key, bytes]) -> list[Break]:
    """Each stored Merkle node that is not the hash of the links below it (proofs
    served from it would fail an auditor's check)."""
    keys, found = list(nodes), []
    for start in range(0, len(keys), PAGE):
        stored = recorder.select_nodes(keys[start : start + PAGE])
        for (level, index), node in stored.items():
            if node != nodes[level, index]:
                first, last = index << level, (index + 1) << level
                what = f"the stored Merkle node over links {first + 1} to {last}"
                found.append(Break(first + 1, REWRITTEN, what + " is not theirs"))
    return found


def walk(block: Block, expected: int, head: bytes) -> list[Break]:
    """A block against the one before it: where it starts, its head, its parts."""
    found: list[Break] = []
    if block.position > expected:
        gone = f"links {expected} to {block.position - 1} of the chain are missing"
        found.append(Break(expected, REMOVED, gone))
    elif block.position < expected:
        what = f"the block at position {block.position} overlaps the one before"
        found.append(Break(block.position, REWRITTEN, what))
    if not block.sound():
        what = f"the block at position {block.position} does not hold a leaf a ref"
        found.append(Break(block.position, REWRITTEN, what))
    if chained(head, block.leaves) != block.head:
        what = f"the head after links {block.position} to {block.last}"
        if len(block.refs) == 1:
            what = "the link's head"
        found.append(Break(block.position, REWRITTEN, what + " does not follow"))
    return found


def differs(seal: Seal, good: int) -> Break:
    what = f"links {good + 1} to {seal.size} differ from the seal of {seal.sealed_at}"
    return Break(good + 1, REWRITTEN, what)


def gone(seal: Seal) -> Break:
    what = f"the seal of {seal.sealed_at} (size {seal.size}) is published, not stored"
    return Break(seal.size, REMOVED, what)


def truncated(seal: Seal, size: int) -> Break:
    what = (
        f"the log holds {size} entries; the seal of {seal.sealed_at} held {seal.size}"
    )
    return Break(size + 1, TRUNCATED, what)


def forged(seal: Seal) -> Break:
    what = f"the seal of {seal.sealed_at} (size {seal.size}, key {seal.key_id})"
    return Break(seal.size, FORGED, what + " is not signed by the audit key")


def inserted(
    rows: Any, chained_ids: list[tuple[int, int]], size: int
) -> Iterator[Break]:
    for entry in rows:
        what = f"{entry.kind} {entry.ref} is stored but in no link of the chain"
        if entry.notification_id is None:
            yield Break(size + 1, INSERTED, what)
            continue
        at = bisect.bisect(chained_ids, (entry.notification_id, 0))
        position = chained_ids[at][1] if at < len(chained_ids) else size + 1
        yield Break(
            position, INSERTED, f"{what} (log position {entry.notification_id})"
        )
