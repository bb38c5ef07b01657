"""Out of a caller's subtree is out of sight: answered exactly like an id never used."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid4

import pytest
from werkzeug.test import TestResponse

from domain.commands import checklist, enterprise, officer, project
from domain.commands.base import Command
from tests.api import bodies as b
from tests.api.conftest import (
    AWAY,
    CITY_ADMIN,
    HOME,
    OUTSIDER,
    Api,
    Caller,
    Place,
)
from tests.api.scenarios import SCENARIOS, Acting

KINDS = ("projects", "enterprises", "officers", "checklists", "visits", "issues")
ACTIONS = [c for c, scenario in SCENARIOS.items() if isinstance(scenario, Acting)]
READS = ["", "?version=1", "?as_of={now}", "/history"]
# Who reads, the county they see, and the county they do not.
READERS = [("auditor", HOME, AWAY), (OUTSIDER, AWAY, HOME)]
Answer = tuple[int, str | None, bytes, list[tuple[str, str]]]
Held = dict[str, dict[str, str]]


def answer_of(response: TestResponse, *ids: UUID | str) -> Answer:
    """Status, type, body and headers, with the ids asked about blanked out."""
    body, headers = response.get_data(as_text=True), list(response.headers.items())
    for named in map(str, ids):
        body = body.replace(named, "<id>")
        headers = [(k, v.replace(named, "<id>")) for k, v in headers]
    return response.status_code, response.mimetype, body.encode(), headers


@pytest.fixture(scope="module")
def held(api: Api) -> Held:
    """The id of a resource of each kind in each county, by county and kind."""
    held = {
        county.jurisdiction: {
            "projects": str(county.project_id),
            "enterprises": str(county.enterprise_id),
            "officers": str(county.officer_id),
            "checklists": str(county.template_id),
            "visits": b.given_visit(api, county),
            "issues": b.given_issue(api, county, "accepted"),
        }
        for county in (api.home, api.away)
    }
    api.catch_up()
    return held


@pytest.mark.parametrize("read", READS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", READERS, ids=lambda r: r[0])
def test_reading_another_countys_resource_is_answered_like_a_random_id(
    api: Api, held: Held, reader: tuple[str, str, str], kind: str, read: str
) -> None:
    who, mine, theirs = reader
    suffix = read.format(now=quote(datetime.now(UTC).isoformat()))
    caller, hidden, unknown = api.as_(who), held[theirs][kind], uuid4()
    answered = answer_of(caller.get(f"/{kind}/{hidden}{suffix}"), hidden)
    assert answered == answer_of(caller.get(f"/{kind}/{unknown}{suffix}"), unknown)
    assert answered[:2] == (404, "application/problem+json")
    assert caller.get(f"/{kind}/{held[mine][kind]}{suffix}").status_code == 200


@pytest.mark.parametrize("command", ACTIONS, ids=lambda c: c.__name__)
def test_a_command_on_another_countys_resource_is_answered_like_a_random_id(
    api: Api, command: type[Command]
) -> None:
    sent, unknown, caller = (
        SCENARIOS[command](api, api.away),
        uuid4(),
        api.sender_of(command),
    )
    before = api.events()
    hidden = caller.post(sent.path, sent.body)
    random = caller.post(sent.path.replace(str(sent.target), str(unknown)), sent.body)
    assert answer_of(hidden, sent.target) == answer_of(random, unknown)
    assert hidden.status_code == 404
    assert api.events() == before


@pytest.mark.parametrize("command", ACTIONS, ids=lambda c: c.__name__)
def test_a_synced_command_on_another_countys_resource_is_rejected_like_a_random_id(
    api: Api, command: type[Command]
) -> None:
    sent, unknown = SCENARIOS[command](api, api.away), str(uuid4())
    commands = [
        sent.batch_item(),
        sent.batch_item(args=sent.args | {sent.id_field: unknown}),
    ]
    before = api.events()
    response = api.sender_of(command).post(
        "/sync", {"device_id": "p", "commands": commands}
    )
    hidden, random = response.get_json()["results"]
    assert (hidden["status"], hidden["problem"]["status"]) == ("rejected", 404)
    assert str(hidden["problem"]).replace(str(sent.target), "<id>") == str(
        random["problem"]
    ).replace(unknown, "<id>")
    assert api.events() == before


Reference = Callable[[Api, str], tuple[str, b.Body]]
REFERENCES: dict[str, tuple[str, Reference, Callable[[Place], UUID]]] = {
    "a project owned by their enterprise": (
        "supervisor",
        lambda api, ref: (
            "/projects",
            b.a_project(api.home) | {"owner_enterprise_id": ref},
        ),
        lambda county: county.enterprise_id,
    ),
    "a visit to their project": (
        "officer",
        lambda api, ref: ("/visits", b.a_visit(api.home) | {"project_id": ref}),
        lambda county: county.project_id,
    ),
    "a visit with their checklist": (
        "officer",
        lambda api, ref: ("/visits", b.a_visit(api.home) | {"template_id": ref}),
        lambda county: county.template_id,
    ),
    "a visit by their officer": (
        "officer",
        lambda api, ref: ("/visits", b.a_visit(api.home) | {"officer_ids": [ref]}),
        lambda county: county.officer_id,
    ),
    "a problem of their project": (
        "officer",
        lambda api, ref: ("/issues", b.an_issue(api.home, ref)),
        lambda county: county.project_id,
    ),
    "a problem of their enterprise": (
        "officer",
        lambda api, ref: (
            "/issues",
            b.an_issue(api.home) | {"project_id": None, "enterprise_id": ref},
        ),
        lambda county: county.enterprise_id,
    ),
    "their officer as a steward": (
        "supervisor",
        lambda api, ref: (
            f"/projects/{api.home.project_id}/stewards",
            {"officer_id": ref},
        ),
        lambda county: county.officer_id,
    ),
    "their officer as a leader": (
        "supervisor",
        lambda api, ref: (
            f"/projects/{api.home.project_id}/leader",
            {"officer_id": ref},
        ),
        lambda county: county.officer_id,
    ),
}


@pytest.mark.parametrize(
    ("who", "reference", "theirs"), REFERENCES.values(), ids=REFERENCES
)
def test_a_write_naming_another_countys_resource_is_answered_like_a_random_id(
    api: Api, who: str, reference: Reference, theirs: Callable[[Place], UUID]
) -> None:
    hidden, unknown = str(theirs(api.away)), str(uuid4())
    before = api.events()
    answers = []
    for named in (hidden, unknown):
        path, body = reference(api, named)
        answers.append(answer_of(api.as_(who).post(path, body), named))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert api.events() == before


def test_a_problem_cannot_be_withdrawn_as_a_duplicate_of_another_countys(
    api: Api,
) -> None:
    hidden, unknown = b.given_issue(api, api.away), str(uuid4())
    duplicate = b.given_issue(api, api.home)
    before = api.events()
    answers = [
        answer_of(
            api.as_("supervisor").post(
                f"/issues/{duplicate}/withdrawal", {"duplicate_of": named}
            ),
            named,
        )
        for named in (hidden, unknown)
    ]
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert api.events() == before


CREATES = [
    project.RegisterProject,
    enterprise.RegisterEnterprise,
    officer.RegisterOfficer,
    checklist.CreateChecklistTemplate,
]


@pytest.mark.parametrize("command", CREATES, ids=lambda c: c.__name__)
def test_nothing_is_created_in_another_county(api: Api, command: type[Command]) -> None:
    sent = SCENARIOS[command](api, api.home)
    before = api.events()
    response = api.sender_of(command).post(
        sent.path, sent.body | {"jurisdiction": AWAY}
    )
    assert (response.status_code, response.get_json()["title"]) == (403, "Forbidden")
    assert response.get_json()["errors"]["json"] == {
        "jurisdiction": ["is outside your jurisdiction"]
    }
    assert api.events() == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", READERS, ids=lambda r: r[0])
def test_lists_show_only_the_callers_subtree(
    api: Api, held: Held, reader: tuple[str, str, str], kind: str
) -> None:
    who, mine, theirs = reader
    rows = b.every_row(api.as_(who), f"/{kind}")
    listed = {row["id"] for row in rows}
    assert held[mine][kind] in listed
    assert held[theirs][kind] not in listed
    assert all(within(mine, row["jurisdiction"], row["type"]) for row in rows)


@pytest.mark.parametrize(
    "query",
    ["projects?owner_enterprise_id={enterprises}", "issues?project_id={projects}"],
)
def test_filtering_a_list_by_another_countys_id_finds_nothing(
    api: Api, held: Held, query: str
) -> None:
    found = api.as_("supervisor").get("/" + query.format(**held[AWAY]))
    assert found.get_json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r[0])
def test_the_changes_feed_shows_only_the_callers_subtree(
    api: Api, held: Held, reader: tuple[str, str, str]
) -> None:
    who, mine, theirs = reader
    feed = every_change(api.as_(who))
    seen = {change["aggregate_id"] for change in feed}
    assert set(held[mine].values()) <= seen
    assert not set(held[theirs].values()) & seen
    for change in feed:
        assert within(mine, change["jurisdiction"], change["type"]) or (
            (change["moved_from"] or "").startswith(mine)
        )


def within(mine: str, jurisdiction: str, kind: str) -> bool:
    """In my subtree, or reference data of a jurisdiction mine lies in (the city
    admin, an officer of 6105, is read from the counties)."""
    return jurisdiction.startswith(mine) or (
        kind in {"checklist", "officer", "department"} and mine.startswith(jurisdiction)
    )


def every_change(caller: Caller, cursor: str = "") -> list[dict[str, Any]]:
    """The whole feed (a first sync's state, then its changes, or the changes
    after a cursor), page after page, until a page brings nothing new."""
    changes: list[dict[str, Any]] = []
    while True:
        page = caller.get(f"/sync/changes?limit=50&cursor={cursor}").get_json()
        if not page["changes"]:
            return changes
        changes += page["changes"]
        cursor = page["next_cursor"]


def test_a_county_admin_may_not_move_a_project_to_another_county(api: Api) -> None:
    kept = b.given_project(api, api.home)
    before = api.events()
    move = {"jurisdiction": AWAY, "reason": b.REASON}
    response = api.as_("admin").post(f"/projects/{kept}/move", move)
    assert (response.status_code, response.get_json()["detail"]) == (
        403,
        "jurisdiction: is outside your jurisdiction",
    )
    assert api.events() == before
    assert api.as_("admin").get(f"/projects/{kept}").get_json()["jurisdiction"] == HOME


def synced_cursor(caller: Caller) -> str:
    """The cursor a phone holds once its first sync is done."""
    page = caller.get("/sync/changes?limit=1000").get_json()
    while len(page["changes"]) == 1000:
        page = caller.get(f"/sync/changes?cursor={page['next_cursor']}").get_json()
    cursor: str = page["next_cursor"]
    return cursor


def test_a_project_moved_to_another_county_leaves_one_and_reaches_the_other(
    api: Api,
) -> None:
    moved = b.given_project(api, api.home)
    home, away = api.as_("supervisor"), api.as_(OUTSIDER)
    synced = {caller: synced_cursor(caller) for caller in (home, away)}
    key = {"Idempotency-Key": str(uuid4())}
    move = {"jurisdiction": AWAY, "reason": b.REASON}
    city = api.as_(CITY_ADMIN)
    response = city.post(f"/projects/{moved}/move", move, headers=key)
    assert (response.status_code, response.get_json()["jurisdiction"]) == (200, AWAY)
    replay = city.post(f"/projects/{moved}/move", move, headers=key)
    assert replay.get_data() == response.get_data()
    unknown = uuid4()
    assert answer_of(home.get(f"/projects/{moved}"), moved) == answer_of(
        home.get(f"/projects/{unknown}"), unknown
    )
    assert moved not in {row["id"] for row in b.every_row(home, "/projects")}
    assert away.get(f"/projects/{moved}").get_json()["jurisdiction"] == AWAY
    assert moved in {row["id"] for row in b.every_row(away, "/projects")}
    for caller in (home, away):
        (departure,) = [
            c
            for c in every_change(caller, synced[caller])
            if c["event"] == "Project.Moved" and c["aggregate_id"] == moved
        ]
        assert (departure["moved_from"], departure["jurisdiction"]) == (HOME, AWAY)
