"""The hash chain over the log: one link a stored event or receipt, in the order they
were committed, each holding the hash of its stored bytes and the chain's head after it.

A leaf is the stored row itself, field by field (each length-prefixed), so the
standalone verifier rebuilds it from an exported row without any of this code."""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from storage.merkle import leaf_hash

GENESIS = bytes(32)
EVENT, RECEIPT = "event", "receipt"


class Link(NamedTuple):
    """Position `position` (1-based) of the chain: what it covers and the hashes."""

    position: int
    kind: str  # EVENT or RECEIPT
    ref: str  # an event's "originator_id:version", a receipt's command id (hex)
    notification_id: int | None  # an event's place in the log
    leaf: bytes  # RFC 6962 leaf hash of the row's bytes
    head: bytes  # SHA-256 of the previous head and this leaf


class Entry(NamedTuple):
    """A row as stored, about to be chained (or read back to be checked)."""

    kind: str
    ref: str
    notification_id: int | None
    data: bytes


def encode(*fields: bytes) -> bytes:
    return b"".join([len(f).to_bytes(4, "big") + f for f in fields])


def hexed(value: UUID | str) -> str:
    if isinstance(value, UUID):
        return value.hex
    return value if len(value) == 32 else UUID(value).hex


def event_entry(notification_id: int, event: StoredEvent) -> Entry:
    originator = hexed(event.originator_id)
    ref = f"{originator}:{event.originator_version}"
    data = encode(
        b"event",
        str(notification_id).encode(),
        originator.encode(),
        str(event.originator_version).encode(),
        event.topic.encode(),
        raw(event.state),
    )
    return Entry(EVENT, ref, notification_id, data)


def raw(state: object) -> bytes:
    """The state's bytes (a row edited by hand may hold text, even in a BLOB column)."""
    if isinstance(state, bytes | bytearray | memoryview):
        return bytes(state)
    return str(state).encode()


def receipt_entry(row: Sequence[Any]) -> Entry:
    """A receipt row (storage.receipts.COLUMNS), ids in either form."""
    command_id, command, fingerprint, aggregate_id, version, also = row
    ids = hexed(command_id), hexed(aggregate_id)
    data = encode(
        b"receipt",
        ids[0].encode(),
        str(command).encode(),
        str(fingerprint).encode(),
        ids[1].encode(),
        str(version).encode(),
        str(also).encode(),
    )
    return Entry(RECEIPT, ids[0], None, data)


def chained(head: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(head + leaf).digest()


def extend(last: tuple[int, bytes] | None, entries: Iterable[Entry]) -> list[Link]:
    """The links that follow the chain's last (position, head) with these entries."""
    position, head = last or (0, GENESIS)
    links = []
    for entry in entries:
        position += 1
        leaf = leaf_hash(entry.data)
        head = chained(head, leaf)
        links.append(
            Link(position, entry.kind, entry.ref, entry.notification_id, leaf, head)
        )
    return links


def entries(
    ids: Sequence[int], events: Sequence[StoredEvent], receipts: Iterable[Any]
) -> list[Entry]:
    """A transaction's entries in chain order: its events in log order, then its
    receipts by command id."""
    pairs = sorted(zip(ids, events, strict=True), key=lambda pair: pair[0])
    found = [event_entry(n, e) for n, e in pairs]
    return found + sorted((receipt_entry(r) for r in receipts), key=lambda e: e.ref)
