"""An API client over real HTTP, as a phone or a browser would use the server."""

import zlib
from contextlib import suppress
from typing import Any
from uuid import UUID

import requests

from tests.e2e.server import cli

TIMEOUT = 30
PASSWORD = "e2e-correct-horse-battery"


class Api:
    """One officer's session: their bearer token on every request."""

    def __init__(self, base_url: str, token: str, officer_id: UUID) -> None:
        self.base_url, self.token, self.officer_id = base_url, token, officer_id
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def another_device(self) -> "Api":
        """The same officer on a session of its own (sessions are not thread-safe)."""
        return Api(self.base_url, self.token, self.officer_id)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.base_url + path, params=params, timeout=TIMEOUT)

    def post(self, path: str, body: Any, **headers: str) -> requests.Response:
        return self.session.post(
            self.base_url + path, json=body, headers=headers, timeout=TIMEOUT
        )

    def ok(self, path: str, body: Any, status: int = 200) -> dict[str, Any]:
        """POSTs and answers the body, failing with the server's problem otherwise."""
        response = self.post(path, body)
        assert response.status_code == status, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def read(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


def add_user(
    env: dict[str, str],
    username: str,
    jurisdiction: str,
    *roles: str,
    department: str | None = None,
) -> UUID:
    """Registers an officer with the CLI, with a password; answers their id."""
    args = ["users", "add", username, "--name", username, "--password", PASSWORD]
    args += ["--jurisdiction", jurisdiction]
    for role in roles:
        args += ["--role", role]
    if department:
        args += ["--department", department]
        with suppress(RuntimeError):  # registered before
            code = f"E{zlib.crc32(department.encode()):08x}"
            cli(
                env,
                "departments",
                "add",
                code,
                department,
                "--jurisdiction",
                jurisdiction,
            )
    printed = cli(env, *args)  # "Registered NAME as officer ID."
    return UUID(printed.split()[-1].rstrip("."))


def login(base_url: str, username: str) -> str:
    """A bearer token from POST /auth/token."""
    response = requests.post(
        f"{base_url}/auth/token",
        json={"username": username, "password": PASSWORD},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def session(base_url: str, username: str, officer_id: UUID) -> Api:
    return Api(base_url, login(base_url, username), officer_id)
