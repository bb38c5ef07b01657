"""Proofs from the stored Merkle nodes on every store: the same RFC 6962 proofs as
the whole tree gives, read from a few nodes and at most two chunks of leaves."""

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from storage import audit, merkle
from storage.audit import links
from storage.eventstore import open_ledger
from storage.nodes import CHUNK, LEVEL, StoredTree, grow
from tests.storage.tamper import tamperer

SIZE = 5 * CHUNK + 37  # five chunks and part of a sixth


class Counted:
    """The recorder, counting the links read through it."""

    def __init__(self, recorder: Any) -> None:
        self.recorder, self.read = recorder, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.recorder, name)

    def select_links(self, after: int, limit: int) -> Any:
        found = self.recorder.select_links(after, limit)
        self.read += len(found)
        return found


def append(recorder: Any, count: int) -> None:
    for start in range(0, count, 100):
        events = [
            StoredEvent(uuid4(), 1, "tests:Event", f"state {start + i}".encode())
            for i in range(min(100, count - start))
        ]
        recorder.insert_events(events)


@pytest.fixture
def recorder(store_url: str) -> Iterator[Any]:
    with open_ledger(store_url) as app:
        append(app.recorder, SIZE)
        yield app.recorder


def whole(recorder: Any) -> merkle.Tree:
    return merkle.Tree([link.leaf for link in links(recorder)])


def test_stored_nodes_give_the_whole_trees_proofs_reading_two_chunks(
    recorder: Any,
) -> None:
    assert grow(recorder) == SIZE // CHUNK
    tree = whole(recorder)
    for index in (0, 1, CHUNK - 1, CHUNK, 3 * CHUNK + 5, SIZE - 40, SIZE - 1):
        counted = Counted(recorder)
        stored = StoredTree(counted, SIZE, [index])
        assert stored.inclusion(index) == tree.inclusion(index)
        assert stored.root() == tree.root()
        assert counted.read <= 2 * CHUNK


def test_a_consistency_proof_from_stored_nodes_reads_two_chunks(recorder: Any) -> None:
    grow(recorder)
    tree = whole(recorder)
    for old in (1, CHUNK, CHUNK + 1, 2 * CHUNK, 4 * CHUNK + 200, SIZE - 1):
        counted = Counted(recorder)
        stored = StoredTree(counted, SIZE, [old - 1, old])
        assert stored.consistency(old) == tree.consistency(old)
        assert stored.root(0, old) == tree.root(0, old)
        assert counted.read <= 3 * CHUNK


def test_the_nodes_grow_with_the_log_and_only_by_what_is_new(recorder: Any) -> None:
    grow(recorder)
    append(recorder, 3 * CHUNK)
    counted = Counted(recorder)
    assert grow(counted) == (SIZE + 3 * CHUNK) // CHUNK
    assert counted.read == 3 * CHUNK  # the chunks completed since, nothing before
    size = recorder.chain_size()
    tree = whole(recorder)
    assert StoredTree(recorder, size, []).root() == tree.root()
    assert StoredTree(recorder, size, [7]).inclusion(7) == tree.inclusion(7)


def test_without_stored_nodes_the_proofs_are_the_same_from_the_leaves(
    recorder: Any,
) -> None:
    tree = whole(recorder)
    assert StoredTree(recorder, SIZE, [9]).inclusion(9) == tree.inclusion(9)


def test_an_events_link_is_found_by_its_id_and_version(recorder: Any) -> None:
    (event,) = recorder.select_notifications(3 * CHUNK + 5, 1)
    ref = f"{event.originator_id.hex}:{event.originator_version}"
    found = recorder.select_link_of(ref)
    assert (found.ref, found.notification_id) == (ref, event.id)
    assert found.position == next(k for k in links(recorder) if k.ref == ref).position
    assert recorder.select_link_of(f"{uuid4().hex}:1") is None
    assert recorder.select_link_of(f"{event.originator_id.hex}:{2**64}") is None


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_audit_verify_names_a_stored_node_edited_behind_its_back(
    store: str, request: pytest.FixtureRequest
) -> None:
    url: str = request.getfixturevalue(f"{store}_url")
    with open_ledger(url) as app:
        append(app.recorder, 3 * CHUNK)
        grow(app.recorder)  # type: ignore[arg-type]
        assert audit.verify(app.recorder, None).breaks == []  # type: ignore[arg-type]
        sql = tamperer(url, app)
        sql.run(
            f"UPDATE {sql.nodes} SET node = %s WHERE level = %s AND idx = %s",
            bytes(32),
            LEVEL,
            1,
        )
        report = audit.verify(app.recorder, None)  # type: ignore[arg-type]
    assert [(b.position, b.how) for b in report.breaks] == [
        (CHUNK + 1, audit.REWRITTEN)
    ]
    assert f"links {CHUNK + 1} to {2 * CHUNK}" in report.breaks[0].what
