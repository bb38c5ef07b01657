"""POST /sync answers each command of a phone's batch in order; GET /sync/changes pages."""

from typing import Any
from uuid import uuid4

import pytest

from tests.api import bodies as b
from tests.api.conftest import Api, Caller, an_officer

PROBLEM = "application/problem+json"
ESCALATE = {"to": "市发改委", "reason": b.REASON}


def test_each_command_of_a_batch_is_answered_in_order_and_a_bad_one_sinks_no_other(
    api: Api,
) -> None:
    raised = b.an_issue(api.home)
    target = {"issue_id": raised["issue_id"]}
    raise_ = b.command("RaiseIssue", raised)
    escalate = b.command("EscalateIssue", target | ESCALATE, base_version=1)
    sent = [
        raise_,
        b.command("EscalateIssue", target | ESCALATE | {"to": " "}),
        escalate,
        b.command("EscalateIssue", target | ESCALATE, base_version=1),
        raise_,
        escalate | {"args": target | ESCALATE | {"to": "省发改委"}},
        b.command("MoveProject", {"project_id": str(api.home.project_id)} | b.MOVE),
        b.command("RaiseIssue", {"issue_id": "not-an-id"}),
        b.command("EscalateIssue", {"issue_id": str(uuid4())} | ESCALATE),
    ]
    before = api.events()
    results = b.synced(api.as_("supervisor"), *sent)
    assert [r["status"] for r in results] == [
        "applied",
        "rejected",
        "applied",
        "conflict",
        "duplicate",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
    ]
    assert [r.get("version") for r in results[:5:2]] == [1, 2, 1]
    assert results[3]["current_version"] == 2
    problems = [r["problem"] for r in results if r["status"] == "rejected"]
    assert [p["status"] for p in problems] == [422, 422, 403, 422, 404]
    assert problems[1]["title"] == "Idempotency key reused"
    assert set(problems[3]["errors"]) >= {"issue_id", "source", "description"}
    issue = api.as_("auditor").get(f"/issues/{raised['issue_id']}").get_json()
    assert (issue["version"], issue["escalation_level"]) == (2, 1)
    assert api.events() == before + 2  # two events; receipts are rows beside them


def test_a_batch_sent_again_is_answered_as_duplicates_and_stores_nothing(
    api: Api,
) -> None:
    raised = b.an_issue(api.home)
    sent = [
        b.command("RaiseIssue", raised),
        b.command("EscalateIssue", {"issue_id": raised["issue_id"]} | ESCALATE),
    ]
    first = b.synced(api.as_("supervisor"), *sent)
    before = api.events()
    again = b.synced(api.as_("supervisor"), *sent)
    assert [r["status"] for r in first] == ["applied", "applied"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["version"] for r in again] == [r["version"] for r in first]
    assert api.events() == before


def test_an_update_before_its_create_is_rejected_and_the_create_applied(
    api: Api,
) -> None:
    raised = b.an_issue(api.home)
    early = b.command("EscalateIssue", {"issue_id": raised["issue_id"]} | ESCALATE)
    results = b.synced(api.as_("supervisor"), early, b.command("RaiseIssue", raised))
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["problem"] == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": f"Issue {raised['issue_id']} not found",
    }


@pytest.mark.parametrize(
    ("clock", "detail"),
    [
        ("0001-01-01T00:00:00+08:00", "device_time: year out of range"),
        ("9999-12-31T23:59:59+08:00", "device_time: year out of range"),
        ("2026-05-01T10:00:00+14:30", "device_time: offset must be within ±14:00"),
    ],
)
def test_a_command_made_by_an_impossible_clock_is_rejected_alone(
    api: Api, clock: str, detail: str
) -> None:
    wrong = b.command("RaiseIssue", b.an_issue(api.home), device_time=clock)
    results = b.synced(
        api.as_("officer"), wrong, b.command("RaiseIssue", b.an_issue(api.home))
    )
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert (results[0]["problem"]["status"], results[0]["problem"]["detail"]) == (
        422,
        detail,
    )


@pytest.mark.parametrize(
    "clock", ["2026-05-01T10:00:00+14:00", "2026-05-01T10:00:00-14:00"]
)
def test_a_synced_command_keeps_its_device_and_clock_in_the_history(
    api: Api, clock: str
) -> None:
    raised = b.an_issue(api.home)
    sent = b.command("RaiseIssue", raised, device_time=clock)
    b.synced(api.as_("officer"), sent, device="phone-42")
    history = api.as_("auditor").get(f"/issues/{raised['issue_id']}/history").get_json()
    (entry,) = history["events"]
    assert (entry["device_id"], entry["device_time"]) == ("phone-42", clock)
    assert (entry["command_id"], entry["actor_id"]) == (
        sent["command_id"],
        str(api.as_("officer").officer_id),
    )


SNEAKY = {
    "NUL": "前\x00后",
    "lone surrogate": "前\ud800后",
    "RTL override": "合同\u202etxt.exe",
    "CR LF": "前\r\n后",
}


@pytest.mark.parametrize("text", SNEAKY.values(), ids=SNEAKY)
def test_sneaky_text_in_a_synced_command_rejects_that_command_alone(
    api: Api, text: str
) -> None:
    sneaky = b.command("RaiseIssue", b.an_issue(api.home) | {"description": text})
    before = api.events()
    results = b.synced(
        api.as_("officer"), sneaky, b.command("RaiseIssue", b.an_issue(api.home))
    )
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["problem"]["status"] == 422
    assert "description" in str(results[0]["problem"])
    assert api.events() == before + 1  # the good one's event (its receipt is a row)


@pytest.mark.parametrize("device", ["phone\x00", "phone\ud800", "\u202ephone", ""])
def test_a_batch_from_an_unusable_device_id_is_refused_whole(
    api: Api, device: str
) -> None:
    before = api.events()
    response = api.as_("officer").post(
        "/sync",
        {
            "device_id": device,
            "commands": [b.command("RaiseIssue", b.an_issue(api.home))],
        },
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert list(response.get_json()["errors"]["json"]) == ["device_id"]
    assert api.events() == before


ENVELOPES = {
    "a clock without offset": ({"device_time": "2026-05-01T10:00:00"}, "device_time"),
    "a clock that is no time": ({"device_time": "NaN"}, "device_time"),
    "an unknown command": ({"type": "DeleteEverything"}, "type"),
    "a field of no command": ({"status": "applied"}, "status"),
    "arguments that are no object": ({"args": ["x"]}, "args"),
    "a negative base version": ({"base_version": -1}, "base_version"),
    "no command id": ({"command_id": None}, "command_id"),
}


@pytest.mark.parametrize(("change", "field"), ENVELOPES.values(), ids=ENVELOPES)
def test_a_malformed_envelope_refuses_the_batch_naming_the_command_and_field(
    api: Api, change: b.Body, field: str
) -> None:
    good = b.command("RaiseIssue", b.an_issue(api.home))
    bad = b.command("RaiseIssue", b.an_issue(api.home)) | change
    before = api.events()
    response = api.as_("officer").post(
        "/sync", {"device_id": "p", "commands": [good, bad]}
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert list(response.get_json()["errors"]["json"]["commands"]["1"]) == [field]
    assert api.events() == before


@pytest.mark.parametrize("size", [0, 501])
def test_a_batch_holds_one_to_five_hundred_commands(api: Api, size: int) -> None:
    commands = [b.command("RaiseIssue", b.an_issue(api.home)) for _ in range(size)]
    before = api.events()
    response = api.as_("officer").post(
        "/sync", {"device_id": "p", "commands": commands}
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert api.events() == before


def test_the_changes_feed_brings_what_changed_since_the_cursor_in_order(
    api: Api,
) -> None:
    reader = api.as_("auditor")
    cursor = reader.get("/sync/changes?limit=1000").get_json()["next_cursor"]
    raised = b.an_issue(api.home)
    b.synced(
        api.as_("supervisor"),
        b.command("RaiseIssue", raised),
        b.command("EscalateIssue", {"issue_id": raised["issue_id"]} | ESCALATE),
    )
    page = reader.get(f"/sync/changes?cursor={cursor}").get_json()
    assert [(c["aggregate_id"], c["event"], c["version"]) for c in page["changes"]] == [
        (raised["issue_id"], "Issue.Raised", 1),
        (raised["issue_id"], "Issue.Escalated", 2),
    ]
    assert page["changes"][0]["position"] < page["changes"][1]["position"]
    after = reader.get(f"/sync/changes?cursor={page['next_cursor']}").get_json()
    assert after == {"changes": [], "state": False, "next_cursor": page["next_cursor"]}


def an_inspection_offline(api: Api, **visit: Any) -> list[b.Body]:
    """A visit as a phone runs it offline: planned, on site, a failed item with a
    problem the enterprise raised, finished (each command stamped as made)."""
    planned = b.a_visit(api.home) | visit
    visit_id = planned["visit_id"]
    answer = {"visit_id": visit_id, "item_id": "progress", "answer": "fail"}
    problem = b.an_issue(api.home) | {"source": "visit", "visit_id": visit_id}
    return [
        b.command("PlanVisit", planned),
        b.command("CheckIn", {"visit_id": visit_id, "gps": b.GPS}),
        b.command("AnswerItem", answer | {"note": "进度滞后"}),
        b.command("RaiseIssue", problem),
        b.command("FinishVisit", {"visit_id": visit_id}),
    ]


def test_a_problem_raised_on_a_visit_reports_the_visits_new_version_too(
    api: Api,
) -> None:
    """The problem records itself on the visit: a phone that sends the visit's
    version with its next command learns it from `also`, also on a replay."""
    officer, planned = api.as_("officer"), b.a_visit(api.home)
    visit_id = planned["visit_id"]
    problem = b.an_issue(api.home) | {"source": "visit", "visit_id": visit_id}
    batch = [
        b.command("PlanVisit", planned, base_version=0),
        b.command("CheckIn", {"visit_id": visit_id, "gps": b.GPS}, base_version=1),
        b.command("RaiseIssue", problem),
    ]
    results = b.synced(officer, *batch)
    raised = results[2]
    assert (raised["aggregate_id"], raised["version"]) == (problem["issue_id"], 1)
    assert raised["also"] == [{"aggregate_id": visit_id, "version": 3}]
    assert [r["also"] for r in results[:2]] == [[], []]
    assert b.synced(officer, *batch)[2]["also"] == raised["also"]  # a replay
    note = {"visit_id": visit_id, "text": "企业反映用地问题"}
    (added,) = b.synced(officer, b.command("AddVisitNote", note, base_version=3))
    assert (added["status"], added["version"]) == ("applied", 4)


def a_published_checklist(api: Api) -> str:
    template = b.a_checklist(api.home)
    item: b.Body = {"item_id": "progress", "text": "形象进度", "category": "进度"}
    item |= {"photo_required": False}
    version = {"template_id": template["template_id"], "items": [item]}
    made = b.synced(
        api.as_("admin"),
        b.command("CreateChecklistTemplate", template),
        b.command("PublishChecklistVersion", version),
    )
    assert [r["status"] for r in made] == ["applied", "applied"], made
    return str(template["template_id"])


def test_an_inspection_run_offline_stands_though_its_checklist_retired_meanwhile(
    api: Api,
) -> None:
    template_id = a_published_checklist(api)
    offline = an_inspection_offline(api, template_id=template_id, template_version=1)
    retire = {"template_id": template_id, "reason": "换新版"}
    b.synced(api.as_("admin"), b.command("RetireChecklistTemplate", retire))
    results = b.synced(api.as_("officer"), *offline)
    assert [r["status"] for r in results] == ["applied"] * len(offline), results
    later = b.a_visit(api.home) | {"template_id": template_id}
    (refused,) = b.synced(api.as_("officer"), b.command("PlanVisit", later))
    assert (refused["status"], refused["problem"]["status"]) == ("rejected", 409)
    assert "retired" in refused["problem"]["detail"]


def test_an_inspection_run_offline_stands_though_a_teammate_left_meanwhile(
    api: Api,
) -> None:
    admin = api.as_("admin")
    teammate = b.an_officer(api.home)
    b.synced(admin, b.command("RegisterOfficer", teammate))
    team = [str(api.home.officer_id), teammate["officer_id"]]
    template_id = a_published_checklist(api)
    offline = an_inspection_offline(api, officer_ids=team, template_id=template_id)
    leave = {"officer_id": teammate["officer_id"], "reason": "调离"}
    b.synced(admin, b.command("DeactivateOfficer", leave))
    results = b.synced(api.as_("officer"), *offline)
    assert [r["status"] for r in results] == ["applied"] * len(offline)
    later = b.a_visit(api.home) | {"officer_ids": team}
    (refused,) = b.synced(api.as_("officer"), b.command("PlanVisit", later))
    assert "is not active" in refused["problem"]["detail"]


def test_a_phone_moved_to_another_township_is_told_to_read_the_feed_again(
    fresh_api: Api,
) -> None:
    """What lies in the new township before the cursor would never reach the phone."""
    api, admin = fresh_api, fresh_api.as_("admin")
    officer_id = an_officer(api.services, "officer", "610502001")
    token, _ = api.services.tokens.issue(officer_id, "officer.610502001")
    phone = Caller(api.app.test_client(), token, officer_id)
    there = b.a_project(api.home) | {"jurisdiction": "610502002"}
    b.synced(admin, b.command("RegisterProject", there))
    cursor = phone.get("/sync/changes?limit=1000").get_json()["next_cursor"]
    move = {"officer_id": str(officer_id), "jurisdiction": "610502002"}
    b.synced(admin, b.command("AssignJurisdiction", move))
    stale = phone.get(f"/sync/changes?cursor={cursor}")
    assert (stale.status_code, stale.mimetype) == (410, PROBLEM)
    assert "read the feed again from the start" in stale.get_json()["detail"]
    again = phone.get("/sync/changes?limit=1000").get_json()["changes"]
    assert there["project_id"] in {change["aggregate_id"] for change in again}
    before = phone.get("/sync/changes?cursor=djE6NQ")  # "v1:5", as cursors were
    assert (before.status_code, before.get_json()["detail"]) == (
        410,
        "the cursor names no jurisdiction: read the feed again from the start"
        " (no cursor)",
    )


@pytest.mark.parametrize(
    "query", ["cursor=not-ours", "cursor=djE6eA", "limit=0", "limit=1001"]
)
def test_a_feed_query_the_service_did_not_give_out_is_refused(
    api: Api, query: str
) -> None:
    response = api.as_("auditor").get(f"/sync/changes?{query}")
    assert response.status_code in {400, 422}
    assert response.mimetype == PROBLEM
