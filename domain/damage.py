"""A damaged history, named rather than crashed on: an aggregate whose stored events
have a hole, fail to decrypt or fail to decode raises DamagedHistory, naming the
aggregate and the version (its position in its own history) where it breaks."""

from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from eventsourcing.application import ProjectorFunction, Repository, project_aggregate
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Mapper, StoredEvent

PAGE = 5000
HOLE = "missing"
UNREADABLE = "cannot be decrypted"
UNDECODABLE = "cannot be decoded"
UNREPLAYABLE = "cannot be replayed"


class DamagedHistory(Exception):
    """The stored history of an aggregate is damaged at `version`."""

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
