"""The application's recorders: the library's, writing command receipts as rows in
the events' own transaction (as its process recorders write tracking rows), and
reading a batch's receipts in one query."""

import json
import threading
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from domain.model.receipt import Receipt
from storage.chain import entries
from storage.chain_sql import (
    SQLITE_TABLES,
    ChainExists,
    PostgresChainSQL,
    SQLiteChainSQL,
    adopted,
)
from storage.chain_store import PostgresChain, SQLiteChain

COLUMNS = "command_id, command, fingerprint, aggregate_id, version, also"
Rows = Sequence[tuple[str, str, str, str, int, str]]


def row(receipt: Receipt) -> tuple[str, str, str, str, int, str]:
    also = {str(other): version for other, version in receipt.also.items()}
    return (
        receipt.command_id.hex,
        receipt.command,
        receipt.fingerprint,
        receipt.aggregate_id.hex,
        receipt.version,
        json.dumps(also, separators=(",", ":"), sort_keys=True),  # as chained
    )


def receipt(found: Any) -> Receipt:
    return Receipt(
        command_id=UUID(found["command_id"]),
        command=found["command"],
        fingerprint=found["fingerprint"],
        aggregate_id=UUID(found["aggregate_id"]),
        version=found["version"],
        also={UUID(k): v for k, v in json.loads(found["also"]).items()},
    )


def hexes(ids: Iterable[UUID]) -> list[str]:
    return sorted({i.hex for i in ids})


def sqlite_receipts(
    c: SQLiteCursor, command_ids: Iterable[UUID]
) -> dict[UUID, Receipt]:
    """The receipts of those commands that have one, in the cursor's transaction."""
    wanted = hexes(command_ids)
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    c.execute(
        f"SELECT {COLUMNS} FROM command_receipts WHERE command_id IN ({marks})", wanted
    )
    found = [receipt(r) for r in c.fetchall()]
    return {r.command_id: r for r in found}


class SQLiteLedgerRecorder(SQLiteChain, SQLiteApplicationRecorder):
    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS command_receipts (command_id TEXT PRIMARY KEY,"
            " command TEXT NOT NULL, fingerprint TEXT NOT NULL, aggregate_id TEXT NOT"
            " NULL, version INTEGER NOT NULL, also TEXT NOT NULL) WITHOUT ROWID",
            *SQLITE_TABLES,
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        returning = super()._insert_events(c, stored_events, **kwargs)
        receipts: Sequence[Receipt] = kwargs.get("receipts", ())
        rows = [row(r) for r in receipts]
        c.executemany(
            f"INSERT INTO command_receipts ({COLUMNS}) VALUES (?,?,?,?,?,?)", rows
        )
        self.append_chain(c, returning or (), stored_events, rows)
        return returning

    def append_chain(
        self,
        c: SQLiteCursor,
        ids: Sequence[int],
        events: Sequence[StoredEvent],
        rows: Rows,
    ) -> None:
        SQLiteChainSQL().append(c, entries(ids, events, rows))

    def select_receipt_rows(self) -> list[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {COLUMNS} FROM command_receipts")
            return [tuple(found) for found in c.fetchall()]

    def adopt(self) -> int:
        """Chains the rows of a store written before the chain, as found."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQLiteChainSQL.lock)
            c.execute(SQLiteChainSQL.tail)
            if c.fetchone() is not None:
                raise ChainExists("the store is chained already")
            c.execute(
                "SELECT rowid, originator_id, originator_version, topic, state"
                f" FROM {self.events_table_name} ORDER BY rowid"
            )
            events = [tuple(found) for found in c.fetchall()]
            c.execute(f"SELECT {COLUMNS} FROM command_receipts")
            found = adopted(events, [tuple(r) for r in c.fetchall()])
            SQLiteChainSQL().append(c, found)
            return len(found)

    def select_receipts(self, command_ids: Iterable[UUID]) -> dict[UUID, Receipt]:
        with self.datastore.transaction(commit=False) as c:
            return sqlite_receipts(c, command_ids)

    def select_first_events(self, originator_ids: Iterable[UUID]) -> list[StoredEvent]:
        wanted = hexes(originator_ids)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        statement = (
            f"SELECT * FROM {self.events_table_name}"
            f" WHERE originator_id IN ({marks}) AND originator_version = 1"
        )
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, wanted)
            return [stored(r, UUID(r["originator_id"])) for r in c.fetchall()]

    def select_receipts_and_firsts(
        self, command_ids: Iterable[UUID], originator_ids: Iterable[UUID]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        return (
            self.select_receipts(command_ids),
            self.select_first_events(originator_ids),
        )


class PostgresLedgerRecorder(PostgresChain, PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        name = events_table_name.removesuffix("_events") + "_receipts"
        self.check_identifier_length(name)
        self.receipts = Identifier(datastore.schema, name)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (command_id uuid PRIMARY KEY,"
                " command text NOT NULL, fingerprint text NOT NULL,"
                " aggregate_id uuid NOT NULL, version bigint NOT NULL,"
                " also text NOT NULL)"
            ).format(self.receipts)
        )
        self.insert_receipts = SQL(
            "INSERT INTO {} (" + COLUMNS + ") VALUES (%s, %s, %s, %s, %s, %s)"
        ).format(self.receipts)
        self.select = SQL(
            "SELECT command_id::text, command, fingerprint, aggregate_id::text,"
            " version, also FROM {} WHERE command_id = ANY(%s::uuid[])"
        ).format(self.receipts)
        self.chain = PostgresChainSQL(
            datastore.schema, events_table_name.removesuffix("_events")
        )
        self.sql_create_statements.extend(self.chain.create)
        self.tails = threading.local()  # a writer's cursor that read the tail
        self.select_all = SQL(
            "SELECT command_id::text, command, fingerprint, aggregate_id::text,"
            " version, also FROM {}"
        ).format(self.receipts)
        self.select_first = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {}"
            " WHERE originator_id = ANY(%s::uuid[]) AND originator_version = 1"
        ).format(Identifier(datastore.schema, events_table_name))

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        receipts: Sequence[Receipt] = kwargs.get("receipts", ())
        if receipts:
            curs.executemany(self.insert_receipts, [row(r) for r in receipts])
        super()._insert_events(curs, stored_events, **kwargs)

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        """Called under the events table's lock, before the events go in."""
        super()._notify_channel(curs)
        self.read_tail(curs)

    def read_tail(self, curs: Cursor[DictRow]) -> None:
        """The chain's tail, read in the pipeline that inserts the events: no round
        trip of its own."""
        self.tails.cursor = curs.connection.cursor(row_factory=curs.row_factory)
        self.tails.cursor.execute(self.chain.tail, prepare=True)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The chain is extended here: after the events are inserted, under the
        exclusive lock the library took on their table, in their transaction."""
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        rows = [row(r) for r in kwargs.get("receipts", ())]
        self.append_chain(curs, ids or (), stored_events, rows)
        return ids

    def append_chain(
        self,
        curs: Cursor[DictRow],
        ids: Sequence[int],
        events: Sequence[StoredEvent],
        rows: Rows,
    ) -> None:
        with self.tails.__dict__.pop("cursor") as tail:
            self.chain.append(curs, entries(ids, events, rows), tail)

    def select_receipt_rows(self) -> list[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_all)
            return [tuple(found.values()) for found in curs.fetchall()]

    def adopt(self) -> int:
        """Chains the rows of a store written before the chain, as found, under the
        lock writers take."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            curs.execute(self.chain.tail)
            if curs.fetchone() is not None:
                raise ChainExists("the store is chained already")
            curs.execute(self.chain.events)
            events = [tuple(found.values()) for found in curs.fetchall()]
            curs.execute(self.select_all)
            found = adopted(events, [tuple(r.values()) for r in curs.fetchall()])
            self.chain.append(curs, found)
            return len(found)

    def select_receipts(self, command_ids: Iterable[UUID]) -> dict[UUID, Receipt]:
        wanted = hexes(command_ids)
        if not wanted:
            return {}
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select, (wanted,), prepare=True)
            found = [receipt(r) for r in curs.fetchall()]
        return {r.command_id: r for r in found}

    def select_first_events(self, originator_ids: Iterable[UUID]) -> list[StoredEvent]:
        wanted = hexes(originator_ids)
        if not wanted:
            return []
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_first, (wanted,), prepare=True)
            return [stored(r, r["originator_id"]) for r in curs.fetchall()]

    def select_receipts_and_firsts(
        self, command_ids: Iterable[UUID], originator_ids: Iterable[UUID]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        """Both in one round trip to the server (pipelined)."""
        wanted, firsts = hexes(command_ids), hexes(originator_ids)
        with self.datastore.transaction(commit=False) as curs:
            others = curs.connection.cursor(row_factory=curs.row_factory)
            with curs.connection.pipeline():
                curs.execute(self.select, (wanted,), prepare=True)
                others.execute(self.select_first, (firsts,), prepare=True)
            found = [receipt(r) for r in curs.fetchall()]
            events = [stored(r, r["originator_id"]) for r in others.fetchall()]
        return {r.command_id: r for r in found}, events


def stored(found: Any, originator_id: UUID) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,
        originator_version=found["originator_version"],
        topic=found["topic"],
        state=bytes(found["state"]),
    )
