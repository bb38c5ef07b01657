"""`siteledger serve`: the API behind granian, a server whose network side is not
Python threads, so clients that send or read slowly cost a socket, never a thread
(docs/deploy.md, "Serving it yourself")."""

import copy
import ctypes
import dataclasses
from typing import Any

import click

from api.cli.listener import server_class
from api.settings import Settings

APP = "api.cli.serve:worker_app"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0))
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def serve_command(host: str, port: int, *, access_log: bool) -> None:
    """Serve the HTTP API until SIGINT or SIGTERM (requests in hand are finished)."""
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    settings: Settings = click.get_current_context().obj
    if settings.create_tables:
        tables_before_workers(settings)
    fewer_malloc_arenas()
    server_class()(
        APP,
        factory=True,
        interface=Interfaces.WSGI,
        address=host,
        port=port,
        workers=settings.server_workers,
        blocking_threads=settings.server_threads,
        http1_settings=HTTP1Settings(
            header_read_timeout=settings.server_header_timeout_seconds * 1000,
            max_buffer_size=settings.server_max_header_bytes,
        ),
        log_access=access_log,
        log_dictconfig=logging_config(),
        workers_kill_timeout=settings.server_stop_seconds,
        respawn_failed_workers=True,  # a worker that dies is replaced, not the server
        send_timeout_seconds=settings.server_send_timeout_seconds,
    ).serve()


def tables_before_workers(settings: Settings) -> None:
    """The stores' tables, made here once before the workers start, which then
    make none (`worker_app`): workers that issued the same DDL at once collided in
    PostgreSQL's catalog ("tuple concurrently updated"), and the one that lost died."""
    from api.migrate import create_tables

    create_tables(settings)


def worker_app() -> Any:
    """The app as each worker builds it: the settings of the environment, the
    tables already made (or, with table creation off, made by `migrate`)."""
    from api.http.app import create_app

    return create_app(dataclasses.replace(Settings.from_env(), create_tables=False))


def logging_config() -> dict[str, Any]:
    """granian's own logging, and ours: each line as the app wrote it (failures
    are one JSON object a line, api/failures.py), on standard error."""
    from granian.log import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["app"] = {"()": "logging.Formatter", "fmt": "%(message)s"}
    config["handlers"]["app"] = {
        "formatter": "app",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["siteledger"] = {
        "handlers": ["app"],
        "level": "INFO",
        "propagate": False,
    }
    return config


M_ARENA_MAX, M_MMAP_THRESHOLD = -8, -3  # glibc's mallopt parameters


def fewer_malloc_arenas(arenas: int = 2, mmap_from: int = 256 * 1024) -> None:
    """glibc gives each thread that allocates an arena of its own and keeps what
    the threads freed, and raises its mmap threshold each time a big block is
    freed: exports made on 8 threads leave that much resident. Two arenas, and
    big blocks (an export's bytes) always mapped and so given back when freed,
    keep a worker near its idle size. The worker forks from here and inherits
    it. Not glibc (musl, macOS): nothing to do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_ARENA_MAX, arenas)
    libc.mallopt(M_MMAP_THRESHOLD, mmap_from)
