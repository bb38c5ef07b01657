"""A group of commands reads the aggregates it names in one query, on a real store:
ten inspections in a group cost the store no more queries than one, and what another
process changed meanwhile is still what the commands see."""

from typing import Any

import pytest

from bench.workload import Site, answer_sheet, set_up
from domain.app import SiteLedger, Submission
from domain.batches import Outcome
from domain.commands.officer import DeactivateOfficer
from domain.errors import RuleBroken
from storage.eventstore import open_ledger
from tests.factories import meta


@pytest.fixture(params=["sqlite", "postgres"])
def real_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def inspections(site: Site, count: int) -> list[Submission]:
    return [
        Submission(command, meta(site.officer_id))
        for _ in range(count)
        for command in answer_sheet(site)
    ]


def queries_made(app: SiteLedger, count: int, site: Site) -> int:
    """Queries for one aggregate each while a group of `count` inspections runs."""
    recorder: Any = app.recorder
    made = [0]
    select = recorder.select_events

    def counted(*args: Any, **kwargs: Any) -> Any:
        made[0] += 1
        return select(*args, **kwargs)

    recorder.select_events = counted
    try:
        results = app.execute_batch(inspections(site, count))
    finally:
        del recorder.select_events
    assert all(isinstance(r, Outcome) for r in results), results
    return made[0]


def test_a_group_reads_no_aggregate_on_its_own(real_url: str) -> None:
    """Ten inspections at once, or one: every aggregate read comes in the group's
    one read ahead, none in a query of its own (on PostgreSQL two round trips, with
    the pool's ping; on SQLite a transaction of its own)."""
    with open_ledger(real_url) as ledger:
        site = set_up(ledger)
        ledger.execute_batch(inspections(site, 1))  # the project, checklist… cached
        assert queries_made(ledger, 1, site) == 0
        assert queries_made(ledger, 10, site) == 0


def test_what_another_process_changed_is_what_the_group_sees(real_url: str) -> None:
    with open_ledger(real_url) as here, open_ledger(real_url) as there:
        site = set_up(here)
        here.execute_batch(inspections(site, 1))  # the officer cached here
        there.execute(
            DeactivateOfficer(officer_id=site.officer_id, reason="调离"), meta()
        )
        plan = answer_sheet(site)[0]
        (refused,) = here.execute_batch([Submission(plan, meta(site.officer_id))])
        assert isinstance(refused, RuleBroken)
        assert "not active" in str(refused)
