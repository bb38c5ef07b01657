"""Requests' bodies are waited for on a few of the server's threads, never all: a
client that sends its body slowly holds the thread that reads it (granian hands a
request to Python once its headers are in), so the threads of requests without a
body, reads and /health, stay free however many bodies drip in."""

import io
from threading import BoundedSemaphore
from typing import Any

from api.http.errors import problem

StartResponse = Any
RETRY_SECONDS = 5
KEPT_FREE = 2  # threads no body may hold
# How long a body waits for a slot: bodies that have arrived are read in well under
# this, so phones syncing at once queue briefly instead of being told to retry; a
# slot held by a dripping body is not freed in this time, so its followers hear 503.
QUEUE_SECONDS = 0.25


class BodyGate:
    """WSGI middleware: a body is read on one of `slots` threads at a time; a
    request that finds them all waiting for QUEUE_SECONDS answers 503, to retry. A body
    up to `limit` bytes is read whole before the app runs, so its thread is
    counted only while it arrives; a bigger one (a photo sent to the local
    evidence store), or one of no stated length, is read by the app as it
    comes, and counted until the app answers."""

    def __init__(self, app: Any, slots: int, limit: int) -> None:
        self.app, self.limit = app, limit
        self.slots = BoundedSemaphore(max(1, slots))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        stated = str(environ.get("CONTENT_LENGTH") or "0")
        if stated == "0" and "HTTP_TRANSFER_ENCODING" not in environ:
            return self.app(environ, start_response)  # no body
        if not self.slots.acquire(timeout=QUEUE_SECONDS):
            return busy()(environ, start_response)
        try:
            if stated.isdigit() and int(stated) <= self.limit:
                # What arrived, even if short of its length: the app's own read
                # then refuses a body cut short (400).
                body = environ["wsgi.input"].read(int(stated))
                environ["wsgi.input"] = io.BytesIO(body)
            else:  # bigger, of no stated length, or not a number: as it comes
                return self.app(environ, start_response)
        finally:
            self.slots.release()
        return self.app(environ, start_response)


def busy() -> Any:
    answer = problem(
        503,
        "Service Unavailable",
        "every thread that may wait for a request's body is waiting for one",
        retry=True,
    )
    answer.headers["Retry-After"] = str(RETRY_SECONDS)
    return answer
