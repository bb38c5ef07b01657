"""The peer: ODK Central's backend, from a checkout given by path (see
docs/benchmarks.md), with a project, a published form of ten questions and an app
user, and senders that submit completed inspections to it as a phone does:

    with odk_peer(path, node=None, processes=1) as peer:
        send = peer.sender()  # a connection of its own, kept alive
        seconds = send()      # one submission: 201, or PeerFailed
    rate([send_1, ..., send_8], each=250)  # any sends, one thread each, released together

`python -m bench.odk --odk PATH` prints its submissions per second from 1 and 8 clients.
"""

import argparse
import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

from bench.measure import median, percentile
from bench.odk_forms import CONTENT_TYPE, FORM_ID, multipart, submission, xform
from bench.odk_server import Admin, PeerFailed, central

TIMEOUT = 60.0
HEADERS = {"Content-Type": CONTENT_TYPE, "X-OpenRosa-Version": "1.0"}
XML = {"Content-Type": "application/xml"}

Send = Callable[[], float]  # one unit of work; answers its seconds


class Connection:
    """One HTTP connection to the peer, kept alive."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._http = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=TIMEOUT
        )
        self.opened = 0  # past the first, a request paid for a new connection

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        if self._http.sock is None:
            self.opened += 1
        self._http.request(method, path, body, headers)
        response = self._http.getresponse()
        return response.status, response.read()

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        """JSON in (or bytes as they are), JSON out; raises unless 200."""
        if body is not None and not isinstance(body, bytes):
            body, headers["Content-Type"] = (
                json.dumps(body).encode(),
                "application/json",
            )
        status, data = self.request(method, path, body, headers)
        if status != 200:
            raise PeerFailed(f"{method} {path}: {status} {data[:1000]!r}")
        return json.loads(data)

    def close(self) -> None:
        self._http.close()


class Sender:
    """Submits one completed inspection, with a fresh instance id, per call."""

    def __init__(self, base_url: str, path: str) -> None:
        self.connection = Connection(base_url)
        self._path = path

    def __call__(self) -> float:
        body = multipart(submission(uuid4()))
        started = time.perf_counter()
        status, data = self.connection.request("POST", self._path, body, HEADERS)
        elapsed = time.perf_counter() - started
        if status != 201:  # a refused submission must not count as done
            raise PeerFailed(f"submission: {status} {data[:1000]!r}")
        return elapsed


@dataclass
class Peer:
    base_url: str
    admin: Admin
    project: int
    app_user_token: str
    senders: list[Sender] = field(default_factory=list)

    def sender(self) -> Sender:
        path = f"/v1/key/{self.app_user_token}/projects/{self.project}/submission"
        sender = Sender(self.base_url, path)
        self.senders.append(sender)
        return sender


def signed_in(base_url: str, admin: Admin) -> tuple[Connection, dict[str, str]]:
    """A connection and the administrator's authorization header for it."""
    api = Connection(base_url)
    login = {"email": admin.email, "password": admin.password}
    token = api.call("POST", "/v1/sessions", login)["token"]
    return api, {"Authorization": f"Bearer {token}"}


def prepared(base_url: str, admin: Admin) -> Peer:
    """A project, the form published, an app user allowed to submit to it."""
    api, bearer = signed_in(base_url, admin)
    try:
        project = api.call("POST", "/v1/projects", {"name": "重点项目"}, **bearer)["id"]
        forms = f"/v1/projects/{project}/forms"
        api.call("POST", f"{forms}?publish=true", xform(), **bearer, **XML)
        user = {"displayName": "bench-phone"}
        phone = api.call("POST", f"/v1/projects/{project}/app-users", user, **bearer)
        assign = f"{forms}/{FORM_ID}/assignments/app-user/{phone['id']}"
        api.call("POST", assign, **bearer)
    finally:
        api.close()
    return Peer(base_url, admin, project, phone["token"])


@contextmanager
def odk_peer(
    path: str | Path, node: str | None = None, processes: int = 1
) -> Iterator[Peer]:
    """ODK Central from the checkout at `path`, run with `node` (else the one on
    PATH) in `processes` server processes, ready for submissions; stopped and its
    database dropped afterwards."""
    with central(path, node, processes) as (base_url, admin):
        peer = prepared(base_url, admin)
        try:
            yield peer
        finally:
            for sender in peer.senders:
                sender.connection.close()


# Submissions per second -------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    clients: int
    count: int
    per_second: float
    p50: float
    p99: float


def rate(sends: Sequence[Send], each: int) -> Rate:
    """Each send in a thread of its own, `each` times, all released together: the
    units done per second of wall time, and their latencies' p50 and p99."""
    start = threading.Barrier(len(sends) + 1)

    def client(send: Send) -> list[float]:
        start.wait(timeout=TIMEOUT)
        return [send() for _ in range(each)]

    with ThreadPoolExecutor(len(sends)) as pool:
        futures = [pool.submit(client, send) for send in sends]
        start.wait(timeout=TIMEOUT)
        started = time.perf_counter()
        latencies = [s for future in futures for s in future.result()]
        elapsed = time.perf_counter() - started
    count = len(latencies)
    return Rate(
        len(sends), count, count / elapsed, median(latencies), percentile(latencies, 99)
    )


def measured(peer: Peer, clients: int, count: int, warm_up: int = 20) -> Rate:
    senders = [peer.sender() for _ in range(clients)]
    for send in senders:
        for _ in range(warm_up):
            send()
    return rate(senders, max(1, count // clients))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.odk", description=__doc__)
    parser.add_argument("--odk", required=True, help="a central-backend checkout")
    parser.add_argument("--odk-node", help="the node binary (Node 24) to run it with")
    parser.add_argument(
        "--odk-processes", type=int, default=1, help="4 as its image runs it (pm2)"
    )
    parser.add_argument("--count", type=int, default=2000, help="submissions per run")
    args = parser.parse_args()
    print(
        "| ODK Central | submissions/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |"
    )
    with odk_peer(args.odk, args.odk_node, args.odk_processes) as peer:
        for clients in (1, 8):
            r = measured(peer, clients, args.count)
            print(
                f"| {clients} client{'s' if clients > 1 else ''} | {r.per_second:.0f} "
                f"| {r.p50 * 1000:.1f} | {r.p99 * 1000:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
