"""Time travel at the answer's cost: the version of an aggregate at an instant, found
by bisection over its own events, each read alone."""

from datetime import datetime
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import EventStore

from domain.damage import HOLE, DamagedHistory
from domain.errors import NotFound

A = TypeVar("A", bound=Aggregate)


def at_version(
    repository: Repository[UUID], kind: type[A], now: A, version: int | None
) -> A:
    """An aggregate (`now`, as it is) as of a version: from its latest snapshot at or
    before the version and the events after it up to the version."""
    if version is None or version == now.version:
        return now
    if not 0 < version < now.version:
        raise NotFound(kind.__name__, now.id)
    then: A = repository.get(now.id, version=version)
    return then


def version_at(
    events: EventStore[UUID], aggregate_id: UUID, last: int, instant: datetime
) -> int:
    """The last version of versions 1 to `last` recorded at or before the instant
    (0: none was), reading about log2(last) events. The server stamps an aggregate's
    events in the order it records them, so their times never go down along its
    versions (a server clock stepped back between two would make the later one
    count as the earlier's instant)."""
    low, high = 0, last  # low is at or before the instant (0: none); past high after
    while low < high:
        middle = (low + high + 1) // 2
        if recorded_at(events, aggregate_id, middle) <= instant:
            low = middle
        else:
            high = middle - 1
    return low


def recorded_at(events: EventStore[UUID], aggregate_id: UUID, version: int) -> datetime:
    """When the server recorded one version of an aggregate (one event decoded)."""
    found = list(events.get(aggregate_id, gt=version - 1, lte=version))
    if not found:
        raise DamagedHistory(aggregate_id, version, HOLE)
    stamped: DomainEvent = cast(DomainEvent, found[0])
    return stamped.timestamp
