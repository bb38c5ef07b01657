"""A real siteledger server process on 127.0.0.1 (`siteledger serve`, as `make run`
starts it), and the CLI on the same store."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

BIN = Path(sys.executable).parent
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: IO[str]

    def log_text(self) -> str:
        return tail(self.log, 1 << 20)

    def workers(self) -> set[int]:
        """Its worker processes (the children of any of its threads)."""
        tasks = Path(f"/proc/{self.process.pid}/task")
        return {
            int(pid)
            for t in tasks.iterdir()
            for pid in (t / "children").read_text().split()
        }

    def worker(self) -> Path:
        """/proc of the process that runs the app (a server of one worker)."""
        (pid,) = self.workers()
        return Path(f"/proc/{pid}")


def memory_mb(process: Path, field: str) -> float:
    """VmRSS (resident now) or VmHWM (the peak since it was last reset), in MB."""
    status = (process / "status").read_text().splitlines()
    line = next(x for x in status if x.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024


@contextmanager
def serve(env: Mapping[str, str]) -> Iterator[str]:
    """`siteledger serve`, as `make run` starts it, with the settings in `env`;
    yields its base URL."""
    with running(env) as server:
        yield server.base_url


@contextmanager
def running(env: Mapping[str, str], *, attempts: int = 3) -> Iterator[Server]:
    """The server on a free port of 127.0.0.1 (another if that one was taken
    meanwhile); stopped when the block ends: terminate, then kill if it lingers.
    A server that exited while in use fails the block with its log's tail."""
    for attempt in range(1, attempts + 1):
        port = free_port()
        log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed below
        command = [str(BIN / "siteledger"), "serve", "--port", str(port)]
        process = subprocess.Popen(
            command,
            env=server_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers stopped with it (`stop`)
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base_url, process, log)
        except ServerFailed:
            stop(process)
            log.close()
            if attempt == attempts:
                raise
            continue
        try:
            yield Server(base_url, process, log)
        finally:
            exited = process.poll()
            stop(process)
            text = tail(log)
            log.close()
            if exited is not None:  # whatever failed in the block, this is why
                raise ServerFailed(f"the server exited with {exited} in use\n{text}")
        return


def wait_until_healthy(
    base_url: str, process: subprocess.Popen[bytes], log: IO[str]
) -> None:
    """Until /health answers: 200, or 503 naming a failed dependency (a test of
    faults starts a server on a broken setup on purpose)."""
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
        except urllib.error.HTTPError as error:
            if error.code == 503:
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
    """Terminates the server, then kills it if it lingers; and whatever of its
    process group is left, so that no worker outlives a test (holding its port and
    its database connections)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
