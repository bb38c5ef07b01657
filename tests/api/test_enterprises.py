"""Enterprises over HTTP: registration with a valid credit code, profile, move, list."""

from collections.abc import Callable
from uuid import NAMESPACE_DNS, UUID, uuid5

import pytest

from api.http.schemas.rules import NEW_ID
from domain.commands.base import RESERVED_ID
from projections import FIELDS
from tests.api import bodies as b
from tests.api.conftest import OUTSIDER, Api
from tests.factories import a_credit_code

PROBLEM = "application/problem+json"


def test_a_registered_enterprise_is_answered_with_its_facts(api: Api) -> None:
    body = b.an_enterprise(api.home)
    response = api.as_("officer").post("/enterprises", body)
    assert (response.status_code, response.headers["ETag"]) == (201, '"1"')
    registered = response.get_json()
    facts = {k: v for k, v in body.items() if k != "enterprise_id"}
    assert {k: registered[k] for k in facts} == facts
    assert (registered["id"], registered["type"]) == (
        body["enterprise_id"],
        "enterprise",
    )


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ("91610502MA6X0000", "credit_code: must be 18 characters"),
        (
            "9161050200000000IO",
            "credit_code: 'I' is not allowed (digits, capitals but IOZSV)",
        ),
    ],
)
def test_a_malformed_credit_code_is_refused_saying_why(
    api: Api, code: str, detail: str
) -> None:
    before = api.events()
    response = api.as_("officer").post(
        "/enterprises", b.an_enterprise(api.home) | {"credit_code": code}
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert "credit_code" in response.get_json()["errors"]["json"]
    assert api.events() == before


def test_a_credit_code_with_a_wrong_check_character_is_refused(api: Api) -> None:
    good = a_credit_code(api.home.jurisdiction)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = api.events()
    response = api.as_("officer").post(
        "/enterprises", b.an_enterprise(api.home) | {"credit_code": wrong}
    )
    assert response.status_code == 422
    assert response.get_json()["detail"] == (
        "credit_code: the final check character is wrong"
    )
    assert api.events() == before


def test_a_credit_code_registered_anywhere_is_refused_naming_it(api: Api) -> None:
    first = b.an_enterprise(api.away)
    assert api.as_(OUTSIDER).post("/enterprises", first).status_code == 201
    before = api.events()
    again = b.an_enterprise(api.home) | {"credit_code": first["credit_code"]}
    response = api.as_("officer").post("/enterprises", again)
    assert (response.status_code, response.mimetype) == (409, PROBLEM)
    assert response.get_json()["detail"] == (
        f"credit code {first['credit_code']} is registered already"
    )
    assert api.events() == before


def test_a_reserved_id_is_refused_so_no_claim_can_be_taken(api: Api) -> None:
    """Name-based ids are those of receipts and claims; nil is the command line's."""
    before = api.events()
    for reserved in (
        uuid5(NAMESPACE_DNS, "x"),
        "6fa1613c-9abe-5dfb-c8b9-1d6b6350b8db",
        UUID(int=0),
    ):
        body = b.an_enterprise(api.home) | {"enterprise_id": str(reserved)}
        response = api.as_("officer").post("/enterprises", body)
        assert (response.status_code, response.get_json()["errors"]) == (
            422,
            {"json": {"enterprise_id": [RESERVED_ID]}},
        )
    assert api.events() == before
    spec = api.app.test_client().get("/openapi.json").get_json()
    schema = spec["components"]["schemas"]["RegisterEnterpriseRequest"]
    assert schema["properties"]["enterprise_id"]["pattern"] == NEW_ID


def test_an_updated_profile_is_answered_and_the_list_follows(api: Api) -> None:
    body = b.an_enterprise(api.home)
    officer = api.as_("officer")
    officer.post("/enterprises", body)
    profile = {
        "name": "秦岭机械集团",
        "sector": "装备制造",
        "scale": "below_designated",
    }
    path = f"/enterprises/{body['enterprise_id']}/profile"
    answered = officer.post(path, profile).get_json()
    assert {k: answered[k] for k in profile} | {"version": answered["version"]} == (
        profile | {"version": 2}
    )
    (row,) = b.every_row(officer, "/enterprises", credit_code=body["credit_code"])
    assert (row["label"], row["status"], row["version"]) == (
        "秦岭机械集团",
        "below_designated",
        2,
    )
    before = api.events()
    again = officer.post(path, profile)
    assert (again.status_code, again.get_json()["detail"]) == (
        409,
        "the profile is like that already",
    )
    assert api.events() == before


@pytest.fixture(scope="module")
def pair(api: Api) -> tuple[b.Body, b.Body]:
    """Two enterprises that differ in every field their list filters on."""
    wanted = b.an_enterprise(api.home) | {
        "name": "秦川食品有限公司",
        "sector": "食品加工",
        "scale": "below_designated",
    }
    other = b.an_enterprise(api.home)
    for body in (wanted, other):
        assert api.as_("officer").post("/enterprises", body).status_code == 201
    return wanted, other


FILTERS: dict[str, Callable[[b.Body], str]] = {
    "credit_code": lambda wanted: wanted["credit_code"],
    "sector": lambda wanted: "食品加工",
    "scale": lambda wanted: "below_designated",
    "status": lambda wanted: "below_designated",
    "q": lambda wanted: "食品",
}


def test_every_filter_of_the_enterprise_list_is_tried() -> None:
    assert set(FILTERS) == {f.name for f in FIELDS["enterprise"]} | {"status", "q"}


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_narrows_the_enterprise_list(
    api: Api, pair: tuple[b.Body, b.Body], name: str
) -> None:
    wanted, other = pair
    query = {name: FILTERS[name](wanted)}
    listed = {r["id"] for r in b.every_row(api.as_("auditor"), "/enterprises", **query)}
    assert wanted["enterprise_id"] in listed
    assert other["enterprise_id"] not in listed
