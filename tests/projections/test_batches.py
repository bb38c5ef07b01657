"""Properties: however the log is cut into batches, views end the same, once."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import pytest
from eventsourcing.persistence import IntegrityError
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.commands.issue import AssignIssue
from domain.commands.project import MoveProject, SuspendProject
from projections import CatalogRow, ChangeRow, open_views
from projections.events import Item, decode
from storage.eventstore import MEMORY, open_ledger, store_env
from tests.factories import a_county, a_visit_in_progress
from tests.projections.builders import DUE, raise_issue, run
from tests.projections.conftest import EVERYTHING, contents, reference


@dataclass(frozen=True)
class History:
    name: str
    items: list[Item]
    expected: tuple[list[CatalogRow], list[ChangeRow]]


@pytest.fixture(scope="module")
def history() -> Iterator[History]:
    """A county's log, decoded, and what views hold after one catch-up."""
    with open_ledger(MEMORY) as app:
        county = a_county(app, departments=True)
        a_visit_in_progress(app, county)
        issue_id = raise_issue(app, county)
        run(
            app,
            AssignIssue(issue_id=issue_id, department="县住建局", deadline=DUE),
            MoveProject(
                project_id=county.project_id, jurisdiction="610503", reason="调"
            ),
            SuspendProject(project_id=county.project_id, reason="停工"),
        )
        log = app.recorder.select_notifications(None, EVERYTHING)
        yield History(app.name, decode(app.mapper, log), reference(app))


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_batches_in_order_give_the_rows_of_one_run(
    history: History, data: st.DataObject
) -> None:
    items = history.items
    cuts = data.draw(st.sets(st.integers(1, len(items) - 1), max_size=8))
    with open_views(store_env(MEMORY)) as views:
        after = 0
        for start, end in pairwise([0, *sorted(cuts), len(items)]):
            batch = items[start:end]
            for view in views.all:
                view.process(after, batch)
            if data.draw(st.booleans(), label="replayed"):
                with pytest.raises(IntegrityError):
                    views.changes.process(after, batch)
            after = batch[-1].position
        assert contents(views) == history.expected


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_batch_overlapping_processed_work_is_refused_whole(
    history: History, data: st.DataObject
) -> None:
    items = history.items
    done = data.draw(st.integers(1, len(items) - 1), label="processed")
    start = data.draw(st.integers(0, done - 1), label="stale start")
    with open_views(store_env(MEMORY)) as views:
        for view in views.all:
            view.process(0, items[:done])
        before = contents(views)
        stale = items[start:]
        with pytest.raises(IntegrityError):
            views.catalog.process(stale[0].position - 1, stale)
        assert contents(views) == before


def test_the_history_has_receipts_and_events_of_every_kind(history: History) -> None:
    assert any(item.event is None for item in history.items)
    rows, changes = history.expected
    assert {row.kind for row in rows} == {
        "department",
        "project",
        "enterprise",
        "officer",
        "checklist",
        "visit",
        "issue",
    }
    assert any(change.moved_from == "610502" for change in changes)
