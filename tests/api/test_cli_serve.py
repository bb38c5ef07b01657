"""`siteledger serve` hands the settings to granian (the tests over sockets run the
server itself: tests/e2e/test_slow_clients.py)."""

import logging.config
import socket
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from api.cli import main
from api.cli.listener import TCP_USER_TIMEOUT, server_class
from api.cli.serve import APP, fewer_malloc_arenas, logging_config


class Recorded:
    """Stands in for granian.Granian: keeps what it was given, serves nothing."""

    given: ClassVar[dict[str, Any]] = {}

    def __init__(self, target: str, **options: Any) -> None:
        Recorded.given = {"target": target, "server": self, **options}

    def serve(self) -> None:
        Recorded.given["served"] = True


def test_serve_gives_granian_the_timeouts_and_threads_of_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("granian.Granian", Recorded)
    store = tmp_path / "events.sqlite3"
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{store}",
        "SITELEDGER_SERVER_THREADS": "4",
        "SITELEDGER_SERVER_HEADER_TIMEOUT_SECONDS": "7",
        "SITELEDGER_SERVER_MAX_HEADER_BYTES": "32768",
        "SITELEDGER_SERVER_SEND_TIMEOUT_SECONDS": "12",
    }
    result = CliRunner().invoke(main, ["serve", "--port", "9001"], env=env)
    assert result.exit_code == 0, result.output
    given = Recorded.given
    assert (given["target"], given["factory"], given["served"]) == (
        "api.cli.serve:worker_app",
        True,
        True,
    )
    assert store.exists()  # its tables made before any worker starts
    assert (given["address"], given["port"], given["blocking_threads"]) == (
        "127.0.0.1",
        9001,
        4,
    )
    http1 = given["http1_settings"]
    assert (http1.header_read_timeout, http1.max_buffer_size) == (7000, 32768)
    assert given["server"].send_timeout_ms == 12_000  # on its listening socket


def test_the_apps_lines_are_logged_as_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ours = logging.getLogger("siteledger")
    before = (ours.handlers[:], ours.propagate, ours.level)
    try:
        logging.config.dictConfig(logging_config())
        logging.getLogger("siteledger.failures").error('{"event": "request_failed"}')
    finally:
        ours.handlers[:], ours.propagate, ours.level = before
    assert capsys.readouterr().err == '{"event": "request_failed"}\n'


def test_capping_malloc_arenas_is_harmless_to_call_again() -> None:
    fewer_malloc_arenas()
    fewer_malloc_arenas()


def test_each_worker_listens_on_a_socket_of_its_own_with_the_send_timeout() -> None:
    """One socket a worker, on one port: the kernel spreads connections among them,
    and each carries the send timeout its connections inherit."""
    from granian.constants import Interfaces

    assert TCP_USER_TIMEOUT is not None  # Linux
    server = server_class()(
        APP, interface=Interfaces.WSGI, port=0, workers=3, send_timeout_seconds=12
    )
    server._init_shared_socket()
    try:
        listeners = [listener for _, listener in server._listeners]
        assert len({s.fileno() for s in listeners}) == 3
        (bound,) = {s.getsockname() for s in listeners}  # one port: the first's pick
        assert bound[1] > 0
        for s in listeners:
            assert s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
            assert s.getsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT) == 12_000
    finally:
        server._drop_shared_socket()
    assert all(s.fileno() == -1 for s in listeners)  # closed
