"""Phones writing one record at the same instant, over real HTTP, on a SQLite file and
on PostgreSQL: a write with no base version lands, one on a stale version hears of
the conflict with the current version, and a handler's command racing a transfer
never applies for the old department."""

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from threading import Barrier
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest
import requests

from tests.conftest import fresh_schema
from tests.e2e.client import Api, add_user, session
from tests.e2e.conftest import COUNTY, ITEMS, LAND_BUREAU, enterprise, project
from tests.e2e.server import cli, serve

PHONES = 8
T = TypeVar("T")


@dataclass(frozen=True)
class County:
    officer: Api
    supervisor: Api
    handler: Api
    project_id: UUID
    env: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def county(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[County]:
    folder = tmp_path_factory.mktemp("races")
    with store(request, folder) as url:
        env = {
            "SITELEDGER_DATABASE_URL": url,
            "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
            "SITELEDGER_JWT_SECRET": "races-" + uuid4().hex,
        }
        ids = {
            "officer": add_user(env, "wang", COUNTY, "officer"),
            "supervisor": add_user(env, "li-na", COUNTY, "supervisor"),
            "handler": add_user(
                env, "zhao-min", COUNTY, "handler", department=LAND_BUREAU
            ),
            "admin": add_user(env, "admin", COUNTY, "admin"),
        }
        cli(env, "departments", "add", "FGJ", "县发改局", "--jurisdiction", COUNTY)
        with serve(env) as base_url:
            staff = {
                role: session(base_url, username, ids[role])
                for role, username in (
                    ("officer", "wang"),
                    ("supervisor", "li-na"),
                    ("handler", "zhao-min"),
                    ("admin", "admin"),
                )
            }
            yield County(
                staff["officer"],
                staff["supervisor"],
                staff["handler"],
                a_site(staff["admin"]),
                env,
            )


def store(request: pytest.FixtureRequest, folder: Path) -> AbstractContextManager[str]:
    if request.param == "sqlite":
        return nullcontext(f"sqlite:///{folder}/events.sqlite3")
    return fresh_schema(request.getfixturevalue("postgres_server"))


def a_site(admin: Api) -> UUID:
    enterprise_id, project_id, template_id = uuid4(), uuid4(), uuid4()
    admin.ok("/enterprises", enterprise(enterprise_id), 201)
    admin.ok("/projects", project(project_id, enterprise_id), 201)
    template = {"template_id": str(template_id), "name": "检查", "jurisdiction": COUNTY}
    admin.ok("/checklists", template, 201)
    admin.ok(f"/checklists/{template_id}/versions", {"items": ITEMS})
    return project_id


def a_visit(county: County) -> tuple[UUID, int]:
    """A visit checked in; its id and version."""
    visit_id, officer = uuid4(), county.officer
    plan = {
        "visit_id": str(visit_id),
        "officer_ids": [str(officer.officer_id)],
        "kind": "inspection",
        "planned_for": date.today().isoformat(),
        "project_id": str(county.project_id),
    }
    officer.ok("/visits", plan, 201)
    gps = {"lat": 34.5, "lon": 109.5, "accuracy_m": 10}
    return visit_id, officer.ok(f"/visits/{visit_id}/check-in", {"gps": gps})["version"]


def at_once(sends: Sequence[Callable[[], T]]) -> list[T]:
    """Each call in a thread of its own, released together."""
    barrier = Barrier(len(sends))

    def released(send: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return send()

    with ThreadPoolExecutor(len(sends)) as pool:
        return list(pool.map(released, sends))


def note(phone: Api, visit_id: UUID, n: int, **headers: str) -> requests.Response:
    return phone.post(f"/visits/{visit_id}/notes", {"text": f"记录 {n}"}, **headers)


def synced_note(phone: Api, visit_id: UUID, n: int, base: int | None) -> Any:
    command: dict[str, Any] = {
        "command_id": str(uuid4()),
        "type": "AddVisitNote",
        "device_time": datetime.now(UTC).isoformat(),
        "args": {"visit_id": str(visit_id), "text": f"离线记录 {n}"},
    }
    if base is not None:
        command["base_version"] = base
    body = {"device_id": f"phone-{n}", "commands": [command]}
    (result,) = phone.ok("/sync", body)["results"]
    return result


def phones(county: County) -> list[Api]:
    return [county.officer.another_device() for _ in range(PHONES)]


def test_notes_racing_without_if_match_all_land(county: County) -> None:
    visit_id, version = a_visit(county)
    sends = [
        lambda p=p, n=n: note(p, visit_id, n) for n, p in enumerate(phones(county))
    ]
    answers = at_once(sends)
    assert [a.status_code for a in answers] == [200] * PHONES
    assert sorted(a.json()["version"] for a in answers) == list(
        range(version + 1, version + 1 + PHONES)
    )


def test_notes_racing_on_one_version_land_once_and_the_rest_get_412(
    county: County,
) -> None:
    visit_id, version = a_visit(county)
    match = {"If-Match": f'"{version}"'}
    sends = [
        partial(note, p, visit_id, n, **match) for n, p in enumerate(phones(county))
    ]
    answers = at_once(sends)
    assert sorted(a.status_code for a in answers) == [200] + [412] * (PHONES - 1)
    for refused in (a for a in answers if a.status_code == 412):
        assert refused.json()["current_version"] == version + 1


def test_synced_notes_racing_without_a_base_version_all_land(county: County) -> None:
    visit_id, version = a_visit(county)
    sends = [
        partial(synced_note, p, visit_id, n, None) for n, p in enumerate(phones(county))
    ]
    results = at_once(sends)
    assert [r["status"] for r in results] == ["applied"] * PHONES
    assert sorted(r["version"] for r in results) == list(
        range(version + 1, version + 1 + PHONES)
    )


def test_synced_notes_racing_on_one_base_version_land_once_and_the_rest_conflict(
    county: County,
) -> None:
    visit_id, version = a_visit(county)
    sends = [
        partial(synced_note, p, visit_id, n, version)
        for n, p in enumerate(phones(county))
    ]
    results = at_once(sends)
    statuses = sorted(r["status"] for r in results)
    assert statuses == ["applied"] + ["conflict"] * (PHONES - 1)
    conflicts = [r for r in results if r["status"] == "conflict"]
    assert {r["current_version"] for r in conflicts} == {version + 1}


def test_a_handlers_command_racing_a_transfer_never_applies_for_the_old_department(
    county: County,
) -> None:
    due = (date.today() + timedelta(days=20)).isoformat()
    for _ in range(6):
        issue_id = uuid4()
        county.officer.ok("/issues", a_problem(issue_id, county.project_id), 201)
        assign = {"department": LAND_BUREAU, "deadline": due}
        county.supervisor.ok(f"/issues/{issue_id}/assign", assign)
        move = {"department": "县发改局", "deadline": due, "reason": "需调整规划"}
        accepted, moved = at_once(
            [
                partial(county.handler.post, f"/issues/{issue_id}/accept", {}),
                partial(county.supervisor.post, f"/issues/{issue_id}/transfer", move),
            ]
        )
        assert moved.status_code == 200, moved.text
        history = county.supervisor.read(f"/issues/{issue_id}/history")["events"]
        kinds = [e["event"] for e in history]
        if accepted.status_code == 403:
            assert "Issue.Accepted" not in kinds
        else:
            assert accepted.status_code == 200, accepted.text
            assert kinds.index("Issue.Accepted") < kinds.index("Issue.Transferred")


def a_problem(issue_id: UUID, project_id: UUID) -> dict[str, str]:
    return {
        "issue_id": str(issue_id),
        "source": "hotline_12345",
        "category": "land",
        "severity": "high",
        "description": "项目用地指标未落实",
        "project_id": str(project_id),
    }
