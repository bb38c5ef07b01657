"""The `api` Lambda function, fed API Gateway HTTP API (v2) events, on PostgreSQL."""

from uuid import uuid4

import pytest

from api.aws import handlers
from tests.api.test_auth import IdentityProvider, access_claims, provider, rsa_keys
from tests.deploy.events import WANG_LEI, Lambda, body_of, http_event
from tests.factories import County

OPAQUE = "eyJ.verified-by-the-gateway.sig"  # the app never reads it in gateway mode
__all__ = ["provider", "rsa_keys"]  # the identity provider's fixtures

PROBLEM = "application/problem+json"


def an_issue(project_id: object) -> dict[str, str]:
    return {
        "issue_id": str(uuid4()),
        "source": "hotline_12345",
        "category": "land",
        "severity": "medium",
        "description": "用地指标尚未落实，影响开工",
        "project_id": str(project_id),
    }


def test_a_write_with_an_idempotency_key_answers_its_replay_with_the_first_response(
    aws: Lambda,
) -> None:
    county = aws.county()
    token = aws.token(county.officer_id, county.username)
    key = {"Idempotency-Key": str(uuid4())}
    sent = http_event(
        "http_api_post",
        "POST",
        "/issues",
        token=token,
        body=an_issue(county.project_id),
        headers=key,
    )
    first, again = aws.call(sent), aws.call(sent)
    assert first["statusCode"] == 201
    assert first["headers"]["content-type"] == "application/json"
    assert (again["statusCode"], again["body"]) == (201, first["body"])
    assert again["headers"]["etag"] == first["headers"]["etag"] == '"1"'
    assert again["headers"]["idempotent-replayed"] == "true"


def test_a_read_answers_304_while_the_phone_holds_the_current_etag(
    aws: Lambda,
) -> None:
    county = aws.county()
    token = aws.token(county.officer_id, county.username)
    body = an_issue(county.project_id)
    aws.call(http_event("http_api_post", "POST", "/issues", token=token, body=body))
    path = f"/issues/{body['issue_id']}"
    read = aws.call(http_event("http_api_get", "GET", path, token=token))
    assert (read["statusCode"], body_of(read)["description"]) == (
        200,
        body["description"],
    )
    held = {"If-None-Match": read["headers"]["etag"]}
    unchanged = aws.call(
        http_event("http_api_get", "GET", path, token=token, headers=held)
    )
    assert (unchanged["statusCode"], unchanged["body"]) == (304, "")
    assert unchanged["headers"]["etag"] == read["headers"]["etag"]


def test_a_base64_encoded_body_reaches_the_app_decoded(aws: Lambda) -> None:
    county = aws.county()
    token = aws.token(county.officer_id, county.username)
    body = an_issue(county.project_id)
    sent = http_event(
        "http_api_post", "POST", "/issues", token=token, body=body, as_base64=True
    )
    written = aws.call(sent)
    assert (written["statusCode"], body_of(written)["id"]) == (201, body["issue_id"])


def test_an_unknown_resource_is_a_problem_json_404(aws: Lambda) -> None:
    county = aws.county()
    token = aws.token(county.officer_id, county.username)
    path = f"/issues/{uuid4()}"
    missing = aws.call(http_event("http_api_get", "GET", path, token=token))
    assert (missing["statusCode"], missing["headers"]["content-type"]) == (404, PROBLEM)
    assert body_of(missing)["status"] == 404
    assert missing["isBase64Encoded"] is False


def test_a_request_without_a_token_is_a_problem_json_401_with_a_challenge(
    aws: Lambda,
) -> None:
    refused = aws.call(http_event("http_api_get", "GET", "/issues"))
    assert (refused["statusCode"], refused["headers"]["content-type"]) == (401, PROBLEM)
    assert refused["headers"]["www-authenticate"].startswith("Bearer")


def test_the_health_check_is_open_and_reads_the_store(aws: Lambda) -> None:
    aws.county()
    health = aws.call(http_event("http_api_get", "GET", "/health"))
    assert health["statusCode"] == 200
    assert body_of(health)["events"] > 0


def test_a_container_builds_the_app_once_for_all_its_events(aws: Lambda) -> None:
    aws.call(http_event("http_api_get", "GET", "/health"))
    first = handlers.HTTP.get()
    aws.call(http_event("http_api_get", "GET", "/health"))
    assert handlers.HTTP.get() is first


# Behind an API Gateway JWT authorizer ----------------------------------------------

ISSUER = "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_pool"
CLIENT_ID = "phone-app-client"


def behind_the_authorizer(aws: Lambda) -> County:
    county = aws.county()
    aws.configure(AUTH_MODE="gateway", JWT_ISSUER=ISSUER, JWT_AUDIENCE=CLIENT_ID)
    return county


def test_the_officer_the_authorizers_claims_name_is_the_one_who_acts(
    aws: Lambda,
) -> None:
    county = behind_the_authorizer(aws)
    body = an_issue(county.project_id)
    sent = http_event(
        "http_api_jwt_authorizer", "POST", "/issues", token=OPAQUE, body=body
    )
    assert aws.call(sent)["statusCode"] == 201
    path = f"/issues/{body['issue_id']}/history"
    read = aws.call(http_event("http_api_jwt_authorizer", "GET", path, token=OPAQUE))
    assert [event["actor_id"] for event in body_of(read)["events"]] == [str(WANG_LEI)]


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({}, "no gateway authorizer verified the token"),
        ({"iss": "https://idp.example.cn/other"}, "another issuer"),
        ({"client_id": "another-app"}, "another audience"),
        ({"username": "nobody"}, "names no officer"),
    ],
    ids=["no claims", "other issuer", "other client", "unknown officer"],
)
def test_claims_the_authorizer_did_not_give_for_us_are_refused_with_401(
    aws: Lambda, claims: dict[str, str], reason: str
) -> None:
    behind_the_authorizer(aws)
    sent = http_event("http_api_jwt_authorizer", "GET", "/issues", token=OPAQUE)
    given = sent["requestContext"]["authorizer"]["jwt"]["claims"]
    if claims:
        given |= claims
    else:
        del sent["requestContext"]["authorizer"]
    refused = aws.call(sent)
    assert (refused["statusCode"], refused["headers"]["content-type"]) == (401, PROBLEM)
    assert reason in body_of(refused)["detail"]


def test_in_jwks_mode_the_app_verifies_the_token_the_authorizer_passed_on_itself(
    aws: Lambda, provider: IdentityProvider
) -> None:
    aws.county()
    aws.configure(
        AUTH_MODE="jwks",
        JWKS_URL=provider.url,
        JWT_ISSUER=ISSUER,
        JWT_AUDIENCE=CLIENT_ID,
    )
    good = provider.sign(access_claims())
    sent = http_event("http_api_jwt_authorizer", "GET", "/issues", token=good)
    assert aws.call(sent)["statusCode"] == 200
    forged = provider.sign(access_claims(), kid="k1", key="stranger")
    refused = aws.call(
        http_event("http_api_jwt_authorizer", "GET", "/issues", token=forged)
    )
    assert refused["statusCode"] == 401
