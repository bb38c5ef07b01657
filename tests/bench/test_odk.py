"""The peer itself, when a checkout of ODK Central's backend is at hand: it takes
completed inspections over HTTP on loopback, and leaves nothing running behind."""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.odk import Peer, Sender, odk_peer, signed_in
from bench.odk_forms import FORM_ID
from bench.odk_server import PeerFailed

CHECKOUT = os.environ.get("SITELEDGER_BENCH_ODK", "")
NODE = os.environ.get("SITELEDGER_BENCH_ODK_NODE") or None

pytestmark = pytest.mark.skipif(
    not CHECKOUT,
    reason="ODK Central is an optional benchmark peer, not a service the suite "
    "needs: set SITELEDGER_BENCH_ODK to a central-backend checkout (and "
    "SITELEDGER_BENCH_ODK_NODE to a Node 24 binary) to run these",
)


@pytest.fixture(scope="module")
def peer() -> Iterator[Peer]:
    with odk_peer(CHECKOUT, NODE) as peer:
        yield peer


def stored(peer: Peer) -> int:
    api, bearer = signed_in(peer.base_url, peer.admin)
    try:
        path = f"/v1/projects/{peer.project}/forms/{FORM_ID}/submissions"
        return len(api.call("GET", path, **bearer))
    finally:
        api.close()


def test_every_inspection_sent_is_stored_once(peer: Peer) -> None:
    before = stored(peer)
    senders = [peer.sender(), peer.sender()]
    seconds = [send() for send in senders for _ in range(4)]
    assert all(0 < s < 10 for s in seconds)
    assert stored(peer) == before + 8
    assert [send.connection.opened for send in senders] == [1, 1]  # kept alive


def test_a_refused_submission_raises_instead_of_counting(peer: Peer) -> None:
    wrong_token = Sender(peer.base_url, f"/v1/key/{'x' * 64}/projects/1/submission")
    with pytest.raises(PeerFailed, match="submission: 40"):
        wrong_token()
    wrong_token.connection.close()


def listening(port: int) -> set[str]:
    """The local addresses of sockets listening on the port (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_peer_listens_on_loopback_only(peer: Peer) -> None:
    port = int(peer.base_url.rsplit(":", 1)[1])
    assert listening(port) == {"0100007F"}  # 127.0.0.1


def clusters() -> set[str]:
    listed = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    )
    return {line.split()[1] for line in listed.stdout.splitlines()}


def descendants() -> set[int]:
    """The processes this one started, and theirs (Linux)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


@pytest.mark.parametrize("processes", [1, 4])
def test_it_serves_in_as_many_processes_as_asked_and_leaves_nothing_behind(
    processes: int,
) -> None:
    before, running = clusters(), descendants()  # the module's peer among them
    with odk_peer(CHECKOUT, NODE, processes) as peer:
        port = int(peer.base_url.rsplit(":", 1)[1])
        senders = [peer.sender() for _ in range(8)]
        assert all(send() > 0 for send in senders)
        assert stored(peer) == 8
        started = descendants() - running
        ours = clusters() - before
    assert len(started) == processes + (processes > 1)  # a primary for several
    assert ours  # it ran on a cluster of its own
    assert not alive(started)
    assert not listening(port)
    assert not ours & clusters()


def test_a_peer_that_fails_to_start_leaves_no_cluster_behind(tmp_path: Path) -> None:
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "lib/bin").mkdir(parents=True)
    (tmp_path / "lib/bin/run-server.js").write_text("")
    (tmp_path / "lib/bin/run-migrations.js").write_text("process.exit(3);")
    before = clusters()
    with pytest.raises(PeerFailed, match="run-migrations"), odk_peer(tmp_path, NODE):
        pass
    assert clusters() == before
