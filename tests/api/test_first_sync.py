"""GET /sync/changes with no cursor: the current state, one entry per aggregate, then
the changes after it; nothing lost or doubled while others write."""

import threading
from typing import Any
from uuid import uuid4

from tests.api import bodies as b
from tests.api.conftest import Api, Caller

ESCALATE = {"to": "市发改委", "reason": b.REASON}
PAGE = 2  # small pages: the first sync spans many of the writers' commits
WRITES = 12  # per writer


def a_phone(api: Api) -> Caller:
    """A new phone of the county's auditor: its own client, no cursor yet."""
    auditor = api.as_("auditor")
    return Caller(api.app.test_client(), auditor.token, auditor.officer_id)


def raised(api: Api, count: int) -> list[str]:
    issues = [b.an_issue(api.home) for _ in range(count)]
    b.synced(api.as_("supervisor"), *(b.command("RaiseIssue", i) for i in issues))
    return [issue["issue_id"] for issue in issues]


def page(phone: Caller, cursor: str | None, limit: int = PAGE) -> dict[str, Any]:
    query: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    answer = phone.get("/sync/changes", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    found: dict[str, Any] = answer.get_json()
    return found


class Phone:
    """What a phone holds: each aggregate's version, from state and changes."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.held: dict[str, int] = {}
        self.seen: list[tuple[str, int]] = []

    def take(self, entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            key = entry["aggregate_id"]
            self.seen.append((key, entry["version"]))
            assert entry["version"] > self.held.get(key, 0), f"{entry} came again"
            self.held[key] = entry["version"]
            if not visible(self.scope, entry):  # moved away: the phone drops it
                del self.held[key]


def visible(scope: str, entry: dict[str, Any]) -> bool:
    code = entry["jurisdiction"]
    return code.startswith(scope) or scope.startswith(code)


def truth(phone: Caller, scope: str) -> dict[str, int]:
    """Each aggregate the caller sees now, at its version: its last change in a
    complete first sync once nothing is written any more."""
    cursor: str | None = None
    found: dict[str, int] = {}
    while True:
        answer = page(phone, cursor, 1000)
        found |= {
            e["aggregate_id"]: e["version"]
            for e in answer["changes"]
            if visible(scope, e)
        }
        if not answer["changes"]:
            return found
        cursor = answer["next_cursor"]


def test_a_first_sync_brings_one_entry_per_aggregate_at_its_latest_version(
    store_api: Api,
) -> None:
    issue_id = raised(store_api, 1)[0]
    store_api.as_("supervisor").post(f"/issues/{issue_id}/escalate", ESCALATE)
    phone, cursor = a_phone(store_api), None
    state: list[dict[str, Any]] = []
    while True:
        answer = page(phone, cursor)
        cursor = answer["next_cursor"]
        if not answer["state"]:
            break
        state += answer["changes"]
    keys = [entry["aggregate_id"] for entry in state]
    assert len(keys) == len(set(keys))
    (mine,) = [entry for entry in state if entry["aggregate_id"] == issue_id]
    assert (mine["event"], mine["version"]) == ("Issue.Escalated", 2)
    assert {str(store_api.home.project_id), str(store_api.home.enterprise_id)} <= set(
        keys
    )
    assert str(store_api.away.project_id) not in keys
    assert answer == {"changes": [], "state": False, "next_cursor": cursor}


def test_after_a_full_last_page_of_the_state_come_the_changes_not_an_empty_page(
    store_api: Api,
) -> None:
    """A phone stops at the first page with no changes: the page after a full last
    page of the state must bring what was written meanwhile, not nothing."""
    scope = store_api.home.jurisdiction
    whole = page(a_phone(store_api), None, 1000)
    assert whole["state"]
    assert 0 < len(whole["changes"]) < 1000  # the state on one page
    client, phone = a_phone(store_api), Phone(scope)
    first = page(client, None, len(whole["changes"]))  # the whole state, page full
    phone.take(first["changes"])
    assert first["state"]
    written = raised(store_api, 1)[0]  # before the phone reads on
    cursor = first["next_cursor"]
    while (answer := page(client, cursor))["changes"]:
        phone.take(answer["changes"])
        cursor = answer["next_cursor"]
    assert phone.held[written] == 1
    assert phone.held == truth(a_phone(store_api), scope)


def test_a_first_sync_under_concurrent_writes_misses_and_doubles_nothing(
    store_api: Api,
) -> None:
    before = raised(store_api, WRITES)  # changed while the phone lists the state
    supervisor = store_api.as_("supervisor")
    writer = Caller(
        store_api.app.test_client(), supervisor.token, supervisor.officer_id
    )
    phone, scope = Phone(store_api.home.jurisdiction), store_api.home.jurisdiction
    read, written = threading.Semaphore(0), []

    def write() -> None:  # one batch after each page the phone reads, as it reads on
        for issue_id in before:
            read.acquire(timeout=30)
            new = b.an_issue(store_api.home)
            escalate = {"issue_id": issue_id, **ESCALATE}
            b.synced(
                writer,
                b.command("RaiseIssue", new),
                b.command("EscalateIssue", escalate),
                device=f"phone-{uuid4()}",
            )
            written.append(issue_id)

    thread = threading.Thread(target=write)
    thread.start()
    client, cursor, state_pages, during = a_phone(store_api), None, 0, 0
    try:
        while True:
            finished = not thread.is_alive()  # before the read: it then sees all
            answer = page(client, cursor)
            read.release()
            phone.take(answer["changes"])
            cursor = answer["next_cursor"]
            state_pages += answer["state"]
            during = len(written) if answer["state"] else during
            if not answer["changes"] and finished:
                break
    finally:
        thread.join(60)
    assert state_pages > 1
    assert during > 0, "no write landed during the first sync"
    assert len(phone.seen) == len(set(phone.seen))
    assert phone.held == truth(a_phone(store_api), scope)
    assert all(phone.held[i] >= 2 for i in before)  # every escalation reached it
