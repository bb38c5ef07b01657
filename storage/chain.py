"""The hash chain over the log: one link a stored event or receipt, in the order they
were committed, each holding the hash of its stored bytes; a transaction's links are
stored as one block, with the chain's head after them.

A leaf is the stored row itself, field by field (each length-prefixed), so the
standalone verifier rebuilds it from an exported row without any of this code."""

import hashlib
import struct
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from storage.merkle import leaf_hash

GENESIS = bytes(32)
EVENT, RECEIPT = "event", "receipt"
LEAF = 32  # the bytes of a leaf hash
MOST = 256  # links a block holds at most (a bigger transaction writes several)


class Link(NamedTuple):
    """Position `position` (1-based) of the chain: what it covers and its leaf."""

    position: int
    kind: str  # EVENT or RECEIPT
    ref: str  # an event's "originator_id:version", a receipt's command id (hex)
    notification_id: int | None  # an event's place in the log
    leaf: bytes  # RFC 6962 leaf hash of the row's bytes


class Block(NamedTuple):
    """Links written in one transaction, stored as one row. The chain's head after
    them is SHA-256 of the head before and their leaf hashes, in order: a block of
    one link is a link as earlier releases stored it, head and all."""

    position: int  # its first link's
    refs: list[str]  # the events' refs in log order, then the receipts'
    ids: list[int]  # the events' log positions
    leaves: bytes  # LEAF bytes a link
    head: bytes

    @property
    def last(self) -> int:
        return self.position + len(self.refs) - 1

    def sound(self) -> bool:
        """A leaf a ref, and a log position for each of the first refs (events)."""
        counts = len(self.leaves) == LEAF * len(self.refs) and self.refs
        return bool(counts) and len(self.ids) <= len(self.refs)

    def links(self) -> Iterator[Link]:
        for i, ref in enumerate(self.refs):
            event = i < len(self.ids)
            leaf = self.leaves[i * LEAF : (i + 1) * LEAF]
            nid = self.ids[i] if event else None
            yield Link(self.position + i, EVENT if event else RECEIPT, ref, nid, leaf)


class Entry(NamedTuple):
    """A row as stored, about to be chained (or read back to be checked)."""

    kind: str
    ref: str
    notification_id: int | None
    data: bytes


LENGTH = struct.Struct(">I").pack
IDS = struct.Struct(">q")


@lru_cache(maxsize=1024)
def constant(text: str) -> bytes:
    """A field whose value repeats (a kind, a topic), encoded once."""
    value = text.encode()
    return LENGTH(len(value)) + value


def hexed(value: UUID | str) -> str:
    if isinstance(value, UUID):
        return value.hex
    return value if len(value) == 32 else UUID(value).hex


def event_entry(notification_id: int, event: StoredEvent) -> Entry:
    originator, version = hexed(event.originator_id), event.originator_version
    nid, number, state = (
        str(notification_id).encode(),
        str(version).encode(),
        raw(event.state),
    )
    oid = originator.encode()
    data = b"".join(
        (
            constant(EVENT),
            LENGTH(len(nid)),
            nid,
            LENGTH(len(oid)),
            oid,
            LENGTH(len(number)),
            number,
            constant(event.topic),
            LENGTH(len(state)),
            state,
        )
    )
    return Entry(EVENT, f"{originator}:{version}", notification_id, data)


def raw(state: object) -> bytes:
    """The state's bytes (a row edited by hand may hold text, even in a BLOB column)."""
    if type(state) is bytes:
        return state
    if isinstance(state, bytes | bytearray | memoryview):
        return bytes(state)
    return str(state).encode()


def receipt_entry(row: Sequence[Any]) -> Entry:
    """A receipt row (storage.receipts.COLUMNS), ids in either form."""
    command_id, command, fingerprint, aggregate_id, version, also = row
    ref = hexed(command_id)
    fields = (ref, command, fingerprint, hexed(aggregate_id), version, also)
    encoded = [str(f).encode() for f in fields]
    data = constant(RECEIPT) + b"".join([LENGTH(len(f)) + f for f in encoded])
    return Entry(RECEIPT, ref, None, data)


def chained(head: bytes, leaves: bytes) -> bytes:
    return hashlib.sha256(head + leaves).digest()


def extend(last: tuple[int, bytes] | None, entries: Sequence[Entry]) -> list[Block]:
    """The blocks that follow the chain's last (position, head) with these entries
    (one, unless there are more than MOST)."""
    position, head = last or (0, GENESIS)
    blocks = []
    for start in range(0, len(entries), MOST):
        part = entries[start : start + MOST]
        leaves = b"".join([leaf_hash(e.data) for e in part])
        head = chained(head, leaves)
        ids = [e.notification_id for e in part if e.notification_id is not None]
        blocks.append(Block(position + 1, [e.ref for e in part], ids, leaves, head))
        position += len(part)
    return blocks


def entries(
    ids: Sequence[int], events: Sequence[StoredEvent], receipts: Sequence[Any]
) -> list[Entry]:
    """A transaction's entries in chain order: its events in log order, then its
    receipts by command id."""
    pairs = sorted(zip(ids, events, strict=True), key=lambda pair: pair[0])
    found = [event_entry(n, e) for n, e in pairs]
    return found + sorted(map(receipt_entry, receipts), key=lambda e: e.ref)


def packed(ids: Sequence[int]) -> bytes:
    """The events' log positions as a block stores them: 8 bytes each, big-endian."""
    return struct.pack(f">{len(ids)}q", *ids)


def unpacked(stored: bytes) -> list[int]:
    whole = len(stored) - len(stored) % IDS.size  # a torn tail names no event
    return [found for (found,) in IDS.iter_unpack(stored[:whole])]
