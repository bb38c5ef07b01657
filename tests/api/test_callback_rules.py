"""回访 that goes wrong, over HTTP on SQLite and PostgreSQL: an unsatisfied or an
unreachable enterprise flags the problem or reopens it, as the county's rule
(a setting) says; recorded in history, shown and filtered in the ledger."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api import bodies as b
from tests.api.conftest import Api, running_api
from tests.conftest import fresh_schema

REOPEN = {"callback_unsatisfied": "reopen", "callback_unreachable": "reopen"}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def reopening_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """A county whose rule reopens the problem, on each real store."""
    folder = tmp_path_factory.mktemp("reopen")
    if request.param == "sqlite":
        with running_api(folder, **REOPEN) as running:
            yield running
        return
    server: str = request.getfixturevalue("postgres_server")
    with fresh_schema(server) as url, running_api(folder, url, **REOPEN) as running:
        yield running


def closed(api: Api) -> str:
    issue_id = b.given_issue(api, api.home, "resolution_proposed")
    closing = api.as_("supervisor").post(
        f"/issues/{issue_id}/close-out", {"note": "核实销号"}
    )
    assert closing.status_code == 200, closing.get_json()
    return issue_id


def rated(api: Api, issue_id: str, satisfaction: str) -> Any:
    body = {"satisfaction": satisfaction, "channel": "phone", "comment": "回访"}
    response = api.as_("callback").post(f"/issues/{issue_id}/rating", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def not_reached(api: Api, issue_id: str) -> Any:
    body = {"channel": "phone", "note": "电话三次无人接听"}
    response = api.as_("callback").post(f"/issues/{issue_id}/callback-failure", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def events(api: Api, issue_id: str) -> list[str]:
    history = api.as_("auditor").get(f"/issues/{issue_id}/history").get_json()
    return [e["event"] for e in history["events"]]


def rows(api: Api, **query: str) -> list[dict[str, Any]]:
    return b.every_row(api.as_("auditor"), "/ledgers/issues", **query)


def ledger_ids(api: Api, **query: str) -> set[str]:
    return {row["id"] for row in rows(api, **query)}


@pytest.mark.parametrize(
    ("outcome", "concern"),
    [
        (lambda api, i: rated(api, i, "unsatisfied"), "unsatisfied"),
        (not_reached, "unreachable"),
    ],
)
def test_by_default_the_problem_stays_closed_and_is_flagged(
    store_api: Api, outcome: Any, concern: str
) -> None:
    issue_id = closed(store_api)
    state = outcome(store_api, issue_id)
    assert (state["status"], state["flagged_for"], state["reopens"]) == (
        "closed",
        concern,
        0,
    )
    assert events(store_api, issue_id)[-1] == "Issue.CallbackFlagged"
    assert issue_id in ledger_ids(store_api, flagged="true")
    assert issue_id not in ledger_ids(store_api, flagged="false")
    (row,) = [r for r in rows(store_api, flagged="true") if r["id"] == issue_id]
    assert (row["status"], row["callback_flag"]) == ("closed", concern)


def test_a_satisfied_enterprise_reached_later_answers_the_flag(store_api: Api) -> None:
    issue_id = closed(store_api)
    not_reached(store_api, issue_id)
    state = rated(store_api, issue_id, "satisfied")
    assert state["flagged_for"] is None
    assert issue_id not in ledger_ids(store_api, flagged="true")
    assert events(store_api, issue_id)[-3:] == [
        "Issue.CallbackFailed",
        "Issue.CallbackFlagged",
        "Issue.Rated",
    ]


def test_a_satisfied_rating_flags_nothing(store_api: Api) -> None:
    issue_id = closed(store_api)
    assert rated(store_api, issue_id, "basically_satisfied")["flagged_for"] is None
    assert events(store_api, issue_id)[-1] == "Issue.Rated"


def test_where_the_rule_reopens_an_unsatisfied_enterprise_reopens_the_problem(
    reopening_api: Api,
) -> None:
    api = reopening_api
    issue_id = closed(api)
    state = rated(api, issue_id, "unsatisfied")
    assert (state["status"], state["reopens"], state["satisfaction"]) == (
        "accepted",
        1,
        None,
    )
    assert events(api, issue_id)[-2:] == ["Issue.Rated", "Issue.Reopened"]
    assert issue_id in ledger_ids(api, reopened="true", status="accepted")
    assert issue_id not in ledger_ids(api, status="closed")
    listed = b.every_row(api.as_("auditor"), "/issues", status="accepted")
    assert issue_id in {row["id"] for row in listed}


def test_a_reopened_problem_goes_round_the_loop_again(reopening_api: Api) -> None:
    api = reopening_api
    issue_id = closed(api)
    rated(api, issue_id, "unsatisfied")
    fix = api.as_("handler").post(
        f"/issues/{issue_id}/resolution", {"summary": "已重新协调通电"}
    )
    assert fix.status_code == 200, fix.get_json()
    again = api.as_("supervisor").post(
        f"/issues/{issue_id}/close-out", {"note": "复核销号"}
    )
    assert again.status_code == 200, again.get_json()
    assert rated(api, issue_id, "satisfied")["status"] == "closed"
    (row,) = [r for r in rows(api, reopened="true") if r["id"] == issue_id]
    assert (row["status"], row["reopens"], row["satisfaction"]) == (
        "closed",
        1,
        "satisfied",
    )


def test_where_the_rule_reopens_an_enterprise_not_reached_reopens_it(
    reopening_api: Api,
) -> None:
    api = reopening_api
    issue_id = closed(api)
    state = not_reached(api, issue_id)
    assert (state["status"], state["callbacks_failed"]) == ("accepted", 1)
    assert events(api, issue_id)[-2:] == ["Issue.CallbackFailed", "Issue.Reopened"]


def test_the_ledger_as_of_before_the_reopening_shows_it_closed(
    reopening_api: Api,
) -> None:
    api = reopening_api
    issue_id = closed(api)
    api.catch_up()
    history = api.as_("auditor").get(f"/issues/{issue_id}/history").get_json()
    closed_at = history["events"][-1]["recorded_at"]
    rated(api, issue_id, "unsatisfied")
    query = {"as_of": closed_at, "reopened": "true"}
    assert issue_id not in {r["id"] for r in rows(api, **query)}
    then = [r for r in rows(api, as_of=closed_at) if r["id"] == issue_id]
    assert [(r["status"], r["open"], r["reopens"]) for r in then] == [
        ("closed", False, 0)
    ]
    now = [r for r in rows(api, reopened="true") if r["id"] == issue_id]
    assert [(r["status"], r["open"], r["closed_at"]) for r in now] == [
        ("accepted", True, None)
    ]


def test_a_rule_that_is_neither_flag_nor_reopen_stops_the_start(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="flag or reopen"),
        running_api(tmp_path, callback_unreachable="ignore"),
    ):
        pass
