"""A group's aggregates read ahead in one query: before a group of commands runs, the
aggregates its commands name (visits, projects, checklists, officers, …) are brought
up to date from the log together, so a group costs a fixed number of round trips to
the store however many commands it holds, not one or two for each aggregate read.
The group's receipts are read in the same round trip."""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from copy import deepcopy
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from domain.batches import Submission
from domain.commands.base import Command, plain
from domain.damage import CheckedRepository
from domain.model.receipt import (
    CommandReceipt,
    Receipt,
    Receipts,
    kept_as_aggregates,
    look_up,
)

Ahead = dict[UUID, Aggregate | None]  # None: no such aggregate when read


class PrefetchingRepository(CheckedRepository):
    """The checked repository, which can also read a group's aggregates at once."""

    def read_group(
        self, book: Receipts, submissions: Sequence[Submission]
    ) -> tuple[dict[UUID, Receipt], Ahead]:
        """The receipts of the group's commands applied before (`look_up`), and,
        in the same round trip where the store can, the aggregates named: copies
        of the cached ones fast-forwarded from the log, and None for each id that
        has no events. Ids of aggregates that exist but are not cached are left
        out: they are loaded the usual way (from their snapshot), once, and cached
        from then on. In memory (nothing to save) every aggregate is left to the
        usual way."""
        mapper = self.event_store.mapper
        command_ids = {s.meta.command_id for s in submissions}
        select = getattr(book, "select_receipts_and_events_after", None)
        if select is None or self.cache is None:
            return look_up(book, mapper, command_ids), {}
        legacy = {CommandReceipt.id_for(i) for i in command_ids}
        ids = named(s.command for s in submissions)
        held = {i: self._cached_version(i) for i in ids} | dict.fromkeys(legacy, 0)
        found, events = select(command_ids, held)
        by_id: dict[UUID, list[StoredEvent]] = defaultdict(list)
        for stored in events:
            by_id[UUID(str(stored.originator_id))].append(stored)
        firsts = [by_id.pop(i)[0] for i in legacy if i in by_id]
        ahead = self._ahead({i: held[i] for i in ids}, by_id)
        return found | kept_as_aggregates(mapper, firsts), ahead

    def _ahead(
        self, held: dict[UUID, int], events: dict[UUID, list[StoredEvent]]
    ) -> Ahead:
        found: Ahead = {}
        for aggregate_id, version in held.items():
            if not version:
                if not events[aggregate_id]:
                    found[aggregate_id] = None
                continue
            try:
                found[aggregate_id] = self._forwarded(
                    aggregate_id, events[aggregate_id]
                )
            except Exception:  # the usual way names what is damaged
                continue
        return found

    def _cached_version(self, aggregate_id: UUID) -> int:
        assert self.cache is not None
        try:
            return int(self.cache.get(aggregate_id).version)
        except KeyError:
            return 0

    def _forwarded(self, aggregate_id: UUID, stored: list[StoredEvent]) -> Aggregate:
        """The cached aggregate advanced by the events read (those it has not got:
        another thread may have advanced it meanwhile), and a copy of it."""
        assert self.cache is not None
        lock = self._use_fastforward_lock(aggregate_id)
        try:
            with lock:
                aggregate: Any = self.cache.get(aggregate_id)
                mapper = self.event_store.mapper
                newer = (
                    mapper.to_domain_event(s)
                    for s in stored
                    if s.originator_version > aggregate.version
                )
                aggregate = project_aggregate(aggregate, newer)
                return deepcopy(aggregate)  # type: ignore[no-any-return]
        finally:
            self._disuse_fastforward_lock(aggregate_id)


def named(commands: Iterable[Command]) -> set[UUID]:
    """Every id the commands name, in any of their fields."""
    return {found for command in commands for found in uuids(plain(command))}


def uuids(value: Any) -> Iterator[UUID]:
    if isinstance(value, UUID):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from uuids(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from uuids(item)
