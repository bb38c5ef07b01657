"""Bearer tokens: logging in, every bad token refused alike, a token follows its officer."""

import base64
import dataclasses
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from api.cli import main
from api.http.app import create_app
from api.http.auth import current_principal
from api.http.services import KEY, Services
from api.settings import PREFIX, Settings
from domain.commands.officer import (
    AssignJurisdiction,
    DeactivateOfficer,
    RegisterOfficer,
)
from domain.model.officer import Role
from storage.credentials import hash_password
from storage.eventstore import open_ledger
from tests.factories import a_county, meta

PASSWORD = "correct horse battery staple"
SECRET = "a-test-secret-long-enough-for-hs256-signatures"
ISSUER = "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_pool"
CLIENT_ID = "phone-app-client"
Claims = dict[str, Any]
PAST = int(time.time()) - 1  # an instant already past when any test runs


def whoami() -> dict[str, Any]:
    principal = current_principal()
    return {
        "officer_id": str(principal.officer_id),
        "username": principal.username,
        "jurisdiction": principal.jurisdiction,
        "roles": sorted(role.value for role in principal.roles),
        "supervises": principal.has(Role.SUPERVISOR, Role.ADMIN),
        "cached": current_principal() is principal,
    }


@contextmanager
def serving(settings: Settings) -> Iterator[Flask]:
    """The real app, plus a test-only route that needs a principal."""
    app = create_app(settings)
    app.add_url_rule("/test/whoami", view_func=whoami)
    try:
        yield app
    finally:
        services_of(app).close()


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path}/events.sqlite3"
    with serving(Settings(database_url=url, jwt_secret=SECRET)) as app:
        yield app


def services_of(app: Flask) -> Services:
    found: Services = app.extensions[KEY]
    return found


@pytest.fixture
def client(web: Flask) -> FlaskClient:
    return web.test_client()


def an_officer(
    app: Flask,
    username: str = "wang.lei",
    roles: tuple[Role, ...] = (Role.OFFICER,),
    password: str | None = PASSWORD,
) -> UUID:
    """Registered through the service layer, with a password unless None."""
    found, officer_id = services_of(app), uuid4()
    register = RegisterOfficer(
        officer_id=officer_id,
        username=username,
        name="王磊",
        jurisdiction="610502",
        roles=roles,
    )
    found.ledger.execute(register, meta())
    if password is not None:
        found.credentials.set(username, officer_id, hash_password(password))
    return officer_id


@pytest.fixture
def officer_id(web: Flask) -> UUID:
    return an_officer(web)


def login(
    client: FlaskClient, username: str = "wang.lei", password: str = PASSWORD
) -> TestResponse:
    return client.post("/auth/token", json={"username": username, "password": password})


def whoami_with(client: FlaskClient, token: str) -> TestResponse:
    return client.get("/test/whoami", headers={"Authorization": f"Bearer {token}"})


def refused_as_invalid(response: TestResponse, reason: str) -> bool:
    """401 problem+json, whose detail and RFC 6750 challenge both give the reason."""
    return (
        response.status_code == 401
        and response.mimetype == "application/problem+json"
        and response.get_json()["detail"] == reason
        and response.headers["WWW-Authenticate"]
        == f'Bearer realm="siteledger", error="invalid_token", error_description="{reason}"'
    )


EXPIRED = "the token has expired"
AUDIENCE = "the token is meant for another audience"
ISSUER_ = "the token comes from another issuer"
CLAIM = "the token lacks a required claim"
ALGORITHM = "the token's algorithm is not accepted"
KEY_ = "the token's signing key is unknown"
SIGNATURE = "the token is malformed or its signature is wrong"
NOBODY = "the token names no officer"
INACTIVE = "the officer's account is not active"


# Logging in -------------------------------------------------------------------------


def test_the_right_password_gives_a_token_that_names_its_officer(
    client: FlaskClient, officer_id: UUID
) -> None:
    response = login(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 8 * 3600)
    me = whoami_with(client, body["access_token"]).get_json()
    assert me == {
        "officer_id": str(officer_id),
        "username": "wang.lei",
        "jurisdiction": "610502",
        "roles": ["officer"],
        "supervises": False,
        "cached": True,
    }


def test_logging_in_works_on_every_store(store_url: str) -> None:
    with serving(Settings(database_url=store_url, jwt_secret=SECRET)) as app:
        officer_id = an_officer(app)
        token = login(app.test_client()).get_json()["access_token"]
        me = whoami_with(app.test_client(), token).get_json()
        assert me["officer_id"] == str(officer_id)


def test_every_failed_login_answers_the_same_401(
    web: Flask, client: FlaskClient
) -> None:
    an_officer(web, "wang.lei")
    deactivated = an_officer(web, "li.na")
    services_of(web).ledger.execute(
        DeactivateOfficer(officer_id=deactivated, reason="调离"), meta()
    )
    attempts = [
        ("nobody", PASSWORD),
        ("wang.lei", PASSWORD + "!"),
        ("li.na", PASSWORD),
        ("wang\x00lei", PASSWORD),
        ("wang.lei", "lone \ud800 surrogate"),
    ]
    answers = set()
    for username, password in attempts:
        response = login(client, username, password)
        answers.add((response.status_code, response.mimetype, response.get_data()))
    assert len(answers) == 1
    status, mimetype, body = answers.pop()
    assert (status, mimetype) == (401, "application/problem+json")
    assert json.loads(body)["detail"] == (
        "the username or password is wrong, or the account is not active"
    )


@pytest.mark.parametrize(
    "body",
    [
        {"username": "wang.lei", "password": PASSWORD, "role": "admin"},
        {"username": "wang.lei", "password": "x" * 257},
        {"username": "", "password": PASSWORD},
        {"password": PASSWORD},
        {"username": ["wang.lei"], "password": PASSWORD},
    ],
)
def test_a_login_with_unknown_missing_or_oversized_fields_is_refused_with_422(
    client: FlaskClient, officer_id: UUID, body: dict[str, Any]
) -> None:
    response = client.post("/auth/token", json=body)
    assert response.status_code == 422
    assert "access_token" not in response.get_data(as_text=True)


def test_a_login_whose_body_holds_a_number_of_thousands_of_digits_is_400(
    client: FlaskClient,
) -> None:
    body = f'{{"username": {"1" * 5000}, "password": "x"}}'
    response = client.post("/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "json": ["Invalid JSON body: a number of 5000 digits is out of range."]
    }


def test_the_login_endpoint_is_documented_as_public_with_its_answers(
    client: FlaskClient,
) -> None:
    operation = client.get("/openapi.json").get_json()["paths"]["/auth/token"]["post"]
    assert operation["security"] == []
    assert {"200", "401", "404", "422"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/IssueTokenRequest")


# Bad tokens, embedded ---------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: Claims) -> str:
    return b64(json.dumps(value).encode())


def unsigned(claims: Claims, kid: str | None = None) -> str:
    """`alg: none`: no signature at all."""
    header = {"alg": "none", "typ": "JWT"} | ({"kid": kid} if kid else {})
    return f"{segment(header)}.{segment(claims)}."


def hmac_signed(claims: Claims, key: bytes, kid: str | None = None) -> str:
    """HS256 by hand: PyJWT refuses to sign with a public key, an attacker does not."""
    header = {"alg": "HS256", "typ": "JWT"} | ({"kid": kid} if kid else {})
    signing_input = f"{segment(header)}.{segment(claims)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def embedded_claims(officer_id: UUID, **changes: Any) -> Claims:
    now = int(time.time())
    claims = {
        "sub": str(officer_id),
        "username": "wang.lei",
        "iss": "siteledger",
        "aud": "siteledger-api",
        "iat": now,
        "exp": now + 600,
        "jti": uuid4().hex,
    }
    return {k: v for k, v in (claims | changes).items() if v is not None}


def signed(claims: Claims, secret: str = SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


EMBEDDED_FORGERIES: dict[str, tuple[Callable[[UUID], str], str]] = {
    "alg none": (lambda o: unsigned(embedded_claims(o)), ALGORITHM),
    "another secret": (lambda o: signed(embedded_claims(o), SECRET.upper()), SIGNATURE),
    "missing exp": (lambda o: signed(embedded_claims(o, exp=None)), CLAIM),
    "expired": (lambda o: signed(embedded_claims(o, iat=1, exp=PAST)), EXPIRED),
    "wrong aud": (lambda o: signed(embedded_claims(o, aud="another-api")), AUDIENCE),
    "wrong iss": (lambda o: signed(embedded_claims(o, iss="another")), ISSUER_),
    "missing sub": (lambda o: signed(embedded_claims(o, sub=None)), CLAIM),
    "sub not an id": (lambda o: signed(embedded_claims(o, sub="wang.lei")), NOBODY),
    "unknown officer": (lambda o: signed(embedded_claims(uuid4())), NOBODY),
    "another's name": (lambda o: signed(embedded_claims(o, username="li")), NOBODY),
    "garbage": (lambda o: "not.a.token", SIGNATURE),
    "huge": (lambda o: signed(embedded_claims(o, pad="x" * 10_000)), SIGNATURE),
}


@pytest.mark.parametrize(
    ("forge", "reason"), EMBEDDED_FORGERIES.values(), ids=EMBEDDED_FORGERIES
)
def test_a_bad_token_is_refused_with_an_invalid_token_challenge(
    client: FlaskClient, officer_id: UUID, forge: Callable[[UUID], str], reason: str
) -> None:
    assert refused_as_invalid(whoami_with(client, forge(officer_id)), reason)


def test_the_forgeries_differ_from_a_good_token_only_in_their_flaw(
    client: FlaskClient, officer_id: UUID
) -> None:
    assert whoami_with(client, signed(embedded_claims(officer_id))).status_code == 200


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer   ", "Basic d2FuZy5sZWk6cHc=", "Token abc"]
)
def test_a_request_without_a_bearer_token_is_challenged_without_an_error_code(
    client: FlaskClient, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = client.get("/test/whoami", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="siteledger"'


def test_a_deactivated_officers_token_is_refused_at_the_next_request(
    web: Flask, client: FlaskClient, officer_id: UUID
) -> None:
    token = login(client).get_json()["access_token"]
    assert whoami_with(client, token).status_code == 200
    services_of(web).ledger.execute(
        DeactivateOfficer(officer_id=officer_id, reason="调离"), meta()
    )
    assert refused_as_invalid(whoami_with(client, token), INACTIVE)


def test_a_moved_officer_acts_in_the_new_jurisdiction_at_the_next_request(
    web: Flask, client: FlaskClient, officer_id: UUID
) -> None:
    token = login(client).get_json()["access_token"]
    assert whoami_with(client, token).get_json()["jurisdiction"] == "610502"
    services_of(web).ledger.execute(
        AssignJurisdiction(officer_id=officer_id, jurisdiction="610581"), meta()
    )
    assert whoami_with(client, token).get_json()["jurisdiction"] == "610581"


# Tokens from an identity provider (JWKS) --------------------------------------------


@pytest.fixture(scope="session")
def rsa_keys() -> dict[str, rsa.RSAPrivateKey]:
    return {kid: rsa.generate_private_key(65537, 2048) for kid in ("k1", "stranger")}


class IdentityProvider:
    """Publishes the public half of key `k1` as a JWKS document over real HTTP."""

    def __init__(self, keys: dict[str, rsa.RSAPrivateKey]) -> None:
        self.keys, self.fetches = keys, 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/.well-known/jwks.json"

    def jwks(self) -> dict[str, Any]:
        key = jwt.algorithms.RSAAlgorithm.to_jwk(
            self.keys["k1"].public_key(), as_dict=True
        )
        return {"keys": [key | {"kid": "k1", "alg": "RS256", "use": "sig"}]}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.fetches += 1
                body = json.dumps(provider.jwks()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def sign(self, claims: Claims, kid: str = "k1", key: str = "k1") -> str:
        return jwt.encode(
            claims, self.keys[key], algorithm="RS256", headers={"kid": kid}
        )

    def public_pem(self) -> bytes:
        return (
            self.keys["k1"]
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
        )

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join()
        self.server.server_close()


@pytest.fixture
def provider(rsa_keys: dict[str, rsa.RSAPrivateKey]) -> Iterator[IdentityProvider]:
    running = IdentityProvider(rsa_keys)
    yield running
    running.stop()


@pytest.fixture
def jwks_web(tmp_path: Path, provider: IdentityProvider) -> Iterator[Flask]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/events.sqlite3",
        auth_mode="jwks",
        jwks_url=provider.url,
        jwt_issuer=ISSUER,
        jwt_audience=CLIENT_ID,
    )
    with serving(settings) as app:
        yield app


@pytest.fixture
def jwks_client(jwks_web: Flask) -> FlaskClient:
    an_officer(jwks_web, "wang.lei", password=None)  # the catalog catches up then
    return jwks_web.test_client()


def access_claims(**changes: Any) -> Claims:
    """What a Cognito access token carries: `client_id`, no `aud`."""
    now = int(time.time())
    claims = {
        "sub": "5e7f2a1c-0000-4000-8000-00000000c0de",
        "iss": ISSUER,
        "client_id": CLIENT_ID,
        "token_use": "access",
        "scope": "openid",
        "username": "wang.lei",
        "iat": now,
        "exp": now + 600,
        "jti": uuid4().hex,
    }
    return {k: v for k, v in (claims | changes).items() if v is not None}


PROVIDER_FORGERIES: dict[str, tuple[Callable[[IdentityProvider], str], str]] = {
    "alg none": (lambda p: unsigned(access_claims(), kid="k1"), ALGORITHM),
    "HS256 signed with the public key": (
        lambda p: hmac_signed(access_claims(), p.public_pem(), kid="k1"),
        ALGORITHM,
    ),
    "unknown kid": (lambda p: p.sign(access_claims(), kid="k9", key="stranger"), KEY_),
    "no kid": (lambda p: jwt.encode(access_claims(), p.keys["k1"], "RS256"), KEY_),
    "a stranger's key as k1": (
        lambda p: p.sign(access_claims(), key="stranger"),
        SIGNATURE,
    ),
    "missing exp": (lambda p: p.sign(access_claims(exp=None)), CLAIM),
    "expired": (lambda p: p.sign(access_claims(iat=1, exp=PAST - 3600)), EXPIRED),
    "missing sub": (lambda p: p.sign(access_claims(sub=None)), CLAIM),
    "wrong iss": (lambda p: p.sign(access_claims(iss="https://evil.example")), ISSUER_),
    "another client": (lambda p: p.sign(access_claims(client_id="another")), AUDIENCE),
    "no aud, no client_id": (lambda p: p.sign(access_claims(client_id=None)), AUDIENCE),
    "wrong aud": (lambda p: p.sign(access_claims(client_id=None, aud="x")), AUDIENCE),
    "aud not naming us": (lambda p: p.sign(access_claims(aud=["a", "b"])), AUDIENCE),
    "unknown username": (lambda p: p.sign(access_claims(username="nobody")), NOBODY),
    "no username": (lambda p: p.sign(access_claims(username=None)), NOBODY),
    "garbage": (lambda p: "eyJhbGciOiJSUzI1NiJ9.garbage.garbage", SIGNATURE),
}


@pytest.mark.parametrize(
    ("forge", "reason"), PROVIDER_FORGERIES.values(), ids=PROVIDER_FORGERIES
)
def test_a_bad_provider_token_is_refused_with_an_invalid_token_challenge(
    jwks_client: FlaskClient,
    provider: IdentityProvider,
    forge: Callable[[IdentityProvider], str],
    reason: str,
) -> None:
    assert refused_as_invalid(whoami_with(jwks_client, forge(provider)), reason)


@pytest.mark.parametrize(
    "claims",
    [access_claims(), access_claims(client_id=None, aud=CLIENT_ID)],
    ids=["access token with client_id", "token with aud"],
)
def test_a_provider_token_names_its_officer_by_username(
    jwks_client: FlaskClient, provider: IdentityProvider, claims: Claims
) -> None:
    response = whoami_with(jwks_client, provider.sign(claims))
    assert response.status_code == 200
    assert response.get_json()["username"] == "wang.lei"


def test_tokens_with_unknown_kids_do_not_make_the_service_refetch_the_keys(
    jwks_client: FlaskClient, provider: IdentityProvider
) -> None:
    assert whoami_with(jwks_client, provider.sign(access_claims())).status_code == 200
    for n in range(5):
        whoami_with(jwks_client, provider.sign(access_claims(), kid=f"k{n + 2}"))
    assert provider.fetches == 1


def test_unreachable_provider_keys_are_a_503_not_the_clients_fault(
    jwks_client: FlaskClient, provider: IdentityProvider
) -> None:
    provider.stop()
    response = whoami_with(jwks_client, provider.sign(access_claims()))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"


def test_behind_an_identity_provider_the_login_endpoint_is_not_found(
    jwks_web: Flask,
) -> None:
    an_officer(jwks_web, "wang.lei")
    response = login(jwks_web.test_client())
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"jwt_algorithms": "HS256"}, "jwt_algorithms"),
        ({"jwt_algorithms": "RS256,none"}, "jwt_algorithms"),
        ({"jwks_url": "http://idp.example/jwks.json"}, "https://"),
        ({"jwks_url": "file:///etc/passwd"}, "https://"),
        ({"auth_mode": "basic"}, "auth_mode"),
        ({"auth_mode": "embedded", "jwt_secret": "short"}, "32 bytes"),
    ],
)
def test_an_unsafe_auth_setting_stops_the_app_at_start(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/events.sqlite3",
        auth_mode="jwks",
        jwks_url="https://idp.example/jwks.json",
    )
    with pytest.raises(ValueError, match=message):
        create_app(Settings(**(vars(settings) | changes)))


# The command line -------------------------------------------------------------------


@pytest.fixture
def cli_store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.sqlite3"


def cli(
    store_url: str, *args: str, given: str | None = None, mode: str = "embedded"
) -> Result:
    """Runs `siteledger …` on a store; no SITELEDGER_* setting leaks in from the shell."""
    env: dict[str, str | None] = {
        PREFIX + field.name.upper(): None for field in dataclasses.fields(Settings)
    }
    env |= {"SITELEDGER_DATABASE_URL": store_url, "SITELEDGER_AUTH_MODE": mode}
    return CliRunner().invoke(main, list(args), env=env, input=given)


ADD = ("users", "add", "zhao.min", "--name", "赵敏", "--jurisdiction", "610502")


def test_an_account_added_on_the_command_line_gets_a_token_that_opens_the_api(
    cli_store: str,
) -> None:
    roles = ("--role", "officer", "--role", "supervisor")
    added = cli(cli_store, *ADD, *roles, "--password", PASSWORD)
    assert added.exit_code == 0, added.output
    printed = cli(cli_store, "token", "zhao.min")
    assert printed.exit_code == 0, printed.output
    with serving(Settings(database_url=cli_store)) as app:
        client = app.test_client()
        me = whoami_with(client, printed.stdout.strip()).get_json()
        assert (me["username"], me["roles"], me["supervises"]) == (
            "zhao.min",
            ["officer", "supervisor"],
            True,
        )
        assert login(client, "zhao.min").status_code == 200


def test_passwords_are_prompted_for_hidden_twice_and_can_be_changed(
    cli_store: str,
) -> None:
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    added = cli(cli_store, *ADD, "--role", "officer", given=typed)
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output
    changed = cli(
        cli_store, "users", "password", "zhao.min", given="new password\n" * 2
    )
    assert changed.exit_code == 0, changed.output
    with serving(Settings(database_url=cli_store)) as app:
        assert login(app.test_client(), "zhao.min").status_code == 401
        assert login(app.test_client(), "zhao.min", "new password").status_code == 200


def test_an_officer_registered_elsewhere_can_be_given_a_password_and_a_token(
    cli_store: str,
) -> None:
    with open_ledger(cli_store) as ledger:
        username = a_county(ledger).username  # registered without a password
    changed = cli(cli_store, "users", "password", username, "--password", PASSWORD)
    assert changed.exit_code == 0, changed.output
    printed = cli(cli_store, "token", username)
    with serving(Settings(database_url=cli_store)) as app:
        client = app.test_client()
        assert login(client, username).status_code == 200
        me = whoami_with(client, printed.stdout.strip()).get_json()
        assert me["username"] == username


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "officer", "--jurisdiction", "61x"), "jurisdiction"),
        (("--role", "handler"), "department"),
        (("--role", "officer", "--password", "short"), "8 to 256"),
    ],
)
def test_a_refused_registration_says_why_exits_1_and_stores_nothing(
    cli_store: str, args: tuple[str, ...], message: str
) -> None:
    result = cli(cli_store, *ADD, "--password", PASSWORD, *args)
    assert (result.exit_code, message in result.output) == (1, True), result.output
    assert "no account" in cli(cli_store, "token", "zhao.min").output


def test_a_username_is_taken_once(cli_store: str) -> None:
    first = cli(cli_store, *ADD, "--role", "officer", "--password", PASSWORD)
    assert first.exit_code == 0, first.output
    again = cli(cli_store, *ADD, "--role", "auditor", "--password", PASSWORD)
    assert (again.exit_code, "is taken" in again.output) == (1, True)


def test_a_deactivated_officer_gets_no_token_nor_password(cli_store: str) -> None:
    with open_ledger(cli_store) as ledger:
        county = a_county(ledger)
        ledger.execute(
            DeactivateOfficer(officer_id=county.officer_id, reason="调离"), meta()
        )
    for args in (("token",), ("users", "password", "--password", PASSWORD)):
        result = cli(cli_store, *args, county.username)
        assert (result.exit_code, "deactivated" in result.output) == (1, True)


def test_commands_on_an_unknown_account_fail_clearly(cli_store: str) -> None:
    for args in (("token",), ("users", "password", "--password", PASSWORD)):
        result = cli(cli_store, *args, "nobody")
        assert (result.exit_code, "no account named nobody" in result.output) == (
            1,
            True,
        )


def test_the_command_line_prints_no_token_a_server_would_refuse(cli_store: str) -> None:
    result = cli("memory://", "token", "zhao.min")
    assert (result.exit_code, "SITELEDGER_JWT_SECRET" in result.output) == (1, True)


def test_behind_an_identity_provider_the_command_line_registers_without_a_password(
    cli_store: str,
) -> None:
    added = cli(cli_store, *ADD, "--role", "officer", mode="jwks")
    assert added.exit_code == 0, added.output
    for args in (("token",), ("users", "password", "--password", PASSWORD)):
        result = cli(cli_store, *args, "zhao.min", mode="jwks")
        assert (result.exit_code, "identity provider" in result.output) == (1, True)
    with_password = cli(
        cli_store, *ADD, "--role", "officer", "--password", PASSWORD, mode="jwks"
    )
    assert with_password.exit_code == 1
