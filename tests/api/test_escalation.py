"""提级办理 over HTTP on SQLite and PostgreSQL: escalating moves the problem up, to a
higher department with a new limit, and with it who may act."""

from datetime import date
from typing import Any

from tests.api import bodies as b
from tests.api.conftest import DEPARTMENT, Api
from tests.api.test_time_limits import on

HIGHER = "市发改委"


def escalate(api: Api, issue_id: str, **body: Any) -> Any:
    sent = {"to": HIGHER, "reason": "跨部门协调未果"} | body
    return api.as_("supervisor").post(f"/issues/{issue_id}/escalate", sent)


def test_escalating_to_a_higher_department_moves_the_problem_and_its_limit(
    store_api: Api,
) -> None:
    api = store_api
    with on(date(2026, 9, 30)):  # the National Day holiday follows
        issue_id = b.given_issue(api, api.home, "accepted")
        moved = escalate(api, issue_id, department=HIGHER, working_days=2)
    assert moved.status_code == 200, moved.get_json()
    body = moved.get_json()
    assert (body["status"], body["department"], body["escalation_level"]) == (
        "assigned",
        HIGHER,
        1,
    )
    assert (body["escalated_to"], body["deadline"]) == (HIGHER, "2026-10-09")
    assert (body["respond_by"], body["responded"]) == ("2026-10-09", False)
    refused = api.as_("handler").post(
        f"/issues/{issue_id}/progress", {"note": "仍在协调"}
    )
    assert refused.status_code == 403  # the county bureau's handler no longer acts
    assert refused.get_json()["detail"] == "the problem is with another department"


def test_a_department_given_a_problem_needs_a_new_limit(store_api: Api) -> None:
    api = store_api
    issue_id = b.given_issue(api, api.home, "accepted")
    before = api.events()
    refused = escalate(api, issue_id, department=HIGHER)
    assert refused.status_code == 422
    assert api.events() == before


def test_escalating_to_a_leader_keeps_the_department_and_may_set_a_new_deadline(
    store_api: Api,
) -> None:
    api = store_api
    issue_id = b.given_issue(api, api.home, "accepted")
    body = escalate(api, issue_id, to="分管副县长", deadline=b.DEADLINE).get_json()
    assert (body["department"], body["status"], body["escalation_level"]) == (
        DEPARTMENT,
        "accepted",
        1,
    )
    assert escalate(api, issue_id, to="县长").get_json()["escalation_level"] == 2


def test_the_ledger_filters_and_counts_escalated_problems_by_level(
    fresh_api: Api,
) -> None:
    api = fresh_api
    ids = [b.given_issue(api, api.home, "accepted") for _ in range(3)]
    escalate(api, ids[0], to="分管副县长")
    escalate(api, ids[1], to="分管副县长")
    escalate(api, ids[1], department=HIGHER, working_days=5)
    supervisor = api.as_("supervisor")
    escalated = b.every_row(supervisor, "/ledgers/issues", escalated="true")
    assert {row["id"] for row in escalated} == {ids[0], ids[1]}
    second = b.every_row(supervisor, "/ledgers/issues", escalation_level="2")
    assert [(row["id"], row["department_then"]) for row in second] == [(ids[1], HIGHER)]
    summary = supervisor.get("/ledgers/issues/summary?group_by=escalation_level")
    counts = {row["group"]: row["received"] for row in summary.get_json()["groups"]}
    assert counts == {"0": 1, "1": 1, "2": 1}
