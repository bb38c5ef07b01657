"""A checklist finished offline, sent as one answer sheet: one event that keeps each
answer at its own device time, shown answer by answer in the history, counted in the
visit ledger; refused whole when one answer is wrong."""

from datetime import datetime, timedelta
from typing import Any

from tests.api import bodies as b
from tests.api.conftest import Api

SENT = datetime.fromisoformat("2026-12-07T10:00:00+08:00")


def sheet(*answers: tuple[str, str, list[str]]) -> dict[str, Any]:
    return {
        "answers": [
            {
                "item_id": item,
                "answer": answer,
                "evidence_ids": photos,
                "note": f"{item} 已查",
                "device_time": (SENT + timedelta(minutes=n)).isoformat(),
            }
            for n, (item, answer, photos) in enumerate(answers)
        ]
    }


def a_visit_on_site(store_api: Api) -> str:
    officer = store_api.as_("officer")
    plan = b.a_visit(store_api.home, template=True)
    assert officer.post("/visits", plan).status_code == 201
    visit = f"/visits/{plan['visit_id']}"
    assert officer.post(f"{visit}/check-in", {"gps": b.GPS}).status_code == 200
    return visit


def test_an_answer_sheet_is_one_event_that_keeps_each_answer_at_its_time(
    store_api: Api,
) -> None:
    officer = store_api.as_("officer")
    visit = a_visit_on_site(store_api)
    photo = b.new_id()
    sent = sheet(("safety", "fail", [photo]), ("progress", "pass", []))
    answered = officer.post(f"{visit}/answer-sheet", sent)
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["answers"] == {
        "safety": {"answer": "fail", "note": "safety 已查", "evidence_ids": [photo]},
        "progress": {"answer": "pass", "note": "progress 已查", "evidence_ids": []},
    }
    events = officer.get(f"{visit}/history").get_json()["events"]
    assert [e["event"] for e in events] == [
        "Visit.Planned",
        "Visit.CheckedIn",
        "Visit.ItemsAnswered",
    ]
    shown = events[-1]["data"]["answers"]
    assert [(a["item_id"], a["answer"], a["evidence_ids"]) for a in shown] == [
        ("safety", "fail", [photo]),
        ("progress", "pass", []),
    ]
    times = [datetime.fromisoformat(a["device_time"]) for a in shown]
    assert times == [SENT, SENT + timedelta(minutes=1)]
    assert officer.post(f"{visit}/check-out", {"gps": b.GPS}).status_code == 200
    store_api.catch_up()
    (row,) = [
        r
        for r in officer.get("/ledgers/visits").get_json()["items"]
        if f"/visits/{r['id']}" == visit
    ]
    assert (row["passed"], row["failed"], row["evidence"]) == (1, 1, 1)


def test_a_sheet_with_one_wrong_answer_records_none_of_it(store_api: Api) -> None:
    officer = store_api.as_("officer")
    visit = a_visit_on_site(store_api)
    # safety needs a photo to pass or fail
    sent = sheet(("progress", "pass", []), ("safety", "pass", []))
    refused = officer.post(f"{visit}/answer-sheet", sent)
    assert refused.status_code == 422
    assert "safety needs a photo" in refused.get_json()["detail"]
    assert officer.get(visit).get_json()["answers"] == {}
    events = officer.get(f"{visit}/history").get_json()["events"]
    assert [e["event"] for e in events] == ["Visit.Planned", "Visit.CheckedIn"]
