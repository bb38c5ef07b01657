"""The representative confirms a complete inspection, over HTTP on SQLite and
PostgreSQL: a visit confirmed with items unanswered could be neither answered nor
checked out any more."""

from tests.api import bodies as b
from tests.api.conftest import Api


def test_a_confirmation_before_every_item_is_answered_is_refused_naming_them(
    store_api: Api,
) -> None:
    api, officer = store_api, store_api.as_("officer")
    visit = f"/visits/{b.given_visit(api, api.home, template=True)}"
    officer.post(f"{visit}/answers", {"item_id": "progress", "answer": "pass"})
    before = api.events()
    refused = officer.post(f"{visit}/confirmation", {"representative": "李经理"})
    assert refused.status_code == 409
    assert refused.get_json()["detail"] == (
        "the representative confirms a complete inspection:"
        " items not answered yet: safety"
    )
    assert api.events() == before
    assert officer.get(visit).get_json()["representative"] is None


def test_the_inspection_completed_is_confirmed_and_checked_out(
    store_api: Api,
) -> None:
    api, officer = store_api, store_api.as_("officer")
    visit = f"/visits/{b.given_visit(api, api.home, template=True)}"
    officer.post(f"{visit}/answers", {"item_id": "progress", "answer": "pass"})
    officer.post(f"{visit}/confirmation", {"representative": "李经理"})
    later = {"item_id": "safety", "answer": "not_applicable", "note": "停工"}
    assert officer.post(f"{visit}/answers", later).status_code == 200
    confirmed = officer.post(f"{visit}/confirmation", {"representative": "李经理"})
    assert (confirmed.status_code, confirmed.get_json()["representative"]) == (
        200,
        "李经理",
    )
    finished = officer.post(f"{visit}/check-out", {"gps": b.GPS})
    assert (finished.status_code, finished.get_json()["status"]) == (200, "finished")


def test_a_visit_without_a_checklist_is_confirmed_at_any_time(store_api: Api) -> None:
    api, officer = store_api, store_api.as_("officer")
    visit = f"/visits/{b.given_visit(api, api.home)}"
    confirmed = officer.post(f"{visit}/confirmation", {"representative": "李经理"})
    assert confirmed.status_code == 200
