"""The in-memory store's recorder, with receipts and the chain as the SQL stores
keep them (for the tests, which round-trip every event through it)."""

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from domain.model.receipt import Receipt
from storage.chain import Block, Link, entries, extend
from storage.nodes import LEVEL, Key
from storage.receipts import row


class MemoryLedgerRecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._receipts: dict[UUID, Receipt] = {}
        self._blocks: list[Block] = []
        self._seals: list[str] = []
        self._nodes: dict[Key, bytes] = {}

    def _assert_uniqueness(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._assert_uniqueness(stored_events, **kwargs)
        ids = [r.command_id for r in kwargs.get("receipts", ())]
        if len(set(ids)) < len(ids) or not self._receipts.keys().isdisjoint(ids):
            raise IntegrityError(f"a receipt exists already for one of {ids}")

    def _update_table(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._update_table(stored_events, **kwargs)
        receipts = kwargs.get("receipts", ())
        self._receipts |= {r.command_id: r for r in receipts}
        last = self._blocks[-1] if self._blocks else None
        found = entries(ids or (), stored_events, [row(r) for r in receipts])
        self._blocks += extend(last and (last.last, last.head), found)
        return ids

    def select_blocks(self, after: int, limit: int) -> list[Block]:
        with self._database_lock:
            return [b for b in self._blocks if b.position > after][:limit]

    def select_links(self, after: int, limit: int) -> list[Link]:
        return self._links()[after : after + limit]

    def chain_size(self) -> int:
        return self._blocks[-1].last if self._blocks else 0

    def select_link_of(self, ref: str) -> Link | None:
        found = (k for k in self._links() if k.ref == ref and k.notification_id)
        return next(found, None)

    def _links(self) -> list[Link]:
        with self._database_lock:
            return [link for b in self._blocks for link in b.links()]

    def chunks_stored(self) -> int:
        return sum(1 for level, _ in self._nodes if level == LEVEL)

    def select_nodes(self, keys: Sequence[Key]) -> dict[Key, bytes]:
        return {k: self._nodes[k] for k in keys if k in self._nodes}

    def insert_nodes(self, nodes: dict[Key, bytes]) -> None:
        with self._database_lock:
            self._nodes = nodes | self._nodes

    def select_receipt_rows(self) -> list[tuple[Any, ...]]:
        with self._database_lock:
            return [row(r) for r in self._receipts.values()]

    def insert_seal(self, body: str) -> None:
        with self._database_lock:
            self._seals.append(body)

    def select_seals(self) -> list[str]:
        with self._database_lock:
            return list(self._seals)

    def select_receipts(self, command_ids: Iterable[UUID]) -> dict[UUID, Receipt]:
        with self._database_lock:
            return {i: self._receipts[i] for i in command_ids if i in self._receipts}

    def select_receipts_and_firsts(
        self, command_ids: Iterable[UUID], originator_ids: Iterable[UUID]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        return (
            self.select_receipts(command_ids),
            self.select_first_events(originator_ids),
        )

    def select_first_events(self, originator_ids: Iterable[UUID]) -> list[StoredEvent]:
        return [e for i in originator_ids for e in self.select_events(i, limit=1)]


class MemoryFactory(POPOFactory):
    """The library's in-memory store, with receipts."""

    def application_recorder(self) -> MemoryLedgerRecorder:
        return MemoryLedgerRecorder()
