"""Who is asking: a bearer token, ours (HS256) or an identity provider's, and its officer."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import jwt
from flask import g, request
from webargs.flaskparser import abort

from api.settings import Settings
from domain.app import SiteLedger
from domain.errors import NotFound
from domain.model.officer import Officer, Role
from storage.credentials import signing_secret

if TYPE_CHECKING:
    from api.services import Services

FindOfficer = Callable[[str], UUID | None]
REALM = 'Bearer realm="siteledger"'
LOOPBACK = frozenset(["localhost", "127.0.0.1", "::1"])
LEEWAY_SECONDS = 30  # clock skew between an identity provider and this server
MAX_TOKEN_CHARS = 8192
RETRY = {"Retry-After": "5"}
MIN_SECRET_BYTES = 32
NO_OFFICER = "the token names no officer"
RSA = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
ASYMMETRIC = frozenset([*RSA, "ES256", "ES384", "ES512", "EdDSA"])
log = logging.getLogger(__name__)


class InvalidToken(Exception):
    """A token refused; the message is short and safe to show to the client."""


class KeysUnavailable(Exception):
    """The identity provider's keys cannot be fetched now: our problem, not theirs."""


@dataclass(frozen=True)
class Principal:
    """The officer a request acts for, as the ledger knows them at this request."""

    officer_id: UUID
    username: str
    name: str
    roles: frozenset[Role]
    jurisdiction: str
    department: str | None

    def has(self, *roles: Role) -> bool:
        """Holds at least one of the roles."""
        return not self.roles.isdisjoint(roles)

    @classmethod
    def of(cls, officer: Officer) -> Principal:
        return cls(
            officer_id=officer.id,
            username=officer.username,
            name=officer.name,
            roles=frozenset(officer.roles),
            jurisdiction=officer.jurisdiction,
            department=officer.department,
        )


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


def build_tokens(settings: Settings) -> TokenService:
    """The token service the settings ask for.

    Embedded mode with no `jwt_secret`: on a SQLite store the secret is made once and
    kept in `<store>.jwt-secret` beside it (mode 0600), so tokens survive restarts and
    the CLI's tokens open the server; on the in-memory store or PostgreSQL it is random
    per process (set SITELEDGER_JWT_SECRET for servers with several workers).
    """
    if settings.auth_mode == "jwks":
        return provider_tokens(settings)
    if settings.auth_mode != "embedded":
        raise ValueError(
            f"auth_mode must be embedded or jwks, not {settings.auth_mode!r}"
        )
    secret, ephemeral = settings.jwt_secret, False
    if not secret:
        secret, ephemeral = signing_secret(settings.store_env())
    return EmbeddedTokens(
        secret,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.token_ttl_seconds,
        ephemeral=ephemeral,
    )


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


def current_principal() -> Principal:
    """The officer of this request's bearer token, loaded afresh; 401 otherwise."""
    principal: Principal | None = g.get("principal")
    if principal is None:
        from api.services import services  # api.services imports this module

        found = services()
        principal = authenticate(
            request.headers.get("Authorization"),
            found.tokens,
            found.ledger,
            partial(catalog_officer, found),
        )
        g.principal = principal
    return principal


def catalog_officer(found: Services, username: str) -> UUID | None:
    """By the catalog; one catch-up first if it does not know the username yet."""
    officer_id = found.views.catalog.find_officer(username)
    if officer_id is None and found.views.catch_up(found.ledger):
        officer_id = found.views.catalog.find_officer(username)
    return officer_id


def authenticate(
    header: str | None,
    tokens: TokenService,
    ledger: SiteLedger,
    find_officer: FindOfficer,
) -> Principal:
    """The active officer an `Authorization: Bearer …` header names, as of now."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, message="a bearer token is required", headers=challenge())
    try:
        if len(token) > MAX_TOKEN_CHARS:
            raise InvalidToken("the token is malformed or its signature is wrong")
        claims = tokens.verify(token.strip())
        return Principal.of(active_officer(tokens, claims, ledger, find_officer))
    except InvalidToken as refused:
        abort(401, message=str(refused), headers=challenge(str(refused)))
    except KeysUnavailable:
        abort(503, message="tokens cannot be checked now; retry", headers=RETRY)


def active_officer(
    tokens: TokenService,
    claims: dict[str, Any],
    ledger: SiteLedger,
    find_officer: FindOfficer,
) -> Officer:
    """Loaded each request: a moved officer's scope moves, a deactivated one is out."""
    officer_id, username = tokens.identify(claims, find_officer)
    try:
        officer = ledger.load(Officer, officer_id)
    except NotFound:
        raise InvalidToken(NO_OFFICER) from None
    if officer.username != username:  # a catalog that lags, or a forged pairing
        raise InvalidToken(NO_OFFICER)
    if not officer.active:
        raise InvalidToken("the officer's account is not active")
    return officer


def challenge(reason: str = "") -> dict[str, str]:
    """RFC 6750's challenge: no error code when no token came at all."""
    if not reason:
        return {"WWW-Authenticate": REALM}
    return {
        "WWW-Authenticate": f'{REALM}, error="invalid_token", error_description="{reason}"'
    }
