"""Clients that send or read slowly cannot starve the server `make run` starts.

Over real sockets: thirty connections that drip their headers one byte every two
seconds, and ten that ask for a 3 MB export and never read it, while a normal client
reads `/health` and a page of the ledger. An answer that big is more than the
kernel's socket buffers take on loopback (about 2.8 MB here), so a file streamed
from a request thread keeps that thread until the client reads: the worker streams
`SITELEDGER_EXPORT_STREAMS` files at once and refuses more with a 503 problem.
"""

import socket
import sqlite3
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
from tests.e2e.client import add_user, login
from tests.e2e.server import Server, running

EXPORT = "/ledgers/issues?format=csv"
EXPORT_BYTES = 3_000_000
SLOW_HEADERS, NON_READERS, STREAMS = 30, 10, 2
DRIP_SECONDS = 2.0
LATENCY_LIMIT, MEMORY_LIMIT_MB = 1.0, 50
HEADER_TIMEOUT = 6  # seconds; the default is 10


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A county's generated history, its problem ledger copied over and over so that
    its export is past 3 MB (the server reads what the view holds)."""
    folder = tmp_path_factory.mktemp("slow")
    url = f"sqlite:///{folder}/events.sqlite3"
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        load(app, Scenario(counties=1), lambda _: None)
        views.catch_up(app, limit=2000)
    copy_issue_rows(folder / "events.views.sqlite3", rows=13_800)
    env = {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
        "SITELEDGER_SERVER_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "SITELEDGER_EXPORT_STREAMS": str(STREAMS),
    }
    add_user(env, "province", "61", "supervisor")
    return env


def copy_issue_rows(path: Path, rows: int) -> None:
    """Doubles the problem ledger's rows, as copies with new ids, up to `rows`."""
    with sqlite3.connect(path) as db:
        while (
            held := db.execute("SELECT count(*) FROM view_issues").fetchone()[0]
        ) < rows:
            db.execute("DROP TABLE IF EXISTS temp.copied")
            db.execute("CREATE TEMP TABLE copied AS SELECT * FROM view_issues")
            db.execute(
                "UPDATE copied SET id = lower(hex(randomblob(16))),"
                " position = position + (SELECT max(position) FROM view_issues)"
            )
            db.execute(
                "INSERT INTO view_issues SELECT * FROM copied LIMIT ?", (rows - held,)
            )


@pytest.fixture(scope="module")
def server(province: dict[str, str]) -> Iterator[Server]:
    with running(province) as found:
        yield found


def worker_rss_mb(server: Server) -> float:
    """Resident memory of the process that runs the app (granian's worker)."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


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
        for _ in range(NON_READERS):
            stack.enter_context(never_reading(port, token, answers))
        for thread in drips:
            stack.callback(thread.join, 10)
        stack.callback(stop.set)
        for thread in drips:
            thread.start()
        time.sleep(DRIP_SECONDS)
        worst = slowest(normal, server.base_url, 5)
        loaded = worker_rss_mb(server)
        assert closed == []  # every slow sender was still connected meanwhile
    figures = (
        f"slowest {worst:.3f} s; worker {idle:.0f} MB idle, {loaded:.0f} MB loaded"
    )
    assert [a[:12] for a in answers] == [b"HTTP/1.1 200"] * STREAMS + [
        b"HTTP/1.1 503"
    ] * (NON_READERS - STREAMS)
    assert all(b"retry-after:" in a.lower() for a in answers[STREAMS:])
    assert all(b"application/problem+json" in a for a in answers[STREAMS:])
    again = normal.get(server.base_url + EXPORT, timeout=30)  # the streams are free
    assert again.status_code == 200
    assert len(again.content) == len(warm.content)
    assert worst < LATENCY_LIMIT, figures
    assert loaded - idle < MEMORY_LIMIT_MB, figures
    print(figures)


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
