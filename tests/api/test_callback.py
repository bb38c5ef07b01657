"""回访 over HTTP on SQLite and PostgreSQL: the 12345 or polling centre calls the
enterprise back after close-out; whoever closed the problem out does not rate it."""

from typing import Any

from tests.api import bodies as b
from tests.api.conftest import Api


def closed_by_the_supervisor(api: Api) -> str:
    issue_id = b.given_issue(api, api.home, "resolution_proposed")
    closing = api.as_("supervisor").post(
        f"/issues/{issue_id}/close-out", {"note": "核实销号"}
    )
    assert closing.status_code == 200, closing.get_json()
    return issue_id


def rate(api: Api, who: str, issue_id: str, **body: Any) -> Any:
    sent = {"satisfaction": "unsatisfied", "comment": "仍未通电"} | body
    return api.as_(who).post(f"/issues/{issue_id}/rating", sent)


def test_the_closer_cannot_rate_their_own_close_out(store_api: Api) -> None:
    issue_id = closed_by_the_supervisor(store_api)
    before = store_api.events()
    refused = rate(store_api, "supervisor", issue_id)
    assert refused.status_code == 409
    assert "does not rate it" in refused.get_json()["detail"]
    assert store_api.events() == before


def test_the_callback_centre_records_the_rating_and_how_it_reached_them(
    store_api: Api,
) -> None:
    issue_id = closed_by_the_supervisor(store_api)
    rated = rate(store_api, "callback", issue_id, channel="phone")
    assert (rated.status_code, rated.get_json()["satisfaction"]) == (
        200,
        "unsatisfied",
    )
    history = store_api.as_("auditor").get(f"/issues/{issue_id}/history").get_json()
    rating = history["events"][-2]
    assert (rating["event"], rating["actor_id"]) == (
        "Issue.Rated",
        str(store_api.as_("callback").officer_id),
    )


def test_an_enterprise_not_reached_is_recorded_in_history(store_api: Api) -> None:
    api = store_api
    issue_id = closed_by_the_supervisor(api)
    failed = api.as_("callback").post(
        f"/issues/{issue_id}/callback-failure",
        {"channel": "phone", "note": "电话三次无人接听"},
    )
    assert (failed.status_code, failed.get_json()["callbacks_failed"]) == (200, 1)
    events = api.as_("auditor").get(f"/issues/{issue_id}/history").get_json()
    assert events["events"][-2]["event"] == "Issue.CallbackFailed"
    assert rate(api, "callback", issue_id, channel="sms").status_code == 200


def test_the_callback_role_acts_on_nothing_else(store_api: Api) -> None:
    issue_id = b.given_issue(store_api, store_api.home, "accepted")
    refused = store_api.as_("callback").post(
        f"/issues/{issue_id}/resolution", {"summary": "已解决"}
    )
    assert refused.status_code == 403
