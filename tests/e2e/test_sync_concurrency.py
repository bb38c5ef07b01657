"""A phone pulls the sync feed while others write: each change exactly once."""

import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

from tests.e2e.client import Api
from tests.e2e.conftest import Site, Staff

BEIJING = timezone(timedelta(hours=8))
WRITERS = 3
NOTES = 24  # per writer
PAGE = 5  # small pages: a pull often ends mid-burst
SECONDS = 90  # the whole test; it takes a few seconds


def open_visit(officer: Api, site: Site) -> UUID:
    """A visit checked in, so notes can be added to it."""
    visit_id = uuid4()
    plan = {
        "visit_id": str(visit_id),
        "officer_ids": [str(officer.officer_id)],
        "kind": "service",
        "planned_for": date.today().isoformat(),
        "enterprise_id": str(site.enterprise_id),
    }
    officer.ok("/visits", plan, 201)
    gps = {"lat": 34.5, "lon": 109.5, "accuracy_m": 10}
    officer.ok(f"/visits/{visit_id}/check-in", {"gps": gps})
    return visit_id


def note_by_note(officer: Api, visit_id: UUID) -> list[int]:
    """Notes sent one request each; answers the versions they made."""
    return [
        officer.ok(f"/visits/{visit_id}/notes", {"text": f"记录 {n}"})["version"]
        for n in range(NOTES)
    ]


def in_batches(officer: Api, visit_id: UUID, size: int = 4) -> list[int]:
    """Notes sent as offline batches of `size`; answers the versions they made."""
    versions: list[int] = []
    for start in range(0, NOTES, size):
        commands = [
            {
                "command_id": str(uuid4()),
                "type": "AddVisitNote",
                "device_time": datetime.now(BEIJING).isoformat(),
                "args": {"visit_id": str(visit_id), "text": f"离线记录 {n}"},
            }
            for n in range(start, start + size)
        ]
        batch = {"device_id": f"phone-{visit_id}", "commands": commands}
        results = officer.ok("/sync", batch)["results"]
        assert {r["status"] for r in results} == {"applied"}, results
        versions += [r["version"] for r in results]
    return versions


def pull(phone: Api, cursor: str) -> tuple[list[dict[str, Any]], str]:
    page = phone.read("/sync/changes", cursor=cursor, limit=PAGE)
    return page["changes"], page["next_cursor"]


def head(phone: Api) -> str:
    """The cursor of the feed's end, as a phone that is up to date holds it."""
    page = phone.read("/sync/changes", limit=1000)
    for _ in range(1000):
        if not page["changes"]:
            cursor: str = page["next_cursor"]
            return cursor
        page = phone.read("/sync/changes", cursor=page["next_cursor"], limit=1000)
    raise AssertionError("the feed never ended")


def test_a_phone_pulling_while_others_write_gets_each_change_exactly_once(
    staff: Staff, site: Site
) -> None:
    visits = [open_visit(staff.officer, site) for _ in range(WRITERS)]
    phone = staff.supervisor
    cursor = head(phone)
    writers = [note_by_note, in_batches, note_by_note]
    deadline = time.monotonic() + SECONDS
    pulled: list[dict[str, Any]] = []
    with ThreadPoolExecutor(WRITERS) as pool:
        futures: list[Future[list[int]]] = [
            pool.submit(write, staff.officer.another_device(), visit_id)
            for write, visit_id in zip(writers, visits, strict=True)
        ]
        while not all(f.done() for f in futures) and time.monotonic() < deadline:
            page, cursor = pull(phone, cursor)
            pulled += page
        during = len(pulled)
        written = {
            (str(visit_id), version)
            for visit_id, future in zip(visits, futures, strict=True)
            for version in future.result(timeout=max(deadline - time.monotonic(), 1))
        }
    for _ in range(100):  # what was written after the last pull
        page, cursor = pull(phone, cursor)
        if not page:
            break
        pulled += page
    assert during > 0, "the phone pulled nothing while the others wrote"
    seen = [(c["aggregate_id"], c["version"]) for c in pulled]
    assert len(seen) == len(set(seen)), "a change came twice"
    assert set(seen) == written
    positions = [c["position"] for c in pulled]
    assert positions == sorted(positions)
    assert len(written) == WRITERS * NOTES
