"""A real siteledger server process on 127.0.0.1, and the CLI on the same store."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

BIN = Path(sys.executable).parent
APP = "api.app:create_app()"
STARTUP_SECONDS = 30.0
STOP_SECONDS = 10.0


class ServerFailed(RuntimeError):
    """The server exited or never answered /health; the message ends with its log."""


def server_env(env: Mapping[str, str]) -> dict[str, str]:
    """This shell's environment less any SITELEDGER_* setting, plus `env`.

    Settings the shell happens to carry must not leak into a test's server.
    """
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SITELEDGER_")}
    return inherited | dict(env)


def cli(env: Mapping[str, str], *args: str) -> str:
    """Runs `siteledger ARGS` on the same store and answers what it printed."""
    done = subprocess.run(
        [str(BIN / "siteledger"), *args],
        env=server_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"siteledger {' '.join(args)}: {done.stderr}{done.stdout}")
    return done.stdout


def listening_socket() -> socket.socket:
    """A socket bound to a free port on 127.0.0.1: gunicorn inherits it, no race."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@contextmanager
def serve(
    env: Mapping[str, str], *, workers: int = 1, threads: int = 8
) -> Iterator[str]:
    """gunicorn serving the API with the settings in `env`; yields its base URL.

    Stops it when the block ends: terminate, then kill if it lingers.
    """
    with listening_socket() as sock, tempfile.TemporaryFile("w+") as log:
        fd = sock.fileno()
        command = [
            *(str(BIN / "python"), "-m", "gunicorn"),
            *("--bind", f"fd://{fd}", "--workers", str(workers)),
            *("--threads", str(threads), "--graceful-timeout", "5"),
            # As `make run`: the longest list query the API documents fits.
            *("--limit-request-line", "8190", APP),
            # A longer header reaches the app, which answers 431 as problem+json.
            *("--limit-request-field_size", "16384"),
        ]
        process = subprocess.Popen(
            command,
            env=server_env(env),
            pass_fds=(fd,),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            wait_until_healthy(base_url, process, log)
            yield base_url
        finally:
            stop(process)


def wait_until_healthy(
    base_url: str, process: subprocess.Popen[bytes], log: IO[str]
) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(
                f"the server exited with {process.returncode}\n{tail(log)}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise ServerFailed(f"no answer from {base_url}/health\n{tail(log)}")


def tail(log: IO[str], chars: int = 4000) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-chars:]


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_SECONDS)
