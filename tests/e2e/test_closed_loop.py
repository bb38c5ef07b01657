"""A problem's closed loop over real HTTP: found on an offline visit, assigned,
resolved after a send-back, closed, rated, audited and synced to a phone."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.e2e.client import Api
from tests.e2e.conftest import LAND_BUREAU, Site, Staff

BEIJING = timezone(timedelta(hours=8))
LOOP = [
    "Issue.Raised",
    "Issue.Assigned",
    "Issue.Accepted",
    "Issue.ResolutionProposed",
    "Issue.SentBack",
    "Issue.ResolutionProposed",
    "Issue.ClosedOut",
    "Issue.Rated",
]


@dataclass(frozen=True)
class Synced:
    """An officer's offline batch, sent twice, and the server's two answers."""

    visit_id: UUID
    issue_ids: tuple[UUID, UUID]
    commands: list[dict[str, Any]]
    first: list[dict[str, Any]]
    second: list[dict[str, Any]]


def offline_batch(officer_id: UUID, site: Site) -> tuple[UUID, list[UUID], list[Any]]:
    """Plan, check in, answer the checklist, raise two problems: made offline, in order."""
    visit_id, issue_ids = uuid4(), [uuid4(), uuid4()]
    visit = {"visit_id": str(visit_id)}
    made = datetime.now(BEIJING) - timedelta(hours=2)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("PlanVisit", visit | plan(officer_id, site)),
        ("CheckIn", visit | {"gps": {"lat": 34.49, "lon": 109.49, "accuracy_m": 6}}),
        ("AnswerItem", visit | {"item_id": "safety", "answer": "pass"}),
        ("AnswerItem", visit | {"item_id": "progress", "answer": "fail"}),
        *(
            ("RaiseIssue", visit | problem(i, text))
            for i, text in zip(issue_ids, TEXTS, strict=True)
        ),
    ]
    commands = [
        {
            "command_id": str(uuid4()),
            "type": kind,
            "device_time": (made + timedelta(minutes=n)).isoformat(),
            "args": args,
        }
        for n, (kind, args) in enumerate(steps)
    ]
    return visit_id, issue_ids, commands


TEXTS = ("施工用地手续未办结，影响二期开工", "临时用电容量不足，需增容")


def plan(officer_id: UUID, site: Site) -> dict[str, Any]:
    return {
        "officer_ids": [str(officer_id)],
        "kind": "inspection",
        "planned_for": date.today().isoformat(),
        "project_id": str(site.project_id),
        "template_id": str(site.template_id),
    }


def problem(issue_id: UUID, description: str) -> dict[str, str]:
    return {
        "issue_id": str(issue_id),
        "source": "visit",
        "category": "land",
        "severity": "high",
        "description": description,
    }


@pytest.fixture(scope="module")
def synced(staff: Staff, site: Site) -> Synced:
    visit_id, issue_ids, commands = offline_batch(staff.officer.officer_id, site)
    batch = {"device_id": "phone-wang-01", "commands": commands}
    first = staff.officer.ok("/sync", batch)["results"]
    second = staff.officer.ok("/sync", batch)["results"]
    return Synced(visit_id, (issue_ids[0], issue_ids[1]), commands, first, second)


def act(api: Api, issue_id: UUID, action: str, body: dict[str, Any]) -> dict[str, Any]:
    return api.ok(f"/issues/{issue_id}/{action}", body)


@pytest.fixture(scope="module")
def assigned(staff: Staff, synced: Synced) -> dict[str, Any]:
    deadline = (date.today() + timedelta(days=15)).isoformat()
    body = {"department": LAND_BUREAU, "deadline": deadline}
    return act(staff.supervisor, synced.issue_ids[0], "assign", body)


@pytest.fixture(scope="module")
def proposed(staff: Staff, assigned: dict[str, Any]) -> dict[str, Any]:
    act(staff.handler, assigned["id"], "accept", {})
    body = {"summary": "已协调办理用地预审手续"}
    return act(staff.handler, assigned["id"], "resolution", body)


@pytest.fixture(scope="module")
def sent_back(staff: Staff, proposed: dict[str, Any]) -> dict[str, Any]:
    body = {"reason": "企业反映手续仍未办结，请核实"}
    return act(staff.supervisor, proposed["id"], "send-back", body)


@pytest.fixture(scope="module")
def closed(staff: Staff, sent_back: dict[str, Any]) -> dict[str, Any]:
    body = {"summary": "用地批复已下达，企业已领取"}
    again = act(staff.handler, sent_back["id"], "resolution", body)
    response = staff.supervisor.post(
        f"/issues/{again['id']}/close-out",
        {"note": "经回访核实，问题已解决"},
        **{"If-Match": f'"{again["version"]}"'},
    )
    assert response.status_code == 200, response.text
    closing: dict[str, Any] = response.json()
    return closing


@pytest.fixture(scope="module")
def rated(staff: Staff, closed: dict[str, Any]) -> dict[str, Any]:
    body = {"satisfaction": "satisfied", "comment": "办理及时", "channel": "phone"}
    return act(staff.callback, closed["id"], "rating", body)


def test_an_offline_batch_is_applied_in_order(synced: Synced) -> None:
    assert [r["status"] for r in synced.first] == ["applied"] * 6
    sent = [c["command_id"] for c in synced.commands]
    assert [r["command_id"] for r in synced.first] == sent
    visit_versions = [r["version"] for r in synced.first[:4]]
    assert visit_versions == [1, 2, 3, 4]
    assert [r["aggregate_id"] for r in synced.first[4:]] == [
        str(i) for i in synced.issue_ids
    ]


def test_the_same_batch_sent_again_is_all_duplicate(synced: Synced) -> None:
    assert [r["status"] for r in synced.second] == ["duplicate"] * 6
    strip = [{k: v for k, v in r.items() if k != "status"} for r in synced.first]
    assert [{k: v for k, v in r.items() if k != "status"} for r in synced.second] == (
        strip
    )


def test_the_visit_shows_its_answers_and_both_problems(
    staff: Staff, synced: Synced
) -> None:
    visit = staff.supervisor.read(f"/visits/{synced.visit_id}")
    assert visit["status"] == "in_progress"
    assert {k: a["answer"] for k, a in visit["answers"].items()} == {
        "safety": "pass",
        "progress": "fail",
    }
    assert visit["issue_ids"] == [str(i) for i in synced.issue_ids]
    assert visit["version"] == 6  # four steps and a problem recorded twice


def test_a_supervisor_assigns_a_problem_to_a_department(
    assigned: dict[str, Any],
) -> None:
    assert assigned["status"] == "assigned"
    assert assigned["department"] == LAND_BUREAU


def test_the_departments_handler_proposes_a_resolution(
    proposed: dict[str, Any],
) -> None:
    assert proposed["status"] == "resolution_proposed"
    assert proposed["resolution"] == "已协调办理用地预审手续"


def test_the_supervisor_sends_the_resolution_back(sent_back: dict[str, Any]) -> None:
    assert sent_back["status"] == "accepted"
    assert sent_back["send_backs"] == 1


def test_the_supervisor_closes_a_second_resolution(closed: dict[str, Any]) -> None:
    assert closed["status"] == "closed"
    assert closed["resolution"] == "用地批复已下达，企业已领取"


def test_the_enterprise_rates_the_closed_problem(rated: dict[str, Any]) -> None:
    assert rated["satisfaction"] == "satisfied"
    assert rated["version"] == len(LOOP)


def test_an_auditor_reads_who_did_what_in_the_history(
    staff: Staff, rated: dict[str, Any]
) -> None:
    history = staff.auditor.read(f"/issues/{rated['id']}/history")
    assert [e["event"] for e in history["events"]] == LOOP
    actors = [UUID(e["actor_id"]) for e in history["events"]]
    officer, supervisor = staff.officer.officer_id, staff.supervisor.officer_id
    handler, callback = staff.handler.officer_id, staff.callback.officer_id
    assert actors == [
        *(officer, supervisor, handler, handler),
        *(supervisor, handler, supervisor, callback),
    ]
    assert history["events"][0]["device_id"] == "phone-wang-01"


def test_an_auditor_reads_the_problem_as_of_before_the_close(
    staff: Staff, rated: dict[str, Any]
) -> None:
    events = staff.auditor.read(f"/issues/{rated['id']}/history")["events"]
    before_close = events[LOOP.index("Issue.ClosedOut") - 1]
    then = staff.auditor.read(
        f"/issues/{rated['id']}", as_of=before_close["recorded_at"]
    )
    assert (then["status"], then["version"]) == ("resolution_proposed", 6)
    at_version = staff.auditor.read(f"/issues/{rated['id']}", version=6)
    assert at_version == then
    earliest = datetime.fromisoformat(events[0]["recorded_at"])
    too_early = (earliest - timedelta(seconds=1)).astimezone(UTC).isoformat()
    assert staff.auditor.get(f"/issues/{rated['id']}", as_of=too_early).status_code == (
        404
    )


def pull(phone: Api, cursor: str | None, limit: int) -> tuple[list[Any], str]:
    params: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    page = phone.read("/sync/changes", **params)
    return page["changes"], page["next_cursor"]


def pull_all(phone: Api, cursor: str | None, limit: int) -> tuple[list[Any], str]:
    """Every change after the cursor, a page at a time, and the cursor to keep."""
    changes: list[Any] = []
    for _ in range(10_000):
        page, cursor = pull(phone, cursor, limit)
        if not page:
            assert cursor is not None
            return changes, cursor
        changes += page
    raise AssertionError("the feed never ended")


def test_a_phone_s_first_sync_brings_each_aggregate_once_at_its_latest_version(
    staff: Staff, synced: Synced, rated: dict[str, Any]
) -> None:
    changes, cursor = pull_all(staff.officer, None, limit=3)
    positions = [c["position"] for c in changes]
    assert positions == sorted(set(positions))
    seen = [(c["aggregate_id"], c["version"]) for c in changes]
    assert len({aggregate_id for aggregate_id, _ in seen}) == len(seen)
    for aggregate_id, last in [
        (synced.visit_id, 6),
        (synced.issue_ids[0], len(LOOP)),
        (synced.issue_ids[1], 1),
    ]:
        versions = [v for i, v in seen if i == str(aggregate_id)]
        assert versions == [last]
    assert pull_all(staff.officer, cursor, limit=3)[0] == []
