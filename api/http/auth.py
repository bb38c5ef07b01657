"""Who is asking: the officer a request's bearer token names, as the ledger knows them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from flask import g, request
from webargs.flaskparser import abort

from api.http.services import Services, services
from api.http.tokens import (
    MAX_TOKEN_CHARS,
    NO_OFFICER,
    FindOfficer,
    InvalidToken,
    KeysUnavailable,
    TokenService,
)
from domain.access import Sender
from domain.app import SiteLedger
from domain.errors import NotFound
from domain.model.officer import Officer, Role

REALM = 'Bearer realm="siteledger"'
RETRY = {"Retry-After": "5"}
# Blueprints open without a token (evidence-files: its signed URLs authorise; the
# console signs in by its own cookie; the public screen and the docs' assets are
# published to anyone).
PUBLIC = (
    *("health", "auth", "api-docs", "evidence-files"),
    *("console", "screen", "docs-assets"),
)


@dataclass(frozen=True)
class Principal:
    """The officer a request acts for, as the ledger knows them at this request."""

    officer_id: UUID
    username: str
    name: str
    roles: frozenset[Role]
    jurisdiction: str
    department: str | None
    department_id: UUID | None

    def has(self, *roles: Role) -> bool:
        """Holds at least one of the roles."""
        return not self.roles.isdisjoint(roles)

    @property
    def sender(self) -> Sender:
        """As the domain checks who may send a command."""
        return Sender(
            self.officer_id,
            self.roles,
            self.jurisdiction,
            self.department,
            self.department_id,
        )

    @classmethod
    def of(cls, officer: Officer) -> Principal:
        return cls(
            officer_id=officer.id,
            username=officer.username,
            name=officer.name,
            roles=frozenset(officer.roles),
            jurisdiction=officer.jurisdiction,
            department=officer.department,
            department_id=officer.department_id,
        )


def current_principal() -> Principal:
    """The officer of this request's bearer token, loaded afresh; 401 otherwise."""
    principal: Principal | None = g.get("principal")
    if principal is None:
        found = services()
        principal = authenticate(
            request.headers.get("Authorization"),
            found.tokens,
            found.ledger,
            partial(catalog_officer, found),
        )
        g.principal = principal
    return principal


def authenticate_first() -> None:
    """Checks the bearer token before anything else about a request (401 before 415
    or 422): only the health check, logging in and the API's docs are public."""
    if request.blueprint not in (None, *PUBLIC):
        current_principal()


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
