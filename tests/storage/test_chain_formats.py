"""A chain as earlier releases stored it (a row a link, each with its head) keeps
verifying, proving and exporting on SQLite and PostgreSQL, and the blocks written
now (a row a transaction) follow it; tampering with either part is named."""

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import StoredEvent

from storage import audit, bundle, merkle
from storage.chain import EVENT, GENESIS, MOST, chained, hexed
from storage.chain_sql import LINK_COLUMNS
from storage.eventstore import open_ledger
from storage.nodes import CHUNK, StoredTree, grow
from storage.proofs import seal_log
from storage.seals import public_text
from tests.factories import County, a_county, a_visit_in_progress
from tests.storage.tamper import Tamperer, tamperer

KEY = Ed25519PrivateKey.generate()
VERIFIER = Path(__file__).parents[2] / "tools" / "verify_audit_bundle.py"


class Earlier:
    """A county whose chain an earlier release wrote, on a real store."""

    def __init__(self, app: Any, sql: Tamperer, county: County) -> None:
        self.app, self.recorder, self.sql, self.county = app, app.recorder, sql, county
        self.size = self.recorder.chain_size()

    def verify(self) -> audit.Report:
        return audit.verify(self.recorder, KEY.public_key())


def as_earlier_releases_wrote_it(recorder: Any, sql: Tamperer) -> None:
    """The chain's blocks rewritten as a row a link, with the head after each."""
    head, rows = GENESIS, []
    for link in list(audit.links(recorder)):
        head = chained(head, link.leaf)
        rows.append((*link, head))
    marks = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params = [part for found in rows for part in found]
    sql.run(f"INSERT INTO {sql.links} ({LINK_COLUMNS}) VALUES {marks}", *params)
    sql.run(f"DELETE FROM {sql.chain}")


@pytest.fixture(params=["sqlite", "postgres"])
def earlier(request: pytest.FixtureRequest) -> Iterator[Earlier]:
    url: str = request.getfixturevalue(f"{request.param}_url")
    with open_ledger(url) as app:
        county = a_county(app)
        sql = tamperer(url, app)
        as_earlier_releases_wrote_it(app.recorder, sql)
        yield Earlier(app, sql, county)


def test_an_earlier_chain_verifies_and_the_blocks_follow_it(earlier: Earlier) -> None:
    blocks = list(audit.blocks(earlier.recorder))
    assert [len(b.refs) for b in blocks] == [1] * earlier.size
    assert earlier.verify().breaks == []
    a_visit_in_progress(earlier.app, earlier.county)
    seal_log(earlier.recorder, KEY, datetime.now(UTC))
    report = earlier.verify()
    assert report.breaks == []
    assert report.entries == earlier.recorder.chain_size() > earlier.size
    after = list(audit.blocks(earlier.recorder))[earlier.size :]
    assert after[0].position == earlier.size + 1
    assert max(len(b.refs) for b in after) > 1  # a transaction's links in one row


def test_proofs_and_bundles_span_both_parts(earlier: Earlier, tmp_path: Path) -> None:
    a_visit_in_progress(earlier.app, earlier.county)
    seal_log(earlier.recorder, KEY, datetime.now(UTC))
    links = list(audit.links(earlier.recorder))
    events = [k for k in links if k.kind == EVENT]
    for link in (events[1], events[-1]):  # one of each part
        assert earlier.recorder.select_link_of(link.ref) == link
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle.export(earlier.recorder)))
    checked = subprocess.run(
        [
            sys.executable,
            "-I",
            str(VERIFIER),
            str(path),
            "--key",
            public_text(KEY.public_key()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    one = bundle.one(earlier.recorder, ref=events[1].ref)
    assert one["entries"][0]["position"] == events[1].position


def test_a_link_of_the_earlier_part_edited_is_named(earlier: Earlier) -> None:
    link, sql = list(audit.links(earlier.recorder))[3], earlier.sql
    sql.run(f"UPDATE {sql.links} SET leaf = %s WHERE position = %s", bytes(32), 4)
    report = earlier.verify()
    assert report.first is not None
    assert report.first.position == 4
    assert {(4, audit.REWRITTEN), (4, audit.EDITED)} <= {
        (b.position, b.how) for b in report.breaks
    }
    assert any(b.what == "the link's head does not follow" for b in report.breaks)
    assert link.position == 4


def test_a_transaction_of_more_than_a_blocks_links_writes_several(
    store_url: str,
) -> None:
    with open_ledger(store_url) as app:
        recorder: Any = app.recorder
        events = [
            StoredEvent(uuid4(), 1, "tests:Event", f"state {i}".encode())
            for i in range(MOST + 44)
        ]
        recorder.insert_events(events)
        blocks = list(audit.blocks(recorder))
        assert [(b.position, len(b.refs)) for b in blocks] == [
            (1, MOST),
            (MOST + 1, 44),
        ]
        assert audit.verify(recorder, None).breaks == []
        assert recorder.select_link_of(
            f"{hexed(events[-1].originator_id)}:1"
        ).position == (MOST + 44)


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_stored_nodes_and_proofs_over_both_parts(
    store: str, request: pytest.FixtureRequest
) -> None:
    url: str = request.getfixturevalue(f"{store}_url")
    with open_ledger(url) as app:
        recorder: Any = app.recorder
        for _ in range(3):
            recorder.insert_events(events(100))
        as_earlier_releases_wrote_it(recorder, tamperer(url, app))
        for _ in range(3):
            recorder.insert_events(events(100))
        assert grow(recorder) == 600 // CHUNK
        whole = merkle.Tree([k.leaf for k in audit.links(recorder)])
        for index in (5, 299, 300, CHUNK + 10, 599):  # each part, and across
            stored = StoredTree(recorder, 600, [index])
            assert stored.inclusion(index) == whole.inclusion(index)
            assert stored.root() == whole.root()
        assert audit.verify(recorder, None).breaks == []


def events(count: int) -> list[StoredEvent]:
    return [StoredEvent(uuid4(), 1, "tests:Event", b"{}") for _ in range(count)]
