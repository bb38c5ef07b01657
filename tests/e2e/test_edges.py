"""The edges, tried from outside over a real server socket: a body in a coding the
server does not decode, a body cut short by a half-close, guessed passwords and an
over-long token header are each refused as problem+json, and nothing is stored."""

import gzip
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
import requests

from tests.e2e.client import PASSWORD, add_user, login
from tests.e2e.server import serve
from tests.factories import a_credit_code

COUNTY = "610502"
TIMEOUT = 30
PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Edge:
    base_url: str
    token: str
    env: dict[str, str]

    def events(self) -> int:
        found: int = requests.get(f"{self.base_url}/health", timeout=TIMEOUT).json()[
            "events"
        ]
        return found

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra}


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    folder: Path = tmp_path_factory.mktemp("edges")
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
        "SITELEDGER_LOGIN_ACCOUNT_LIMIT": "5",
        "SITELEDGER_LOGIN_ACCOUNT_WAIT": "2",
        "SITELEDGER_LOGIN_ADDRESS_LIMIT": "30",
        "SITELEDGER_LOGIN_ADDRESS_WAIT": "2",
    }
    add_user(env, "edge-admin", COUNTY, "admin")
    with serve(env) as base_url:
        yield Edge(base_url, login(base_url, "edge-admin"), env)


def an_enterprise() -> bytes:
    body = {
        "enterprise_id": str(uuid4()),
        "credit_code": a_credit_code(COUNTY),
        "name": "宝鸡秦岭机械有限公司",
        "sector": "装备制造",
        "scale": "above_designated",
        "jurisdiction": COUNTY,
    }
    return json.dumps(body).encode()


def assert_problem(response: requests.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("coding", "body"),
    [("gzip", gzip.compress(an_enterprise())), ("gzip", an_enterprise()), ("br", b"")],
)
def test_a_body_in_a_coding_the_server_does_not_decode_is_415(
    edge: Edge, coding: str, body: bytes
) -> None:
    before = edge.events()
    headers = edge.headers(**{"Content-Encoding": coding})
    headers["Content-Type"] = "application/json"
    sent = requests.post(
        f"{edge.base_url}/enterprises",
        data=body or an_enterprise(),
        headers=headers,
        timeout=TIMEOUT,
    )
    assert_problem(sent, 415)
    assert sent.headers["Accept-Encoding"] == "identity"
    assert edge.events() == before


def raw_post(
    edge: Edge, body: bytes, declared: int, *, half_close: bool = True, key: str = ""
) -> bytes:
    """Sends the body under the Content-Length `declared`, half-closes (unless
    not), reads the answer."""
    parts = urlsplit(edge.base_url)
    head = (
        f"POST /enterprises HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Authorization: Bearer {edge.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {declared}\r\nConnection: close\r\n"
        + (f"Idempotency-Key: {key}\r\n" if key else "")
        + "\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), TIMEOUT) as sock:
        sock.sendall(head.encode() + body)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_body_shorter_than_its_content_length_then_half_closed_is_refused(
    edge: Edge,
) -> None:
    before = edge.events()
    body = an_enterprise()
    answer = raw_post(edge, body, len(body) + 40)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"400", answer[:300]
    assert PROBLEM.encode() in rest
    assert edge.events() == before
    # The same body, honestly sized (a whole request half-closed is not
    # answered: the next test).
    whole = raw_post(edge, body, len(body), half_close=False)
    assert whole.split()[1] == b"201"


def test_a_whole_request_then_half_closed_is_unanswered_and_its_retry_applied_once(
    edge: Edge,
) -> None:
    """granian (hyper) takes a client's half-close for the client gone and drops
    the connection without an answer, though the request was whole; whether it
    was carried out depends on how far it got (docs/deploy.md). The client's
    retry with the same Idempotency-Key is answered, and the command is
    applied exactly once."""
    before = edge.events()
    honest = an_enterprise()
    assert raw_post(edge, honest, len(honest), half_close=False).split()[1] == b"201"
    one_command = edge.events() - before
    body, key = an_enterprise(), str(uuid4())
    assert raw_post(edge, body, len(body), key=key) == b""
    time.sleep(1)  # what got through is carried out meanwhile
    retried = raw_post(edge, body, len(body), half_close=False, key=key)
    assert retried.split()[1] == b"201"
    assert edge.events() == before + 2 * one_command


def test_guessed_passwords_are_throttled_and_the_owner_waits_seconds(
    edge: Edge,
) -> None:
    username, url = "guessed", f"{edge.base_url}/auth/token"
    add_user(edge.env, username, COUNTY, "officer")
    statuses = [
        requests.post(
            url, json={"username": username, "password": "wrong!"}, timeout=TIMEOUT
        ).status_code
        for _ in range(20)
    ]
    assert statuses == [401] * 5 + [429] * 15
    right = {"username": username, "password": PASSWORD}
    waiting = requests.post(url, json=right, timeout=TIMEOUT)
    assert_problem(waiting, 429)
    wait = int(waiting.headers["Retry-After"])
    assert 1 <= wait <= 2
    time.sleep(wait + 0.2)
    assert requests.post(url, json=right, timeout=TIMEOUT).status_code == 200


def test_one_address_guessing_many_accounts_is_throttled(edge: Edge) -> None:
    url = f"{edge.base_url}/auth/token"
    statuses = []
    for _ in range(40):
        guess = {"username": f"nobody-{uuid4().hex[:8]}", "password": "wrong!"}
        answer = requests.post(url, json=guess, timeout=TIMEOUT)
        statuses.append(answer.status_code)
        if answer.status_code == 429:
            assert answer.headers["Retry-After"] in {"1", "2"}
            break
    assert statuses[-1] == 429
    assert statuses.count(401) <= 30


def test_an_over_long_token_is_answered_as_problem_json(edge: Edge) -> None:
    """gunicorn lets the header through (its field limit is raised) and the app
    answers: gunicorn itself would answer 431 in HTML."""
    before = edge.events()
    answer = requests.post(
        f"{edge.base_url}/enterprises",
        data=an_enterprise(),
        headers={
            "Authorization": "Bearer " + "a" * 9000,
            "Content-Type": "application/json",
        },
        timeout=TIMEOUT,
    )
    assert_problem(answer, 401)
    assert answer.json()["detail"] == "the token is malformed or its signature is wrong"
    assert edge.events() == before


def test_any_other_over_long_header_is_431_as_problem_json(edge: Edge) -> None:
    before = edge.events()
    answer = requests.post(
        f"{edge.base_url}/enterprises",
        data=an_enterprise(),
        headers=edge.headers(**{"Device-Id": "p" * 9000}),
        timeout=TIMEOUT,
    )
    assert_problem(answer, 431)
    assert "Device-Id" in answer.json()["detail"]
    assert edge.events() == before
