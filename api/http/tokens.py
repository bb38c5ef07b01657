"""Bearer tokens: our own (HS256), or an identity provider's checked by its JWKS."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import jwt

from api.settings import Settings

FindOfficer = Callable[[str], UUID | None]
LOOPBACK = frozenset(["localhost", "127.0.0.1", "::1"])
LEEWAY_SECONDS = 30  # clock skew between an identity provider and this server
MAX_TOKEN_CHARS = 8192
MIN_SECRET_BYTES = 32
NO_OFFICER = "the token names no officer"
RSA = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
ASYMMETRIC = frozenset([*RSA, "ES256", "ES384", "ES512", "EdDSA"])
log = logging.getLogger(__name__)


class InvalidToken(Exception):
    """A token refused; the message is short and safe to show to the client."""


class KeysUnavailable(Exception):
    """The identity provider's keys cannot be fetched now: our problem, not theirs."""


REASONS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "the token has expired"),
    (jwt.ImmatureSignatureError, "the token is not valid yet"),
    (jwt.InvalidAudienceError, "the token is meant for another audience"),
    (jwt.InvalidIssuerError, "the token comes from another issuer"),
    (jwt.MissingRequiredClaimError, "the token lacks a required claim"),
    (jwt.InvalidAlgorithmError, "the token's algorithm is not accepted"),
    (jwt.PyJWKClientError, "the token's signing key is unknown"),
    (jwt.PyJWTError, "the token is malformed or its signature is wrong"),
)


@contextmanager
def refusals() -> Iterator[None]:
    """PyJWT's errors as one short reason each; unreachable keys as unavailable."""
    try:
        yield
    except (jwt.PyJWKClientConnectionError, jwt.PyJWKSetError) as error:
        log.warning("identity provider keys unavailable: %s", error)
        raise KeysUnavailable from None
    except jwt.PyJWTError as error:
        reason = next(text for kind, text in REASONS if isinstance(error, kind))
        raise InvalidToken(reason) from None


class TokenService:
    """Checks bearer tokens and tells which officer each one names."""

    issues_tokens: ClassVar[bool] = False
    ephemeral = False  # a key that dies with the process: no token outlives it

    def issue(self, officer_id: UUID, username: str) -> tuple[str, int]:
        """A signed token and its lifetime in seconds."""
        raise NotImplementedError("tokens come from the identity provider")

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims once its signature, issuer, audience and times hold."""
        raise NotImplementedError

    def identify(
        self, claims: dict[str, Any], find_officer: FindOfficer
    ) -> tuple[UUID, str]:
        """The id and username of the officer the verified claims name."""
        raise NotImplementedError


class EmbeddedTokens(TokenService):
    """Issues and checks its own HS256 tokens; `sub` is the officer's id."""

    issues_tokens = True
    REQUIRED: ClassVar = ["exp", "iat", "sub", "iss", "aud", "jti", "username"]

    def __init__(
        self, secret: str, issuer: str, audience: str, ttl: int, *, ephemeral: bool
    ) -> None:
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"a JWT secret needs at least {MIN_SECRET_BYTES} bytes")
        self._secret, self._issuer, self._audience = secret, issuer, audience
        self._ttl = ttl
        self.ephemeral = ephemeral

    def issue(self, officer_id: UUID, username: str) -> tuple[str, int]:
        now = int(time.time())
        claims = {
            "sub": str(officer_id),
            "username": username,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "exp": now + self._ttl,
            "jti": uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256"), self._ttl

    def verify(self, token: str) -> dict[str, Any]:
        with refusals():
            return jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": self.REQUIRED},
            )

    def identify(
        self, claims: dict[str, Any], find_officer: FindOfficer
    ) -> tuple[UUID, str]:
        try:
            return UUID(claims["sub"]), str(claims["username"])
        except ValueError:
            raise InvalidToken(NO_OFFICER) from None


class ProviderTokens(TokenService):
    """Checks an identity provider's tokens by its published keys (JWKS)."""

    def __init__(
        self,
        keys: jwt.PyJWKClient,
        algorithms: list[str],
        issuer: str,
        audience: str,
        username_claim: str,
    ) -> None:
        self._keys, self._algorithms = keys, algorithms
        self._issuer, self._audience = issuer, audience
        self._username_claim = username_claim

    def verify(self, token: str) -> dict[str, Any]:
        with refusals():
            claims = jwt.decode(
                token,
                self._keys.get_signing_key_from_jwt(token),
                algorithms=self._algorithms,  # pinned here: never the token's say
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "sub", "iss"], "verify_aud": False},
            )
        if not self._meant_for_us(claims):
            raise InvalidToken("the token is meant for another audience")
        return claims

    def _meant_for_us(self, claims: dict[str, Any]) -> bool:
        """`aud` names us; or, with no `aud` (Cognito access tokens), `client_id` does."""
        audience = claims.get("aud")
        if audience is None:
            return claims.get("client_id") == self._audience
        if isinstance(audience, str):
            return audience == self._audience
        return isinstance(audience, list) and self._audience in audience

    def identify(
        self, claims: dict[str, Any], find_officer: FindOfficer
    ) -> tuple[UUID, str]:
        """By the username claim, through the catalog of officers."""
        username = claims.get(self._username_claim)
        found = find_officer(username) if isinstance(username, str) else None
        if found is None or not isinstance(username, str):
            raise InvalidToken(NO_OFFICER)
        return found, username


def provider_tokens(settings: Settings) -> ProviderTokens:
    algorithms = [a.strip() for a in settings.jwt_algorithms.split(",") if a.strip()]
    if not algorithms or not set(algorithms) <= ASYMMETRIC:
        raise ValueError(f"jwt_algorithms must be some of {sorted(ASYMMETRIC)}")
    require_safe_url(settings.jwks_url)
    keys = jwt.PyJWKClient(settings.jwks_url, timeout=5, lifespan=300)
    return ProviderTokens(
        keys,
        algorithms,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.jwt_username_claim,
    )


def require_safe_url(url: str) -> None:
    """HTTPS; plain HTTP only to this machine (a local identity provider, tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return
    raise ValueError("jwks_url must be an https:// URL (http:// only to localhost)")


# Requests ---------------------------------------------------------------------------
