"""Tokens that an API Gateway JWT authorizer has verified: the app takes its claims.

Behind an HTTP API with a JWT authorizer on every authenticated route, the gateway
has checked the token's signature, issuer, audience and expiry before Lambda runs.
In `gateway` mode the app reads the claims the authorizer passed on in the event
(`requestContext.authorizer.jwt.claims`), so a Lambda inside a VPC needs no route
to the identity provider's keys. The claims exist only in events from API Gateway
(a header can never set them), so the mode fails closed anywhere else. Issuer and
audience are still compared with the settings: a gateway configured for another
user pool is refused, not trusted.
"""

from typing import Any
from uuid import UUID

from flask import request

from api.http.tokens import FindOfficer, InvalidToken, TokenService
from api.settings import Settings

CONTEXT = "apig_wsgi.request_context"  # where the WSGI adapter keeps the event's
NOT_VERIFIED = "no gateway authorizer verified the token"


class GatewayTokens(TokenService):
    """The claims of the token the API Gateway authorizer verified for this request."""

    def __init__(self, issuer: str, audience: str, username_claim: str) -> None:
        self._issuer, self._audience = issuer, audience
        self._username_claim = username_claim

    def verify(self, token: str) -> dict[str, Any]:
        claims = authorizer_claims(request.environ.get(CONTEXT))
        if claims is None:
            raise InvalidToken(NOT_VERIFIED)
        if claims.get("iss") != self._issuer:
            raise InvalidToken("the token comes from another issuer")
        if self._audience not in audiences(claims):
            raise InvalidToken("the token is meant for another audience")
        return claims

    def identify(
        self, claims: dict[str, Any], find_officer: FindOfficer
    ) -> tuple[UUID, str]:
        """By the username claim, through the catalog of officers."""
        username = claims.get(self._username_claim)
        found = find_officer(username) if isinstance(username, str) else None
        if found is None or not isinstance(username, str):
            raise InvalidToken("the token names no officer")
        return found, username


def authorizer_claims(context: Any) -> dict[str, Any] | None:
    """`requestContext.authorizer.jwt.claims` of an HTTP API (v2) event, if any."""
    if not isinstance(context, dict):
        return None
    jwt = (context.get("authorizer") or {}).get("jwt") or {}
    claims = jwt.get("claims") if isinstance(jwt, dict) else None
    return claims if isinstance(claims, dict) and claims else None


def audiences(claims: dict[str, Any]) -> list[str]:
    """`aud` (API Gateway renders a list as `[a b]`), else Cognito's `client_id`."""
    audience = claims.get("aud")
    if audience is None:
        return [str(claims.get("client_id", ""))]
    if isinstance(audience, list):
        return [str(item) for item in audience]
    text = str(audience)
    if text.startswith("[") and text.endswith("]"):
        return text[1:-1].split()
    return [text]


def gateway_tokens(settings: Settings) -> GatewayTokens:
    return GatewayTokens(
        settings.jwt_issuer, settings.jwt_audience, settings.jwt_username_claim
    )
