"""The chain and the seals on SQLite and PostgreSQL: events and receipts changed by SQL
behind the application's back are each named with their position and how."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.app import SiteLedger
from storage import audit
from storage.audit import Report
from storage.chain import EVENT, Block, Link, chained, event_entry, extend
from storage.chain_sql import ChainExists
from storage.eventstore import MEMORY, open_ledger
from storage.proofs import chain, seal_log
from storage.seals import seal
from tests.factories import a_county, a_visit_in_progress
from tests.storage.tamper import Tamperer, tamperer

KEY = Ed25519PrivateKey.generate()


@dataclass
class Sealed:
    app: SiteLedger
    sql: Tamperer
    links: list[Link]
    blocks: list[Block]

    def verify(self) -> Report:
        return audit.verify(self.app.recorder, KEY.public_key())  # type: ignore[arg-type]

    def event_link(self, nth: int = 3) -> Link:
        return [k for k in self.links if k.kind == EVENT][nth]

    def receipt_link(self, nth: int = 2) -> Link:
        return [k for k in self.links if k.kind != EVENT][nth]

    def state(self, link: Link) -> bytes:
        found = self.app.recorder.select_notifications(link.notification_id, 1)
        return bytes(found[0].state)


@pytest.fixture(params=["sqlite", "postgres"])
def sealed(request: pytest.FixtureRequest) -> Iterator[Sealed]:
    """A county with a visit under way, on a real store, sealed."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    with open_ledger(url) as app:
        a_visit_in_progress(app, a_county(app))
        seal_log(app.recorder, KEY, datetime.now(UTC))  # type: ignore[arg-type]
        recorder: Any = app.recorder
        blocks = list(audit.blocks(recorder))
        yield Sealed(app, tamperer(url, app), chain(recorder), blocks)


def assert_first(report: Report, position: int, how: str) -> None:
    assert report.first is not None, "the tampering went unnoticed"
    assert (report.first.position, report.first.how) == (position, how), report.first


def test_an_untouched_log_verifies_against_its_seal(sealed: Sealed) -> None:
    report = sealed.verify()
    assert report.breaks == []
    assert (report.entries, report.seals) == (len(sealed.links), 1)


def test_the_in_memory_store_keeps_the_same_chain() -> None:
    with open_ledger(MEMORY) as app:
        a_county(app)
        report = audit.verify(app.recorder, None)  # type: ignore[arg-type]
    assert report.breaks == []
    assert report.entries == 12  # 7 events, 5 receipts


def test_an_edited_event_is_named_with_its_position(sealed: Sealed) -> None:
    link = sealed.event_link()
    state = sealed.state(link).replace(b"2026", b"2025") + b" "
    sql = sealed.sql
    sql.run(
        f"UPDATE {sql.events} SET state = %s WHERE {sql.nid} = %s",
        state,
        link.notification_id,
    )
    assert_first(sealed.verify(), link.position, audit.EDITED)


def test_a_deleted_event_is_named_as_removed(sealed: Sealed) -> None:
    link, sql = sealed.event_link(), sealed.sql
    sql.run(f"DELETE FROM {sql.events} WHERE {sql.nid} = %s", link.notification_id)
    assert_first(sealed.verify(), link.position, audit.REMOVED)


def test_an_inserted_event_is_named_where_it_would_stand(sealed: Sealed) -> None:
    link, sql = sealed.event_link(), sealed.sql
    originator, _ = link.ref.split(":")
    sql.run(
        f"INSERT INTO {sql.events} (originator_id, originator_version, topic, state)"
        " VALUES (%s, %s, %s, %s)",
        originator,
        99,
        "domain.model.issue:Issue.Resolved",
        b"{}",
    )
    last_event = [k for k in sealed.links if k.kind == EVENT][-1]
    assert_first(sealed.verify(), len(sealed.links) + 1, audit.INSERTED)
    assert last_event.position < len(sealed.links) + 1


def test_two_swapped_events_are_named_as_reordered(sealed: Sealed) -> None:
    first, second = sealed.event_link(2), sealed.event_link(3)
    sql = sealed.sql
    swap = f"UPDATE {sql.events} SET {sql.nid} = %s WHERE {sql.nid} = %s"
    sql.run(swap, -1, first.notification_id)
    sql.run(swap, first.notification_id, second.notification_id)
    sql.run(swap, second.notification_id, -1)
    assert_first(sealed.verify(), first.position, audit.REORDERED)


def test_an_edited_receipt_is_named(sealed: Sealed) -> None:
    link, sql = sealed.receipt_link(), sealed.sql
    edit = f"UPDATE {sql.receipts} SET fingerprint = %s WHERE command_id = %s"
    sql.run(edit, "0" * 64, link.ref)
    assert_first(sealed.verify(), link.position, audit.EDITED)


def test_a_deleted_receipt_is_named(sealed: Sealed) -> None:
    link, sql = sealed.receipt_link(), sealed.sql
    sql.run(f"DELETE FROM {sql.receipts} WHERE command_id = %s", link.ref)
    assert_first(sealed.verify(), link.position, audit.REMOVED)


def test_an_inserted_receipt_is_named(sealed: Sealed) -> None:
    sql = sealed.sql
    sql.run(
        f"INSERT INTO {sql.receipts} (command_id, command, fingerprint,"
        " aggregate_id, version, also) VALUES (%s, %s, %s, %s, %s, %s)",
        uuid4().hex,
        "resolve-issue",
        "0" * 64,
        uuid4().hex,
        1,
        "{}",
    )
    assert_first(sealed.verify(), len(sealed.links) + 1, audit.INSERTED)


def test_a_log_truncated_after_its_seal_is_named(sealed: Sealed) -> None:
    keep = sealed.blocks[-1].position - 1  # the last transaction is cut off
    cut = sealed.links[keep:]
    sql = sealed.sql
    sql.run(f"DELETE FROM {sql.chain} WHERE position > %s", keep)
    for link in cut:
        if link.kind == EVENT:
            sql.run(
                f"DELETE FROM {sql.events} WHERE {sql.nid} = %s", link.notification_id
            )
        else:
            sql.run(f"DELETE FROM {sql.receipts} WHERE command_id = %s", link.ref)
    assert_first(sealed.verify(), keep + 1, audit.TRUNCATED)


def test_a_chain_recomputed_after_an_edit_is_caught_by_the_seal(sealed: Sealed) -> None:
    """Whoever owns the database can rewrite the chain too, but not the seal."""
    link, sql = sealed.event_link(), sealed.sql
    state = sealed.state(link) + b" "
    sql.run(
        f"UPDATE {sql.events} SET state = %s WHERE {sql.nid} = %s",
        state,
        link.notification_id,
    )
    event = sealed.app.recorder.select_notifications(link.notification_id, 1)[0]
    edited = extend(None, [event_entry(event.id, event)])[0].leaves
    head = next(b.head for b in sealed.blocks if b.last == link.position - 1)
    for block in (b for b in sealed.blocks if b.last >= link.position):
        at = (link.position - block.position) * 32
        leaves = block.leaves
        if block.position <= link.position:
            leaves = leaves[:at] + edited + leaves[at + 32 :]
        head = chained(head, leaves)
        update = f"UPDATE {sql.chain} SET leaves = %s, head = %s WHERE position = %s"
        sql.run(update, leaves, head, block.position)
    report = sealed.verify()
    assert [b.how for b in report.breaks] == [audit.REWRITTEN]
    assert_first(report, 1, audit.REWRITTEN)


def test_a_block_whose_head_does_not_follow_is_named(sealed: Sealed) -> None:
    """The chain's own rows edited without recomputing the heads after them."""
    block, sql = sealed.blocks[2], sealed.sql
    leaves = bytes(32) + block.leaves[32:]
    sql.run(
        f"UPDATE {sql.chain} SET leaves = %s WHERE position = %s",
        leaves,
        block.position,
    )
    report = sealed.verify()
    named = {(b.position, b.how) for b in report.breaks}
    assert {(block.position, audit.EDITED), (block.position, audit.REWRITTEN)} <= named
    rewritten = [b for b in report.breaks if b.position == block.position]
    assert any("does not follow" in b.what for b in rewritten), rewritten


def test_a_seal_signed_by_another_key_is_refused(sealed: Sealed) -> None:
    other = Ed25519PrivateKey.generate()
    forged = seal(other, 1, bytes(32), datetime.now(UTC))
    sealed.app.recorder.insert_seal(forged.to_json())  # type: ignore[attr-defined]
    report = sealed.verify()
    assert [b.how for b in report.breaks] == [audit.FORGED]
    assert report.seals == 1


def test_a_store_written_before_the_chain_is_adopted_once(sealed: Sealed) -> None:
    sql = sealed.sql
    sql.run(f"DELETE FROM {sql.chain}")
    sql.run(f"DELETE FROM {sql.seals}")
    unchained = sealed.verify()
    assert {b.how for b in unchained.breaks} == {audit.INSERTED}
    assert len(unchained.breaks) == len(sealed.links)
    assert sealed.app.recorder.adopt() == len(sealed.links)  # type: ignore[attr-defined]
    assert sealed.verify().breaks == []
    with pytest.raises(ChainExists):
        sealed.app.recorder.adopt()  # type: ignore[attr-defined]
