"""The approvals ledger's states of a permit: each from the day it took effect, a
state never later than the one after it, so a read as of a day takes a prefix."""

from hypothesis import given
from hypothesis import strategies as st

from projections.approval_fold import States


def state(permit: str, version: int, day: str) -> dict[str, object]:
    return {"id": permit, "version": version, "effective_on": day}


def test_a_limit_recorded_before_an_earlier_dated_acceptance_takes_effect_with_it() -> (
    None
):
    states = States()
    states.add(state("p:build", 1, "2026-03-01"))  # created
    states.add(state("p:build", 2, "2026-03-05"))  # limit committed, recorded 03-05
    states.add(state("p:build", 3, "2026-03-04"))  # accepted on 03-04, recorded 03-06
    states.add(state("p:eia", 1, "2026-03-06"))
    assert [s["effective_on"] for s in states.rows()] == [
        "2026-03-01",
        "2026-03-04",
        "2026-03-04",
        "2026-03-06",
    ]
    assert states.earlier() == [
        {"id": "p:build", "effective_on": "2026-03-01"},
        {"id": "p:eia", "effective_on": "2026-03-06"},
    ]


@given(st.lists(st.dates().map(str), min_size=1, max_size=30))
def test_states_by_version_are_states_by_day(days: list[str]) -> None:
    states = States()
    for version, day in enumerate(days, 1):
        states.add(state("p:x", version, day))
    kept = [s["effective_on"] for s in states.rows()]
    assert kept == sorted(kept)
    # Each takes effect on its own day or the earliest of those after it.
    assert kept == [min(days[i:]) for i in range(len(days))]
