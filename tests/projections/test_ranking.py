"""The ranking's arithmetic (考核): parts, weights, score and change."""

from typing import Any

import pytest

from projections.ranking import RankingWeights, parts, ranked, score, with_change


def figures(**counts: int) -> dict[str, Any]:
    zero = dict.fromkeys(
        (
            "received",
            "resolved",
            "resolved_on_time",
            "open",
            "overdue",
            "rated",
            "satisfied",
            "response_due",
            "responded_on_time",
            "escalated",
        ),
        0,
    )
    return zero | counts


def test_an_open_problem_past_its_limit_counts_as_a_late_one() -> None:
    sitting = figures(received=6, resolved=1, resolved_on_time=1, open=5, overdue=5)
    assert parts(sitting)["on_time"] == pytest.approx(1 / 6)
    assert parts(sitting)["overdue"] == 0.0


def test_parts_with_nothing_to_measure_are_left_out_of_the_score() -> None:
    found = parts(figures(received=1, open=1))
    assert found == {
        "on_time": None,
        "overdue": 1.0,
        "first_response": None,
        "satisfaction": None,
        "escalations": 1.0,
    }
    assert score(found, RankingWeights()) == 100.0


def test_the_weights_decide_the_score() -> None:
    found = {"on_time": 0.5, "overdue": None, "first_response": 1.0}
    found |= {"satisfaction": None, "escalations": None}
    assert score(found, RankingWeights()) == round(100 * (20 + 15) / 55, 2)
    assert score(found, RankingWeights(on_time=1, first_response=0)) == 50.0


def test_weights_that_weigh_nothing_are_refused() -> None:
    with pytest.raises(ValueError, match="not all 0"):
        RankingWeights(0, 0, 0, 0, 0)
    with pytest.raises(ValueError, match="0 or more"):
        RankingWeights(on_time=-1)


def test_a_department_without_a_score_ranks_last_and_change_is_places_moved_up() -> (
    None
):
    rows = [
        {"group": "甲"} | figures(received=1),
        {"group": "乙"} | figures(received=2, resolved=2, resolved_on_time=1),
        {"group": "丙"} | figures(received=1, resolved=1, resolved_on_time=1),
    ]
    rows[0]["escalated"] = 1  # its only part: 1 - 1/1 = 0
    order = ranked(rows, RankingWeights(escalations=0))
    assert [(r["rank"], r["group"], r["score"]) for r in order] == [
        (1, "丙", 100.0),
        (2, "乙", 50.0),
        (3, "甲", None),
    ]
    moved = with_change(order, {"甲": 1, "乙": 2})
    assert [(r["previous_rank"], r["change"]) for r in moved] == [
        (None, None),
        (2, 0),
        (1, -2),
    ]
