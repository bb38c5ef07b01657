"""Time travel at the answer's cost, on every real store: a problem or a visit of a
long history loads from a snapshot, and a read as of an instant or a version
decodes the events up to it (and a few to find it), never the whole history."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.domain import DomainEvent

from domain.app import SNAPSHOT_EVERY, SiteLedger, Submission
from domain.commands.issue import AcceptIssue, AssignIssue, ReportIssueProgress
from domain.commands.visit import AddVisitNote
from domain.errors import NotFound
from domain.model.issue import Issue
from domain.model.visit import Visit
from tests.domain.test_app import raise_issue
from tests.factories import a_county, a_visit_in_progress, meta

NOTES = 297  # a problem of 300 events: raised, assigned, accepted, 297 reports
BATCH = 27  # reports a batch (a transaction), so instants fall between batches
FINDING = 10  # events read to find the version at an instant: log2(300) rounded up


@pytest.fixture
def long_problem(ledger: SiteLedger) -> UUID:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    due = date.today() + timedelta(days=10)
    ledger.execute(
        AssignIssue(issue_id=issue_id, department="县发改局", deadline=due), meta()
    )
    ledger.execute(AcceptIssue(issue_id=issue_id), meta())
    for first in range(0, NOTES, BATCH):
        notes = [
            ReportIssueProgress(issue_id=issue_id, note=f"第{n + 1}次进展")
            for n in range(first, min(NOTES, first + BATCH))
        ]
        ledger.execute_batch([Submission(note, meta()) for note in notes])
    assert ledger.load(Issue, issue_id).version == NOTES + 3
    return issue_id


class Decoded:
    """Counts the stored events the application decodes."""

    def __init__(self, ledger: SiteLedger, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        decode = ledger.mapper.to_domain_event

        def counted(stored: Any) -> Any:
            self.count += 1
            return decode(stored)

        monkeypatch.setattr(ledger.mapper, "to_domain_event", counted)


def replayed_at(events: list[DomainEvent], instant: datetime) -> Any:
    return project_aggregate(None, [e for e in events if e.timestamp <= instant])


def instants(events: list[DomainEvent]) -> Iterator[tuple[datetime, int]]:
    """Instants at, just before and between events, with the version each sees."""
    for event in events[::23] + events[-1:]:
        at = event.timestamp
        yield at, max(e.originator_version for e in events if e.timestamp <= at)
        before = at - timedelta(microseconds=1)
        yield (
            before,
            max(
                (e.originator_version for e in events if e.timestamp <= before),
                default=0,
            ),
        )
    yield events[-1].timestamp + timedelta(days=1), events[-1].originator_version


def test_a_long_problem_read_as_of_any_instant_is_its_replay_up_to_then(
    ledger: SiteLedger, long_problem: UUID
) -> None:
    events = ledger.history(long_problem)
    for instant, version in instants(events):
        if version == 0:
            with pytest.raises(NotFound):
                ledger.load_as_of(Issue, long_problem, instant)
            continue
        then = ledger.load_as_of(Issue, long_problem, instant)
        assert then.version == version
        assert vars(then) == vars(replayed_at(events, instant))


@pytest.mark.parametrize("version", [20, 120, 230])
def test_a_read_as_of_an_instant_decodes_only_the_events_up_to_it(
    ledger: SiteLedger,
    long_problem: UUID,
    monkeypatch: pytest.MonkeyPatch,
    version: int,
) -> None:
    events = ledger.history(long_problem)
    instant = events[version - 1].timestamp
    ledger.load(Issue, long_problem)  # as a read finds it: the current state cached
    decoded = Decoded(ledger, monkeypatch)
    then = ledger.load_as_of(Issue, long_problem, instant)
    since_snapshot = version % SNAPSHOT_EVERY or SNAPSHOT_EVERY
    assert then.version == version
    assert decoded.count <= since_snapshot + FINDING, decoded.count
    assert vars(then) == vars(replayed_at(events, instant))


def test_a_read_of_a_version_decodes_from_its_snapshot(
    ledger: SiteLedger, long_problem: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.load(Issue, long_problem)
    decoded = Decoded(ledger, monkeypatch)
    then = ledger.load(Issue, long_problem, version=260)
    assert decoded.count <= 260 - 250 + 1  # the snapshot at 250, then 251 … 260
    full = project_aggregate(None, ledger.events.get(long_problem, lte=260))
    assert vars(then) == vars(full)


def test_a_long_problem_is_snapshotted_and_loads_as_its_full_replay(
    ledger: SiteLedger, long_problem: UUID
) -> None:
    assert ledger.snapshots is not None
    taken = [s.originator_version for s in ledger.snapshots.get(long_problem)]
    assert taken == [50, 100, 150, 200, 250, 300]
    ledger.repository.cache = None  # read from the store
    replayed = project_aggregate(None, ledger.events.get(long_problem))
    assert vars(ledger.load(Issue, long_problem)) == vars(replayed)


def test_a_long_visit_is_snapshotted_and_loads_as_its_full_replay(
    ledger: SiteLedger,
) -> None:
    visit_id = a_visit_in_progress(ledger, a_county(ledger))
    notes = [AddVisitNote(visit_id=visit_id, text=f"记录{n}") for n in range(60)]
    ledger.execute_batch([Submission(note, meta()) for note in notes])
    assert ledger.snapshots is not None
    assert [s.originator_version for s in ledger.snapshots.get(visit_id)] == [50]
    ledger.repository.cache = None
    replayed = project_aggregate(None, ledger.events.get(visit_id))
    assert vars(ledger.load(Visit, visit_id)) == vars(replayed)
    at_55 = project_aggregate(None, ledger.events.get(visit_id, lte=55))
    assert vars(ledger.load(Visit, visit_id, version=55)) == vars(at_55)
