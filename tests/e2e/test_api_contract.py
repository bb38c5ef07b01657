"""What schemathesis found, pinned: the server keeps the promises its OpenAPI makes."""

from datetime import date
from typing import Any
from uuid import uuid4

import requests

from tests.e2e.client import TIMEOUT, Api
from tests.e2e.conftest import Site, Staff

PROBLEM = "application/problem+json"


def spec(base_url: str) -> dict[str, Any]:
    document: dict[str, Any] = requests.get(
        f"{base_url}/openapi.json", timeout=TIMEOUT
    ).json()
    return document


def a_visit(officer: Api, site: Site) -> dict[str, Any]:
    return {
        "visit_id": str(uuid4()),
        "officer_ids": [str(officer.officer_id)],
        "kind": "service",
        "planned_for": date.today().isoformat(),
        "enterprise_id": str(site.enterprise_id),
    }


def test_error_responses_are_documented_as_the_problem_json_they_are(
    base_url: str,
) -> None:
    responses = spec(base_url)["components"]["responses"]
    assert list(responses["DEFAULT_ERROR"]["content"]) == [PROBLEM]
    assert list(responses["NOT_FOUND"]["content"]) == [PROBLEM]
    answer = requests.get(f"{base_url}/issues/{uuid4()}", timeout=TIMEOUT)
    assert answer.headers["Content-Type"] == PROBLEM


def test_optional_headers_and_queries_are_not_documented_as_nullable(
    base_url: str,
) -> None:
    operation = spec(base_url)["paths"]["/issues/{aggregate_id}/assign"]["post"]
    headers = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert headers["If-Match"]["type"] == "string"
    assert "default" not in headers["If-Match"]
    read = spec(base_url)["paths"]["/issues/{aggregate_id}"]["get"]
    assert {p["name"]: p["schema"]["type"] for p in read["parameters"]} == {
        "as_of": "string",
        "version": "integer",
    }


def test_a_method_not_allowed_names_the_allowed_ones(base_url: str) -> None:
    answer = requests.request("TRACE", f"{base_url}/health", timeout=TIMEOUT)
    assert answer.status_code == 405
    assert "GET" in answer.headers["Allow"]


def test_the_token_is_checked_before_the_arguments(base_url: str) -> None:
    answer = requests.get(
        f"{base_url}/issues/{uuid4()}",
        params={"version": "many"},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 401


def test_an_if_match_on_a_create_is_a_404_not_a_server_error(
    staff: Staff, site: Site
) -> None:
    officer = staff.officer
    answer = officer.post("/visits", a_visit(officer, site), **{"If-Match": '"790"'})
    assert answer.status_code == 404, answer.text


def test_a_bare_version_in_if_match_means_the_quoted_one(
    staff: Staff, site: Site
) -> None:
    officer = staff.officer
    visit = officer.ok("/visits", a_visit(officer, site), 201)
    gps = {"gps": {"lat": 34.5, "lon": 109.5, "accuracy_m": 5}}
    stale = officer.post(f"/visits/{visit['id']}/check-in", gps, **{"If-Match": "7"})
    assert stale.status_code == 412
    fresh = officer.post(f"/visits/{visit['id']}/check-in", gps, **{"If-Match": "1"})
    assert fresh.status_code == 200, fresh.text


def test_creating_outside_ones_jurisdiction_is_forbidden(staff: Staff) -> None:
    body = {"template_id": str(uuid4()), "name": "外县清单", "jurisdiction": "610503"}
    answer = staff.admin.post("/checklists", body)
    assert answer.status_code == 403, answer.text


def test_a_whole_number_written_as_a_float_is_an_integer(staff: Staff) -> None:
    body = {"template_id": str(uuid4()), "name": "清单", "jurisdiction": "610502"}
    staff.admin.ok("/checklists", body, 201)
    response = staff.officer.post(
        "/sync",
        {
            "device_id": "phone",
            "commands": [
                {
                    "command_id": str(uuid4()),
                    "type": "RetireChecklistTemplate",
                    "device_time": "2026-05-01T09:00:00+08:00",
                    "base_version": 2.5,
                    "args": {"template_id": body["template_id"], "reason": "重复"},
                }
            ],
        },
    )
    assert response.status_code == 422  # 2.5 is no version, not version 2


def test_list_filters_on_ids_take_uuids(staff: Staff) -> None:
    assert staff.officer.get("/issues", project_id="x").status_code == 422
    assert staff.officer.read("/issues", project_id=str(uuid4()))["items"] == []


def test_a_domain_rule_of_one_field_is_in_the_schema(base_url: str) -> None:
    schemas = spec(base_url)["components"]["schemas"]
    name = schemas["RegisterOfficerRequest"]["properties"]["name"]
    assert (name["minLength"], name["maxLength"]) == (1, 100)
    assert schemas["PlanVisitRequest"]["properties"]["officer_ids"]["maxItems"] == 50
