"""Reading the claims an API Gateway JWT authorizer passed on (HTTP API, v2)."""

from typing import Any

import pytest

from api.http.gateway import audiences, authorizer_claims


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"aud": "siteledger-api"}, ["siteledger-api"]),
        ({"aud": "[siteledger-api console]"}, ["siteledger-api", "console"]),
        ({"aud": ["siteledger-api", "console"]}, ["siteledger-api", "console"]),
        ({"client_id": "phone-app-client"}, ["phone-app-client"]),
        ({}, [""]),
    ],
    ids=[
        "one audience",
        "a list as the gateway renders it",
        "a list",
        "cognito",
        "none",
    ],
)
def test_the_audiences_of_claims_are_aud_or_else_the_cognito_client(
    claims: dict[str, Any], expected: list[str]
) -> None:
    assert audiences(claims) == expected


@pytest.mark.parametrize(
    "context",
    [
        None,
        "not a dict",
        {},
        {"authorizer": None},
        {"authorizer": {"jwt": "x"}},
        {"authorizer": {"jwt": {"claims": {}}}},
        {"authorizer": {"lambda": {"sub": "x"}}},
    ],
)
def test_a_request_context_without_jwt_claims_has_none(context: Any) -> None:
    assert authorizer_claims(context) is None


def test_the_claims_of_a_jwt_authorizer_are_read_as_given() -> None:
    claims = {"sub": "x", "username": "wang.lei"}
    assert authorizer_claims({"authorizer": {"jwt": {"claims": claims}}}) == claims
