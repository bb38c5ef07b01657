"""One HTTP connection to the server, kept alive, as a phone on a good network uses it."""

import http.client
import json
import time
from typing import Any
from urllib.parse import urlsplit

TIMEOUT = 60.0


class HttpError(RuntimeError):
    """The server answered another status than the one expected."""


class Client:
    """Requests over one kept-alive connection, timed from sending to the last byte."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=TIMEOUT
        )
        self.token = ""
        self.connections = 0  # past the first, a round trip paid for a handshake

    def send(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, bytes, float]:
        """Status, body and seconds from the request's first byte to the answer's last."""
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self._connection.sock is None:
            self.connections += 1
        started = time.perf_counter()
        self._connection.request(method, path, body, headers)
        response = self._connection.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started

    def call(
        self, method: str, path: str, payload: Any = None, expect: int = 200
    ) -> Any:
        """Sends JSON and answers the JSON answer, or raises if the status differs."""
        body = None if payload is None else json.dumps(payload).encode()
        status, data, _ = self.send(method, path, body)
        if status != expect:
            raise HttpError(f"{method} {path}: {status} {data[:2000]!r}")
        return json.loads(data)

    def close(self) -> None:
        self._connection.close()
