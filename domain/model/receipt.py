"""The receipt of an applied command, stored with its events so a replay is recognised.

A receipt is a row the store writes in the events' own transaction (`Receipts`), not
an event. `CommandReceipt` is how earlier releases stored it, one aggregate a command:
those are still read, so a command applied then still answers its replay.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID, uuid5

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Mapper, StoredEvent

from domain.values import Meta

# Receipts live in their own id space: a client that reuses a visit's id as a command
# id must not collide with the visit.
RECEIPTS = UUID("6f1c0d3e-8a51-4b1e-9c8e-5e0b7f2d4a10")


@dataclass(frozen=True)
class Receipt:
    """What a command did: the aggregate it changed, its new version, the others it
    changed (a problem raised on a visit records itself on the visit)."""

    command_id: UUID
    command: str  # its wire name
    fingerprint: str  # who asked what, to tell a replay from a reused id
    aggregate_id: UUID
    version: int
    also: Mapping[UUID, int] = field(default_factory=dict)


class Receipts(Protocol):
    """The store's receipts, written by `insert_events(..., receipts=[...])` in the
    events' transaction (a second receipt for one command id fails it whole)."""

    def select_receipts(self, command_ids: Iterable[UUID]) -> dict[UUID, Receipt]:
        """The receipts of those commands that have one."""

    def select_first_events(self, originator_ids: Iterable[UUID]) -> list[StoredEvent]:
        """The first stored event of each of those aggregates that exists."""

    def select_receipts_and_firsts(
        self, command_ids: Iterable[UUID], originator_ids: Iterable[UUID]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        """Both of the above at once (in one round trip where the store can)."""


class CommandReceipt(Aggregate):
    """A receipt as releases before receipt rows stored it: read, never written."""

    class Recorded(Aggregate.Created):
        meta: Meta
        command: str
        fingerprint: str
        aggregate_id: UUID
        version: int
        # Other aggregates the command changed, and their new versions; none in
        # the oldest receipts.
        also: dict[str, int] = field(default_factory=dict)

    @event(Recorded)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        command: str,
        fingerprint: str,
        aggregate_id: UUID,
        version: int,
        also: dict[str, int] | None = None,  # stored events are not re-initialised
    ) -> None:
        self.receipt = Receipt(
            command_id=meta.command_id,
            command=command,
            fingerprint=fingerprint,
            aggregate_id=aggregate_id,
            version=version,
            also={UUID(other): changed for other, changed in (also or {}).items()},
        )

    @staticmethod
    def id_for(command_id: UUID) -> UUID:
        return uuid5(RECEIPTS, command_id.hex)


def look_up(
    book: Receipts, mapper: Mapper[UUID], command_ids: Collection[UUID]
) -> dict[UUID, Receipt]:
    """The receipts of those commands applied before: rows, in one query, and (one
    more) those that releases before receipt rows kept as aggregates."""
    legacy = [CommandReceipt.id_for(i) for i in command_ids]
    found, firsts = book.select_receipts_and_firsts(command_ids, legacy)
    return found | kept_as_aggregates(mapper, firsts)


def kept_as_aggregates(
    mapper: Mapper[UUID], firsts: Iterable[StoredEvent]
) -> dict[UUID, Receipt]:
    """The receipts among those first events (of receipts kept as aggregates)."""
    found: dict[UUID, Receipt] = {}
    for stored in firsts:
        recorded = mapper.to_domain_event(stored)
        if isinstance(recorded, CommandReceipt.Recorded):
            kept = project_aggregate(None, [recorded])
            assert isinstance(kept, CommandReceipt)
            found[kept.receipt.command_id] = kept.receipt
    return found
