"""Clients that send or read slowly cannot starve the server `make run` starts.

Over real sockets: thirty connections that drip their headers one byte every two
seconds, and ten that ask for a 3 MB export and never read it, while a normal client
reads `/health` and a page of the ledger. An answer that big is more than the
kernel's socket buffers take on loopback (about 2.8 MB here), so a file streamed
from a request thread keeps that thread until the client reads: the worker streams
`SITELEDGER_EXPORT_STREAMS` files at once and refuses more with a 503 problem. Then
ten streamed on a server with a short send timeout: each is dropped.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from bench.load import load
from bench.scenario import Scenario
from projections import open_views
from storage.eventstore import open_ledger, store_env
from tests.e2e.client import PASSWORD, add_user, login
from tests.e2e.copied_rows import copy_rows
from tests.e2e.server import Server, memory_mb, running

EXPORT = "/ledgers/issues?format=csv"
EXPORT_BYTES = 3_000_000
SLOW_HEADERS, NON_READERS, STREAMS = 30, 10, 2
DRIP_SECONDS = 2.0
LATENCY_LIMIT, MEMORY_LIMIT_MB = 1.0, 50
HEADER_TIMEOUT = 6  # seconds; the default is 10
SEND_TIMEOUT = 60  # seconds; the default is 30: no export is dropped meanwhile
DROP_TIMEOUT = 5  # seconds: the send timeout of the server that drops them


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A county's generated history, its problem ledger copied over and over so that
    its export is past 3 MB (the server reads what the view holds)."""
    folder = tmp_path_factory.mktemp("slow")
    url = f"sqlite:///{folder}/events.sqlite3"
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        load(app, Scenario(counties=1), lambda _: None)
        views.catch_up(app, limit=2000)
    copy_rows(folder / "events.views.sqlite3", "view_issues", rows=13_800)
    env = {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
        "SITELEDGER_SERVER_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "SITELEDGER_SERVER_SEND_TIMEOUT_SECONDS": str(SEND_TIMEOUT),
        "SITELEDGER_EXPORT_STREAMS": str(STREAMS),
        "SITELEDGER_SERVER_WORKERS": "1",  # one worker's memory and streams
    }
    add_user(env, "province", "61", "supervisor")
    return env


@pytest.fixture(scope="module")
def server(province: dict[str, str]) -> Iterator[Server]:
    with running(province) as found:
        yield found


def worker_rss_mb(server: Server) -> float:
    """Resident memory of the process that runs the app (granian's worker)."""
    return memory_mb(server.worker(), "VmRSS")


def drip_headers(port: int, stop: threading.Event, closed: list[bool]) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        while not stop.wait(DRIP_SECONDS):
            try:
                sock.sendall(b"X")
            except OSError:
                closed.append(True)
                return


def never_reading(port: int, token: str, answers: list[bytes]) -> socket.socket:
    """Asks for the export, takes the start of its answer, then reads no more."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    request = (
        f"GET {EXPORT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    sock.sendall(request.encode())
    sock.settimeout(30)
    answers.append(sock.recv(4096))
    return sock


def slowest(session: requests.Session, base_url: str, rounds: int) -> float:
    worst = 0.0
    for _ in range(rounds):
        for path in ("/health", "/ledgers/issues?limit=50"):
            started = time.perf_counter()
            response = session.get(base_url + path, timeout=10)
            assert response.status_code == 200, response.text
            worst = max(worst, time.perf_counter() - started)
        time.sleep(0.2)
    return worst


def test_slow_senders_and_non_readers_leave_normal_clients_answered_within_a_second(
    server: Server,
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    token = login(server.base_url, "province")
    normal = requests.Session()
    normal.headers["Authorization"] = f"Bearer {token}"
    warm = normal.get(server.base_url + EXPORT, timeout=30)
    assert EXPORT_BYTES < len(warm.content) < EXPORT_BYTES + 500_000
    slowest(normal, server.base_url, 3)
    idle = worker_rss_mb(server)
    stop, closed, answers = threading.Event(), list[bool](), list[bytes]()
    drips = [
        threading.Thread(target=drip_headers, args=(port, stop, closed))
        for _ in range(SLOW_HEADERS)
    ]
    with ExitStack() as stack:
        readers = [
            stack.enter_context(never_reading(port, token, answers)).getsockname()[1]
            for _ in range(NON_READERS)
        ]
        for thread in drips:
            stack.callback(thread.join, 10)
        stack.callback(stop.set)
        for thread in drips:
            thread.start()
        time.sleep(DRIP_SECONDS)
        worst = slowest(normal, server.base_url, 5)
        loaded = worker_rss_mb(server)
        assert closed == []  # every slow sender was still connected meanwhile
        # and every non-reader a file streams to
        assert set(readers[:STREAMS]) <= server_connections(port)
    assert [a[:12] for a in answers] == [b"HTTP/1.1 200"] * STREAMS + [
        b"HTTP/1.1 503"
    ] * (NON_READERS - STREAMS)
    assert all(b"retry-after:" in a.lower() for a in answers[STREAMS:])
    assert all(b"application/problem+json" in a for a in answers[STREAMS:])
    again = normal.get(server.base_url + EXPORT, timeout=30)  # the streams are free
    assert again.status_code == 200
    assert len(again.content) == len(warm.content)
    figures = (
        f"slowest {worst:.3f} s; worker {idle:.0f} MB idle, {loaded:.0f} MB loaded"
    )
    assert worst < LATENCY_LIMIT, figures
    assert loaded - idle < MEMORY_LIMIT_MB, figures
    print(figures)


def drip_body(port: int, stop: threading.Event) -> None:
    """A login whose body comes a byte every two seconds (the route is public)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(
            b"POST /auth/token HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        )
        while not stop.wait(DRIP_SECONDS):
            try:
                sock.sendall(b" ")
            except OSError:  # one told to retry may be closed
                return


def test_slow_bodies_leave_reads_answered_and_other_writes_told_to_retry(
    server: Server,
) -> None:
    """Twelve logins whose bodies drip, more than the server's threads: reads
    and /health are answered within a second meanwhile, and a login sent whole
    is told within a second to retry (503, Retry-After), then succeeds once they
    leave.
    (Each holds a thread until its body is whole or it leaves: granian gives a
    body no time limit, docs/deploy.md.)"""
    port = int(server.base_url.rsplit(":", 1)[1])
    normal = requests.Session()
    normal.headers["Authorization"] = f"Bearer {login(server.base_url, 'province')}"
    honest = {"username": "province", "password": PASSWORD}
    stop = threading.Event()
    drips = [threading.Thread(target=drip_body, args=(port, stop)) for _ in range(12)]
    with ExitStack() as stack:
        for thread in drips:
            stack.callback(thread.join, 10)
        stack.callback(stop.set)
        for thread in drips:
            thread.start()
        time.sleep(DRIP_SECONDS)
        worst = slowest(normal, server.base_url, 3)
        started = time.perf_counter()
        told = requests.post(server.base_url + "/auth/token", json=honest, timeout=10)
        waited = time.perf_counter() - started

    assert worst < LATENCY_LIMIT, f"slowest {worst:.3f} s"
    assert (told.status_code, told.headers.get("Retry-After")) == (503, "5")
    assert waited < LATENCY_LIMIT
    deadline = time.monotonic() + 5  # their threads freed as their sockets close
    again = requests.post(server.base_url + "/auth/token", json=honest, timeout=10)
    while again.status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
        again = requests.post(server.base_url + "/auth/token", json=honest, timeout=10)
    assert again.status_code == 200, again.text


def post_in_two_parts(port: int, body: bytes, pause: float) -> int:
    """A POST whose body arrives `pause` after its headers, as a phone's does when
    its request is more than one round trip of packets; answers the status."""
    head = (
        f"POST /auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode())
        time.sleep(pause)
        sock.sendall(body)
        return int(sock.recv(64).split()[1])


def test_bodies_sent_at_once_queue_for_the_body_threads_and_none_is_refused(
    server: Server,
) -> None:
    """Four times as many bodies as the threads that may wait for one, sent
    together, each arriving 20 ms after its headers (phones syncing at once):
    each waits its turn, and none is told to retry (each is refused for its
    content, 422)."""
    port = int(server.base_url.rsplit(":", 1)[1])
    clients = 24
    start = threading.Barrier(clients)
    statuses: list[int] = []

    def send() -> None:
        start.wait()
        statuses.append(post_in_two_parts(port, b'{"user": "x"}', 0.02))

    senders = [threading.Thread(target=send) for _ in range(clients)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join(30)
    assert statuses == [422] * clients


def test_a_client_slower_than_the_header_timeout_is_disconnected(
    server: Server,
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        started = time.monotonic()
        while still_open(sock) and time.monotonic() - started < HEADER_TIMEOUT + 5:
            time.sleep(0.5)
    assert HEADER_TIMEOUT - 0.5 < time.monotonic() - started < HEADER_TIMEOUT + 2


def still_open(sock: socket.socket) -> bool:
    """Sends one more header byte; False once the server has hung up."""
    try:
        sock.sendall(b"X")
        return sock.recv(1024, socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def test_clients_that_never_read_are_dropped_at_the_send_timeout(
    province: dict[str, str],
) -> None:
    """Ten clients take the first bytes of a 3 MB export and read no more: the
    server drops each once its answer has waited the send timeout with nothing
    read, while a normal client is answered within a second and the worker
    stays within 50 MB of its size before them; what a dropped client then
    reads is cut short."""
    env = province | {
        "SITELEDGER_SERVER_SEND_TIMEOUT_SECONDS": str(DROP_TIMEOUT),
        "SITELEDGER_EXPORT_STREAMS": str(NON_READERS),  # each of the ten streamed
    }
    with running(env) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        normal = requests.Session()
        token = login(server.base_url, "province")
        normal.headers["Authorization"] = f"Bearer {token}"
        assert normal.get(server.base_url + EXPORT, timeout=30).status_code == 200
        slowest(normal, server.base_url, 2)
        idle = peak = worker_rss_mb(server)
        worst = 0.0
        with ExitStack() as stack:
            held, answers = {}, list[bytes]()
            for _ in range(NON_READERS):
                sock = stack.enter_context(never_reading(port, token, answers))
                held[sock.getsockname()[1]] = (sock, time.monotonic())
            dropped: dict[int, float] = {}
            deadline = time.monotonic() + 10 * DROP_TIMEOUT  # 42 s seen
            while len(dropped) < NON_READERS and time.monotonic() < deadline:
                worst = max(worst, slowest(normal, server.base_url, 1))
                peak = max(peak, worker_rss_mb(server))
                holding = server_connections(port)
                for client, (_, since) in held.items():
                    if client not in dropped and client not in holding:
                        dropped[client] = time.monotonic() - since
            cut = [drained(sock) for sock, _ in held.values()]
    figures = (
        f"dropped after {min(dropped.values(), default=0):.1f}-"
        f"{max(dropped.values(), default=0):.1f} s; slowest {worst:.3f} s;"
        f" worker {idle:.0f} MB before, {peak:.0f} MB at most"
    )
    print(figures)
    assert [a[:12] for a in answers] == [b"HTTP/1.1 200"] * NON_READERS
    assert len(dropped) == NON_READERS, figures
    assert min(dropped.values()) > DROP_TIMEOUT - 1, figures
    assert max(cut) < EXPORT_BYTES, cut
    assert worst < LATENCY_LIMIT, figures
    assert peak - idle < MEMORY_LIMIT_MB, figures


def server_connections(port: int) -> set[int]:
    """The client ports of the connections the server holds on `port`
    (/proc/net/tcp: local and remote address in hex; state 01 established)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        if int(local.split(":")[1], 16) == port and state == "01":
            found.add(int(remote.split(":")[1], 16))
    return found


def drained(sock: socket.socket) -> int:
    """Reads what is left: a dropped connection ends in a reset (or an EOF)
    before the whole answer; one still held would give all of it."""
    got = 0
    sock.settimeout(5)
    try:
        while chunk := sock.recv(65536):
            got += len(chunk)
    except ConnectionResetError:
        pass
    return got
