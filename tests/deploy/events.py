"""AWS event documents as Lambda receives them (tests/fixtures/aws), and the Lambda
functions with their environment set."""

import base64
import json
from copy import deepcopy
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from api.aws import handlers
from api.http.tokens import EmbeddedTokens
from api.settings import Settings
from domain.commands.officer import RegisterOfficer
from domain.model.officer import Role
from tests.factories import County, a_county, meta

FIXTURES = Path(__file__).parents[1] / "fixtures" / "aws"
SECRET = "a-test-secret-long-enough-for-hs256-signatures"
Event = dict[str, Any]
WANG_LEI = UUID("5e7f2a1c-0000-4000-8000-00000000c0de")  # the `sub` of the fixtures


def fixture(name: str) -> Event:
    document: Event = json.loads((FIXTURES / f"{name}.json").read_text())
    return document


def http_event(
    name: str,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: str = "",
    as_base64: bool = False,
    data: bytes | None = None,
) -> Event:
    """A fixture HTTP API (v2) event, sent to another route with other headers."""
    event = deepcopy(fixture(name))
    event["rawPath"], event["rawQueryString"] = path, query
    event["requestContext"]["http"] |= {"method": method, "path": path}
    event["pathParameters"] = {"proxy": path.removeprefix("/")}
    sent = event["headers"]
    for header in ("authorization", "idempotency-key", "if-none-match"):
        sent.pop(header, None)
    if token is not None:
        sent["authorization"] = f"Bearer {token}"
    sent |= {key.lower(): value for key, value in (headers or {}).items()}
    event.pop("body", None)
    event["isBase64Encoded"] = False
    if body is not None:
        raw = json.dumps(body, ensure_ascii=False).encode()
        sent |= {"content-type": "application/json", "content-length": str(len(raw))}
        event["body"] = base64.b64encode(raw).decode() if as_base64 else raw.decode()
        event["isBase64Encoded"] = as_base64
    if data is not None:  # bytes: API Gateway hands them on base64-encoded
        sent["content-length"] = str(len(data))
        event |= {"body": base64.b64encode(data).decode(), "isBase64Encoded": True}
    return event


def body_of(response: Event) -> Any:
    raw = response["body"]
    if response["isBase64Encoded"]:
        return base64.b64decode(raw)
    return json.loads(raw) if raw else None


class Lambda:
    """The Lambda functions with their environment set, on one PostgreSQL schema."""

    def __init__(self, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.url, self._monkeypatch = url, monkeypatch
        self.configure(
            DATABASE_URL=url, CREATE_TABLES="n", POOL_SIZE="1", JWT_SECRET=SECRET
        )

    def configure(self, **values: str) -> None:
        """Sets `SITELEDGER_<NAME>`; the next event builds the functions afresh."""
        for name, value in values.items():
            self._monkeypatch.setenv(f"SITELEDGER_{name}", value)
        reset()

    def call(self, event: Event) -> Event:
        return handlers.api(event, None)

    def county(self) -> County:
        """The least a problem needs, and an officer `wang.lei`, in 610502."""
        with Settings.from_env().open_ledger() as ledger:
            county = a_county(ledger)
            ledger.execute(
                RegisterOfficer(
                    officer_id=WANG_LEI,
                    username="wang.lei",
                    name="王磊",
                    jurisdiction="610502",
                    roles=(Role.OFFICER,),
                ),
                meta(),
            )
        return county

    def token(self, officer_id: UUID, username: str) -> str:
        tokens = EmbeddedTokens(
            SECRET, "siteledger", "siteledger-api", 600, ephemeral=False
        )
        return tokens.issue(officer_id, username)[0]


def reset() -> None:
    handlers.HTTP.reset()
    handlers.JOBS.reset()
