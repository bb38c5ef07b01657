"""Intake beyond visits over HTTP on SQLite and PostgreSQL: 12345 tickets (numbered,
each once), grid units and meetings, about unregistered market subjects (个体户,
residents) as well as registered projects; the ledger shows the source and filters
by it."""

from typing import Any
from uuid import uuid4

import pytest

from tests.api import bodies as b
from tests.api.conftest import AWAY, HOME, Api

Body = dict[str, Any]
SHOP = {
    "kind": "individual_business",
    "name": "李记早餐店",
    "address": "平都镇城南路8号",
}


def about_a_shop() -> Body:
    """A problem of an unregistered 个体户 in the home county, from the hotline."""
    return {
        "issue_id": b.new_id(),
        "source": "hotline_12345",
        "category": "construction",
        "severity": "medium",
        "description": "门店前道路施工占道，影响经营",
        "subject": SHOP,
        "jurisdiction": HOME,
    }


def a_number() -> str:
    return f"GD{uuid4().hex[:12]}"


def a_ticket(number: str | None = None) -> Body:
    return {"number": number or a_number(), "caller": "李女士", "phone": "138****5678"}


def hotline(**more: Any) -> Body:
    body = about_a_shop() | {"ticket": a_ticket()}
    return body | more


def raise_(api: Api, body: Body, who: str = "officer") -> Any:
    return api.as_(who).post("/issues", body)


def test_a_12345_ticket_is_raised_with_its_number_caller_and_masked_phone(
    store_api: Api,
) -> None:
    body = hotline()
    raised = raise_(store_api, body)
    assert raised.status_code == 201, raised.get_json()
    shown = raised.get_json()
    assert shown["ticket"] | {"called_at": None} == body["ticket"] | {"called_at": None}
    assert (shown["source"], shown["subject"], shown["jurisdiction"]) == (
        "hotline_12345",
        SHOP,
        HOME,
    )
    assert (shown["project_id"], shown["enterprise_id"]) == (None, None)


def test_a_ticket_number_is_raised_once_in_the_whole_store(store_api: Api) -> None:
    number = a_number()
    assert raise_(store_api, hotline(ticket=a_ticket(number))).status_code == 201
    before = store_api.events()
    again = raise_(store_api, hotline(ticket=a_ticket(number)), who="outsider")
    again_here = raise_(store_api, hotline(ticket=a_ticket(number)))
    assert again.status_code == 403  # the other county's: outside theirs anyway
    assert again_here.status_code == 409
    assert (
        f"12345 ticket {number} is registered already"
        in again_here.get_json()["detail"]
    )
    assert store_api.events() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ticket": {"number": "GD1", "phone": "13800135678"}}, "phone"),
        ({"ticket": {"number": "工单1"}}, "number"),
        ({"jurisdiction": None}, "jurisdiction"),
        ({"subject": None}, "project_id"),
        ({"source": "meeting"}, "ticket"),
        ({"subject": SHOP | {"address": " "}}, "address"),
        ({"subject": SHOP | {"kind": "company"}}, "kind"),
    ],
)
def test_a_bad_intake_is_refused_and_stores_nothing(
    store_api: Api, change: Body, field: str
) -> None:
    before = store_api.events()
    refused = raise_(store_api, hotline() | change)
    assert refused.status_code == 422, refused.get_json()
    assert field in str(refused.get_json())
    assert store_api.events() == before


def test_a_subject_is_not_also_a_registered_project(store_api: Api) -> None:
    body = b.an_issue(store_api.home) | {"subject": SHOP}
    refused = raise_(store_api, body)
    assert refused.status_code == 422
    assert "subject" in refused.get_json()["detail"]
    placed = raise_(store_api, b.an_issue(store_api.home) | {"jurisdiction": HOME})
    assert placed.status_code == 422
    assert "only for an unregistered subject" in placed.get_json()["detail"]


def test_a_subject_outside_the_senders_jurisdiction_is_refused(
    store_api: Api,
) -> None:
    before = store_api.events()
    refused = raise_(store_api, hotline(jurisdiction=AWAY))
    assert refused.status_code == 403
    assert store_api.events() == before


def test_a_grid_unit_names_itself_and_a_meeting_may(store_api: Api) -> None:
    grid = about_a_shop() | {"source": "grid"}
    assert raise_(store_api, grid).status_code == 422  # which grid unit?
    grid |= {"grid_unit": "城区第12网格"}
    raised = raise_(store_api, grid)
    assert (raised.status_code, raised.get_json()["grid_unit"]) == (
        201,
        "城区第12网格",
    )
    meeting = b.an_issue(store_api.home) | {
        "source": "meeting",
        "meeting": "2026年5月县重点项目调度会",
    }
    assert raise_(store_api, meeting).get_json()["meeting"] == meeting["meeting"]


def test_a_phone_offline_raises_a_ticket_in_a_sync_batch(store_api: Api) -> None:
    number = a_number()
    body = hotline(ticket=a_ticket(number))
    (result,) = b.synced(store_api.as_("officer"), b.command("RaiseIssue", body))
    assert result["status"] == "applied", result
    (again,) = b.synced(
        store_api.as_("officer"),
        b.command("RaiseIssue", hotline(ticket=a_ticket(number))),
    )
    assert again["status"] == "rejected"
    assert again["problem"]["status"] == 409


def test_the_ledger_shows_the_source_and_filters_by_it(fresh_api: Api) -> None:
    api = fresh_api
    number = a_number()
    raise_(api, hotline(ticket=a_ticket(number)))
    raise_(api, about_a_shop() | {"source": "grid", "grid_unit": "网格3"})
    raise_(api, b.an_issue(api.home))  # hotline, as tickets were before numbers
    reader = api.as_("auditor")
    grid = reader.get("/ledgers/issues?source=grid").get_json()["items"]
    assert [(r["source"], r["grid_unit"], r["subject_name"]) for r in grid] == [
        ("grid", "网格3", SHOP["name"])
    ]
    ticketed = reader.get(f"/ledgers/issues?ticket_number={number}").get_json()
    assert [r["ticket_number"] for r in ticketed["items"]] == [number]
    assert ticketed["items"][0]["subject_kind"] == "individual_business"
    by_source = reader.get("/ledgers/issues/summary?group_by=source").get_json()
    counts = {row["group"]: row["received"] for row in by_source["groups"]}
    assert counts == {"grid": 1, "hotline_12345": 2}
    sheet = reader.get("/ledgers/issues?format=csv&lang=zh")
    assert "12345工单编号" in sheet.text
    assert number in sheet.text


def test_the_12345_centre_raises_its_own_tickets_only(store_api: Api) -> None:
    assert raise_(store_api, hotline(), who="callback").status_code == 201
    before = store_api.events()
    grid = about_a_shop() | {"source": "grid", "grid_unit": "网格3"}
    unticketed = about_a_shop()
    for body in (grid, unticketed):
        refused = raise_(store_api, body, who="callback")
        assert refused.status_code == 403
        assert "from its tickets only" in refused.get_json()["detail"]
    assert store_api.events() == before
