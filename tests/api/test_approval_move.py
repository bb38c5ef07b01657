"""A project moved to another county takes its approval package along, in the same
command: the county it left no longer sees it, the one it reached does, in reads,
the ledger, the agents' workload and the sync feed. On SQLite and PostgreSQL."""

from typing import Any
from uuid import uuid4

import pytest

from domain.commands import approval as c
from projections.rebuild import fresh, verify
from tests.api import approval_bodies as ab
from tests.api import bodies as b
from tests.api.conftest import AWAY, CITY_ADMIN, HOME, OUTSIDER, Api, Caller

Moved = dict[str, Any]
MATTER = {"what": "代办环评申报材料", "for_whom": "秦岭机械", "opened_on": "2026-03-02"}


def every_change(caller: Caller) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    cursor = ""
    while page := caller.get(f"/sync/changes?limit=50&cursor={cursor}").get_json():
        if not page["changes"]:
            return changes
        changes += page["changes"]
        cursor = page["next_cursor"]
    return changes


@pytest.fixture(scope="module")
def moved(store_api: Api) -> Moved:
    """A home package with a permit submitted and an open matter, whose project
    the city's admin then moves to the county next door."""
    api = store_api
    agent = str(api.as_("agent").officer_id)
    matter = {"matter_id": b.new_id(), "agent_id": agent, **MATTER}
    package = ab.given_package(
        api, api.home, ab.PREPARED, ab.SUBMITTED, (c.OpenMatter, matter), agent=agent
    )
    project = api.as_("auditor").get(f"/packages/{package}").get_json()["project_id"]
    move = {"jurisdiction": AWAY, "reason": b.REASON}
    key = {"Idempotency-Key": str(uuid4())}
    answer = api.as_(CITY_ADMIN).post(f"/projects/{project}/move", move, headers=key)
    assert answer.status_code == 200, answer.get_json()
    replay = api.as_(CITY_ADMIN).post(f"/projects/{project}/move", move, headers=key)
    assert replay.get_data() == answer.get_data()
    return {"package": package, "project": project, "events": api.events()}


def test_the_package_is_where_its_project_went(store_api: Api, moved: Moved) -> None:
    package = f"/packages/{moved['package']}"
    away = store_api.as_(OUTSIDER).get(package)
    assert (away.status_code, away.get_json()["jurisdiction"]) == (200, AWAY)
    assert away.get_json()["permits"][ab.PERMIT]["status"] == "submitted"
    assert store_api.as_("supervisor").get(package).status_code == 404
    assert store_api.as_("auditor").get(f"{package}/history").status_code == 404


def test_the_package_is_listed_by_the_county_it_reached(
    store_api: Api, moved: Moved
) -> None:
    listed = {
        who: {r["id"] for r in b.every_row(store_api.as_(who), "/packages")}
        for who in ("supervisor", OUTSIDER)
    }
    assert moved["package"] in listed[OUTSIDER]
    assert moved["package"] not in listed["supervisor"]


def test_its_permits_and_matters_count_in_the_ledger_of_the_county_it_reached(
    store_api: Api, moved: Moved
) -> None:
    query = {"package_id": moved["package"]}
    counted = {}
    for who in ("supervisor", OUTSIDER):
        caller = store_api.as_(who)
        rows = b.every_row(caller, "/ledgers/approvals", **query)
        agents = caller.get("/ledgers/approvals/agents").get_json()["agents"]
        matters = sum(a["opened"] for a in agents)
        counted[who] = (len(rows), matters)
    assert counted == {"supervisor": (0, 0), OUTSIDER: (5, 1)}


def test_the_feed_tells_both_counties_the_package_moved(
    store_api: Api, moved: Moved
) -> None:
    for who in ("supervisor", OUTSIDER):
        (departure,) = [
            change
            for change in every_change(store_api.as_(who))
            if change["event"] == "ApprovalPackage.Moved"
            and change["aggregate_id"] == moved["package"]
        ]
        assert (departure["moved_from"], departure["jurisdiction"]) == (HOME, AWAY)


def test_an_agent_of_the_county_it_left_can_no_longer_act_on_it(
    store_api: Api, moved: Moved
) -> None:
    step = {"permit_id": ab.PERMIT, "on": "2026-03-05"}
    answer = store_api.as_("agent").post(
        f"/packages/{moved['package']}/preparation", step
    )
    assert answer.status_code == 404
    assert store_api.events() == moved["events"]


def test_the_rebuilt_view_equals_the_live_one_after_the_move(
    store_api: Api, moved: Moved
) -> None:
    services = store_api.services
    services.views.catch_up(services.ledger)
    scratch = fresh(services.views, "approvals", "check")
    assert verify(services.ledger, services.views.approvals, scratch) == []
