"""Bodies are waited for on a bounded number of threads (api/http/bodies.py); over a
real server: tests/e2e/test_slow_clients.py."""

import io
import json
import threading
from typing import Any

from api.http.bodies import BodyGate

Environ = dict[str, Any]


class Dripping(io.RawIOBase):
    """A body whose bytes come only once `arrived` is set."""

    def __init__(self, body: bytes) -> None:
        self.body, self.arrived, self.waiting = (
            body,
            threading.Event(),
            threading.Event(),
        )

    def read(self, size: int = -1) -> bytes:
        self.waiting.set()
        self.arrived.wait(10)
        return self.body[: size if size >= 0 else None]


def app_seeing(seen: list[bytes]) -> Any:
    def app(environ: Environ, start_response: Any) -> list[bytes]:
        seen.append(environ["wsgi.input"].read())
        start_response("200 OK", [])
        return [b"done"]

    return app


def call(gate: BodyGate, body: Any, length: str) -> tuple[str, dict[str, str], bytes]:
    answered: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answered.update(status=status, headers=dict(headers))

    environ = {"REQUEST_METHOD": "POST", "CONTENT_LENGTH": length, "wsgi.input": body}
    sent = b"".join(gate(environ, start_response))
    return answered["status"], answered["headers"], sent


def test_a_body_finding_every_slot_waiting_is_told_to_retry_at_once() -> None:
    seen: list[bytes] = []
    gate = BodyGate(app_seeing(seen), slots=1, limit=1000)
    slow = Dripping(b'{"a": 1}')
    first = threading.Thread(target=call, args=(gate, slow, "8"))
    first.start()
    assert slow.waiting.wait(10)
    status, headers, sent = call(gate, io.BytesIO(b"{}"), "2")
    slow.arrived.set()
    first.join(10)
    assert (status, headers["Retry-After"]) == ("503 SERVICE UNAVAILABLE", "5")
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(sent)["retry"] is True
    assert seen == [b'{"a": 1}']  # the app never saw the one told to retry
    assert call(gate, io.BytesIO(b"{}"), "2")[0] == "200 OK"  # the slot is free


def test_the_app_reads_what_arrived_and_judges_a_length_itself() -> None:
    seen: list[bytes] = []
    gate = BodyGate(app_seeing(seen), slots=1, limit=4)
    assert call(gate, io.BytesIO(b"ab"), "10")[0] == "200 OK"  # bigger: as it comes
    assert call(gate, io.BytesIO(b"ab"), "4")[0] == "200 OK"  # short: what came
    assert call(gate, io.BytesIO(b"ab"), "x")[0] == "200 OK"  # not a number
    assert call(gate, io.BytesIO(b""), "")[0] == "200 OK"  # none
    assert seen == [b"ab", b"ab", b"ab", b""]
