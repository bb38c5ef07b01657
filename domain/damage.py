"""A damaged history, named rather than crashed on: an aggregate whose stored events
have a hole, fail to decrypt or fail to decode raises DamagedHistory, naming the
aggregate and the version (its position in its own history) where it breaks."""

import json
from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from eventsourcing.application import ProjectorFunction, Repository, project_aggregate
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from domain.errors import DomainError

PAGE = 5000
HOLE = "missing"
UNREADABLE = "cannot be decrypted"
UNDECODABLE = "cannot be decoded"
UNREPLAYABLE = "cannot be replayed"
FORGED = "has a snapshot that differs from its events"


class DamagedHistory(DomainError):
    """The stored history of an aggregate is damaged at `version`: a command on it
    is refused (the rest of its batch goes on), a read of it answers so."""

    def __init__(self, aggregate_id: UUID, version: int, how: str) -> None:
        super().__init__(
            f"the history of {aggregate_id} is damaged: event {version} {how}"
        )
        self.aggregate_id = aggregate_id
        self.version = version
        self.how = how


class CheckedMapper(Mapper[UUID]):
    """The library's mapper; a stored event it cannot read raises DamagedHistory."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            return super().to_domain_event(stored_event)
        except Exception as error:
            raise self.damaged(stored_event) from error

    def damaged(self, stored: StoredEvent) -> DamagedHistory:
        how = UNDECODABLE
        if self.cipher is not None:
            try:
                self.cipher.decrypt(stored.state)
            except Exception:
                how = UNREADABLE
        return DamagedHistory(
            UUID(str(stored.originator_id)), stored.originator_version, how
        )


class CheckedRepository(Repository[UUID]):
    """The library's repository; a history with a hole, or an event that cannot be
    applied, raises DamagedHistory (the library raises OriginatorVersionError)."""

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
        **options: Any,
    ) -> Any:
        seen = [0]

        def noted(aggregate: Any, events: Iterable[Any]) -> Any:
            return projector_func(aggregate, counted(events, seen))

        try:
            return super().get(
                aggregate_id, version=version, projector_func=noted, **options
            )
        except OriginatorVersionError as error:
            raise DamagedHistory(aggregate_id, error.args[1], HOLE) from None
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise DamagedHistory(aggregate_id, seen[0], UNREPLAYABLE) from error


def counted(events: Iterable[Any], seen: list[int]) -> Iterator[Any]:
    for event in events:
        seen[0] = event.originator_version
        yield event


def scan(recorder: Any, mapper: Mapper[UUID]) -> list[DamagedHistory]:
    """Every damaged history in the log: holes in an aggregate's versions, events
    that cannot be decrypted or decoded; one pass in log order."""
    versions: dict[UUID, int] = {}
    found: list[DamagedHistory] = []
    start = 0
    while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
        for n in page:
            aggregate_id = UUID(str(n.originator_id))
            expected = versions.get(aggregate_id, 0) + 1
            if n.originator_version != expected:
                found.append(DamagedHistory(aggregate_id, expected, HOLE))
            versions[aggregate_id] = n.originator_version
            try:
                mapper.to_domain_event(n)
            except DamagedHistory as damaged:
                found.append(damaged)
        start = page[-1].id
    return found


def forged_snapshots(app: Any) -> list[DamagedHistory]:
    """Snapshots that differ from a replay of their aggregate's events: a snapshot is
    not chained, and a forged one would change what a read serves."""
    if app.snapshots is None:
        return []
    kinds = tuple(f"{get_topic(kind)}." for kind in app.snapshotting_intervals or {})
    found = []
    for aggregate_id in first_of(app.recorder, kinds):
        try:
            found += [
                DamagedHistory(aggregate_id, snapshot.originator_version, FORGED)
                for snapshot in app.snapshots.get(aggregate_id)
                if not replays_to(app, snapshot)
            ]
        except DamagedHistory as damaged:  # a snapshot, or an event, unreadable
            found.append(damaged)
    return found


def replays_to(app: Any, snapshot: Any) -> bool:
    events = app.events.get(snapshot.originator_id, lte=snapshot.originator_version)
    replayed = type(snapshot).take(project_aggregate(None, events))
    return bool(plain(app, replayed.state) == plain(app, snapshot.state))


def first_of(recorder: Any, kinds: tuple[str, ...]) -> Iterator[UUID]:
    """The ids of aggregates of these kinds, by their first event's topic."""
    start = 0
    while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
        for n in page:
            if n.originator_version == 1 and n.topic.startswith(kinds):
                yield UUID(str(n.originator_id))
        start = page[-1].id


def plain(app: Any, state: Any) -> Any:
    """A state as JSON holds it (tuples become lists either way)."""
    return json.loads(app.mapper.transcoder.encode(state))
