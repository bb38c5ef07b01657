"""The scenario generator: seeded, reproducible, valid through the service layer,
and every stage of visits and problems occurs."""

from collections import Counter
from itertools import islice

from bench.load import run
from bench.scenario import Scenario, county_code
from projections import open_views
from storage.eventstore import MEMORY, open_ledger, store_env

SEASON = Scenario(seed=3, days=120, visits_per_day=3.0)


def commands(scenario: Scenario, count: int = 300) -> list[object]:
    return [
        (timed.at, timed.submission.command, timed.submission.meta)
        for timed in islice(scenario.commands(), count)
    ]


def test_a_seed_always_gives_the_same_commands() -> None:
    assert commands(Scenario(seed=5, days=30)) == commands(Scenario(seed=5, days=30))
    assert commands(Scenario(seed=5, days=30)) != commands(Scenario(seed=6, days=30))


def test_the_first_county_is_the_same_in_a_larger_province() -> None:
    alone = commands(Scenario(days=30), 500)
    among = [
        (timed.at, timed.submission.command, timed.submission.meta)
        for timed in islice(Scenario(days=30, counties=3).commands(), 3000)
        if timed.county == county_code(0)
    ]
    assert among[:500] == alone


def test_counties_are_named_twenty_to_a_city() -> None:
    assert [county_code(n) for n in (0, 19, 20)] == ["610101", "610120", "610201"]


def test_a_season_runs_through_the_service_layer_reaching_every_stage() -> None:
    with open_ledger(MEMORY) as app, open_views(store_env(MEMORY)) as views:
        sent = run(app, SEASON)
        views.catch_up(app)
        problems = views.issues.query("SELECT status, flagged_due_on FROM {rows}", {})
        visits = views.visits.query("SELECT status FROM {rows}", {})
    assert sent > 1500
    statuses = Counter(row["status"] for row in problems)
    assert set(statuses) == {
        "raised",
        "assigned",
        "accepted",
        "resolution_proposed",
        "closed",
        "withdrawn",
    }
    assert any(row["flagged_due_on"] for row in problems)  # the nightly sweep
    assert {row["status"] for row in visits} == {
        "planned",
        "in_progress",
        "finished",
        "cancelled",
    }
