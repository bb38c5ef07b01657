"""ODK Central's backend from a checkout, on 127.0.0.1 with a throwaway PostgreSQL 15
cluster of its own: the processes `bench.odk` starts and stops."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from bench.odk_js import CLUSTER_LAUNCHER, LOOPBACK_PRELOAD

PG_VERSION = "15"
NODE_MAJOR = "v24."  # the checkout's package.json: "engines": {"node": "24"}
STARTUP_SECONDS = 60.0


class PeerFailed(RuntimeError):
    """ODK Central could not be set up or refused a submission."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run(command: list[str], *, stdin: str = "", **kwargs: Any) -> str:
    """Runs a setup step; raises with its output if it fails."""
    done = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )
    if done.returncode:
        raise PeerFailed(f"{' '.join(command)}: {done.stderr}{done.stdout}")
    return str(done.stdout)


# The throwaway database -----------------------------------------------------------


@dataclass(frozen=True)
class Database:
    port: int
    user: str = "odk"
    name: str = "odk"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))


def psql(port: int, database: str, *statements: str) -> None:
    socket_dir = ("-h", "/var/run/postgresql", "-p", str(port), "-U", "postgres")
    commands = [arg for sql in statements for arg in ("-c", sql)]
    run(["psql", "-v", "ON_ERROR_STOP=1", *socket_dir, "-d", database, *commands])


@contextmanager
def cluster() -> Iterator[Database]:
    """A PostgreSQL cluster of its own on a free loopback port, dropped afterwards."""
    db = Database(free_port())
    name = f"odkbench{db.port}"
    auth = ("--", "--auth-local=trust", "--auth-host=scram-sha-256")
    try:
        run(["pg_createcluster", PG_VERSION, name, "-p", str(db.port), *auth])
        listen = ("-o", "-c listen_addresses=127.0.0.1")
        run(["pg_ctlcluster", PG_VERSION, name, "start", *listen])
        psql(
            db.port,
            "postgres",
            f"CREATE USER {db.user} PASSWORD '{db.password}'",
            f"CREATE DATABASE {db.name} OWNER {db.user} ENCODING 'UTF8'",
        )
        extensions = ("citext", "pg_trgm", "pgrowlocks")
        psql(db.port, db.name, *(f"CREATE EXTENSION {e}" for e in extensions))
        yield db
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", PG_VERSION, name],
            capture_output=True,
            check=False,
        )


# ODK Central's processes --------------------------------------------------------


def node_config(db: Database, port: int) -> str:
    """ODK's settings, passed as NODE_CONFIG so the checkout is left untouched; the
    services it would call (Enketo, XLSForm, analytics) point at an unused port."""
    unused = free_port()
    nowhere = f"http://127.0.0.1:{unused}"
    database = {"host": "127.0.0.1", "port": db.port, "database": db.name}
    return json.dumps(
        {
            "default": {
                "database": database | {"user": db.user, "password": db.password},
                "server": {"port": port},
                "env": {"domain": f"http://127.0.0.1:{port}"},
                "enketo": {"url": f"{nowhere}/-"},
                "xlsform": {"host": "127.0.0.1", "port": unused},
                "external": {
                    "analytics": {"url": f"{nowhere}/analytics"},
                    "mailingListOptIn": {"url": f"{nowhere}/mailing-list"},
                },
            }
        }
    )


@dataclass(frozen=True)
class Node:
    """Runs the checkout's scripts with one node binary and one configuration."""

    checkout: Path
    binary: str
    env: dict[str, str]

    def script(self, *args: str, stdin: str = "") -> str:
        return run([self.binary, *args], stdin=stdin, cwd=self.checkout, env=self.env)

    def serve(
        self, preload: Path, args: list[str], log: IO[bytes]
    ) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [self.binary, "-r", str(preload), *args],
            cwd=self.checkout,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def node_binary(node: str | None) -> str:
    found = shutil.which(node or "node")
    if found is None:
        raise PeerFailed(
            f"no node binary {node or 'on PATH'}: ODK Central needs Node 24"
        )
    version = run([found, "--version"]).strip()
    if not version.startswith(NODE_MAJOR):
        raise PeerFailed(f"{found} is Node {version}; ODK Central needs Node 24")
    return found


def checked(path: str | Path) -> Path:
    checkout = Path(path).resolve()
    if not (checkout / "lib/bin/run-server.js").is_file():
        raise PeerFailed(f"{checkout} is not a checkout of getodk/central-backend")
    if not (checkout / "node_modules").is_dir():
        raise PeerFailed(f"run `npm ci --omit=dev` in {checkout} first")
    return checkout


def tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read()[-3000:].decode(errors="replace")


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_until_up(
    ready: Callable[[], bool], process: subprocess.Popen[bytes], log: IO[bytes]
) -> None:
    """Until it is ready, or raises with its log if it exits or lingers."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PeerFailed(
                f"ODK Central exited with {process.returncode}\n{tail(log)}"
            )
        if ready():
            return
        time.sleep(0.2)
    raise PeerFailed(
        f"ODK Central did not answer in {STARTUP_SECONDS:.0f} s\n{tail(log)}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # ODK's own graceful exit: finish requests, close its pool
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server(node: Node, folder: Path, port: int, processes: int) -> Iterator[str]:
    """ODK's server on 127.0.0.1:port in one process, or in several as its image runs
    it; its log in the folder. Yields its base URL."""
    preload = folder / "loopback.js"
    preload.write_text(LOOPBACK_PRELOAD)
    args = ["lib/bin/run-server.js"]
    ready: Callable[[], bool] = partial(accepts, port)
    if processes > 1:
        (launcher := folder / "cluster.js").write_text(CLUSTER_LAUNCHER)
        flag = folder / "listening"
        args, ready = [str(launcher), str(processes), str(flag)], flag.exists
    with (folder / "server.log").open("w+b") as log:
        process = node.serve(preload, args, log)
        try:
            wait_until_up(ready, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


# All together ---------------------------------------------------------------------


@dataclass(frozen=True)
class Admin:
    email: str
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))


def node_env(config: str) -> dict[str, str]:
    """This shell's environment but its node-config settings, plus ODK's."""
    own = ("NODE_CONFIG", "NODE_ENV", "NODE_APP_INSTANCE")
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    return inherited | {"NODE_CONFIG": config}


@contextmanager
def central(
    path: str | Path, node: str | None = None, processes: int = 1
) -> Iterator[tuple[str, Admin]]:
    """ODK Central migrated, with an administrator, serving on 127.0.0.1; yields its
    base URL and the administrator. Everything is stopped and dropped afterwards."""
    checkout, binary = checked(path), node_binary(node)
    with ExitStack() as stack:
        db = stack.enter_context(cluster())
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="odk-")))
        port = free_port()
        odk = Node(checkout, binary, node_env(node_config(db, port)))
        odk.script("lib/bin/run-migrations.js")
        admin = Admin("bench-admin@example.org")
        cli = ("lib/bin/cli.js", "-u", admin.email)
        odk.script(*cli, "user-create", stdin=f"{admin.password}\n")
        odk.script(*cli, "user-promote")
        yield stack.enter_context(server(odk, folder, port, processes)), admin
