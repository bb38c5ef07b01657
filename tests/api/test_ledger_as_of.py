"""The problem ledger as of a day shows that day, over HTTP on SQLite and
PostgreSQL: status, department, deadline and escalation as they stood then, and
today's status only where asked for.

One problem, each step at 10:00 Beijing time: raised and assigned to 县住建局 on
06-01 (due 06-10), accepted 06-02, escalated on 06-05 to 市发改委 (due 06-12, 5
working days), accepted 06-08, resolved and closed out on 06-09.
"""

from datetime import date
from typing import Any

import pytest

from domain.commands import issue
from tests.api import bodies as b
from tests.api.conftest import DEPARTMENT, Api
from tests.api.test_time_limits import on

HIGHER = "市发改委"


@pytest.fixture(scope="module")
def problem(store_api: Api) -> str:
    api, supervisor = store_api, store_api.as_("supervisor")
    with on(date(2026, 6, 1)):
        issue_id = b.given_issue(api, api.home, "raised")
        supervisor.post(
            f"/issues/{issue_id}/assign",
            {"department": DEPARTMENT, "deadline": "2026-06-10"},
        )
    handler = api.as_("handler")
    with on(date(2026, 6, 2)):
        handler.post(f"/issues/{issue_id}/accept")
    with on(date(2026, 6, 5)):
        moved = supervisor.post(
            f"/issues/{issue_id}/escalate",
            {"to": HIGHER, "reason": "需市级协调", "department": HIGHER}
            | {"working_days": 5},
        )
        assert moved.get_json()["deadline"] == "2026-06-12"
    with on(date(2026, 6, 9)):
        b.given(
            api,
            *((step, {"issue_id": issue_id} | args) for step, args in CLOSING),
        )
    api.catch_up()
    return issue_id


CLOSING = [
    (issue.AcceptIssue, {}),
    (issue.ProposeResolution, {"summary": "市发改委已批复"}),
    (issue.CloseOutIssue, {"note": "核实销号"}),
]


def row(api: Api, issue_id: str, **query: str) -> dict[str, Any]:
    rows = b.every_row(api.as_("supervisor"), "/ledgers/issues", **query)
    (found,) = [r for r in rows if r["id"] == issue_id]
    return found


def columns(found: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        found[k]
        for k in ("status", "department", "due_on", "escalation_level", "closed_on")
    )


def test_as_of_a_day_before_the_escalation_the_row_is_that_days(
    store_api: Api, problem: str
) -> None:
    then = row(store_api, problem, as_of="2026-06-03T12:00+08:00")
    assert columns(then) == ("accepted", DEPARTMENT, "2026-06-10", 0, None)
    assert (then["open"], then["overdue"]) == (True, False)
    assert "status_now" not in then


def test_as_of_the_day_after_the_escalation_it_is_with_the_higher_department(
    store_api: Api, problem: str
) -> None:
    then = row(store_api, problem, as_of="2026-06-06T12:00+08:00")
    assert columns(then) == ("assigned", HIGHER, "2026-06-12", 1, None)


def test_todays_status_is_given_where_asked_for(store_api: Api, problem: str) -> None:
    then = row(store_api, problem, as_of="2026-06-03T12:00+08:00", now="true")
    assert (then["status"], then["status_now"]) == ("accepted", "closed")
    now = row(store_api, problem)
    assert columns(now) == ("closed", HIGHER, "2026-06-12", 1, "2026-06-09")


def test_the_status_filter_goes_by_the_status_then(
    store_api: Api, problem: str
) -> None:
    then = {"as_of": "2026-06-03T12:00+08:00"}
    accepted = b.every_row(
        store_api.as_("supervisor"), "/ledgers/issues", status="accepted", **then
    )
    assert problem in {r["id"] for r in accepted}
    closed = b.every_row(
        store_api.as_("supervisor"), "/ledgers/issues", status="closed", **then
    )
    assert problem not in {r["id"] for r in closed}
