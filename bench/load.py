"""Runs a scenario into a store: through the service layer, or straight in for size."""

from collections.abc import Callable, Iterable
from datetime import datetime
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate

from api.demo.clock import Clock, stamping
from bench.scenario import Scenario
from domain.app import SiteLedger, Submission
from domain.commands.base import A, Unit
from domain.errors import DomainError

Batches = Iterable[tuple[datetime, list[Submission]]]


class Refused(Exception):
    """The generator sent a command the domain refused: a bug in the generator."""


def run(
    app: SiteLedger,
    scenario: Scenario,
    progress: Callable[[int], object] = lambda _: None,
) -> int:
    """Every command through `execute_batch`, each batch at its hour; answers how
    many commands ran."""
    sent = 0
    with stamping(Clock(scenario.end)) as clock:
        for hour, batch in scenario.batches():
            clock.set(hour)
            for submission, result in zip(batch, app.execute_batch(batch), strict=True):
                if isinstance(result, DomainError):
                    name = submission.command.wire
                    raise Refused(f"{name} at {hour}: {result}") from result
            sent += len(batch)
            progress(len(batch))
    return sent


class Memory(Unit):
    """A unit that keeps every aggregate it saw, so nothing is loaded twice, and
    knows which it touched since the last save."""

    def __init__(self, repository: Repository[UUID]) -> None:
        super().__init__(repository)
        self.touched: dict[UUID, Aggregate] = {}

    def get(self, kind: type[A], aggregate_id: UUID, *, to_change: bool = False) -> A:
        aggregate = super().get(kind, aggregate_id, to_change=to_change)
        self.touched[aggregate_id] = aggregate
        return aggregate

    def add(self, aggregate: A) -> A:
        self.touched[aggregate.id] = aggregate
        return super().add(aggregate)

    def require_new(self, aggregate_id: UUID, field: str) -> None:
        if aggregate_id in self.aggregates:
            raise Refused(f"{aggregate_id} exists already")

    def changed(self) -> list[Aggregate]:
        found = [a for a in self.touched.values() if a.pending_events]
        self.touched.clear()
        return found


def load(
    app: SiteLedger,
    scenario: Scenario,
    progress: Callable[[int], object] = lambda _: None,
) -> int:
    """The same commands handled on aggregates kept in memory and saved in large
    batches, with no receipts and no lookups but of claimed credit codes: the quick
    way to a large store for benchmarks. Answers how many events were stored."""
    unit = Memory(Repository(app.events))
    stored = 0
    with stamping(Clock(scenario.end)) as clock:
        for hour, batch in scenario.batches():
            clock.set(hour)
            for submission in batch:
                try:
                    submission.command.handle(unit, submission.meta)
                except DomainError as error:
                    raise Refused(f"{submission.command} at {hour}: {error}") from error
            changed: list[Aggregate] = unit.changed()
            count = sum(len(a.pending_events) for a in changed)
            app.save(*changed)
            stored += count
            progress(count)
    return stored
