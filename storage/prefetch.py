"""The application's recorders: the ledger's (storage/receipts.py), which also read a
group's aggregates ahead, with the group's receipts, in one round trip (PostgreSQL)
or one read transaction (SQLite): for each id the events after the version the
caller holds, or for one it holds not, its first event (enough to tell it exists,
and to read a receipt kept as an aggregate by releases before receipt rows)."""

from collections.abc import Iterable, Mapping
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from domain.model.receipt import Receipt
from storage.receipts import (
    PostgresLedgerRecorder,
    SQLiteLedgerRecorder,
    hexes,
    receipt,
    sqlite_receipts,
    stored,
)

AFTER = """
SELECT w.id AS originator_id, e.originator_version, e.topic, e.state
FROM unnest(%s::uuid[], %s::int[]) AS w (id, after)
CROSS JOIN LATERAL (
    SELECT originator_version, topic, state FROM {table}
    WHERE originator_id = w.id AND originator_version > w.after
    ORDER BY originator_version
    LIMIT CASE WHEN w.after = 0 THEN 1 END
) AS e
ORDER BY w.id, e.originator_version
"""

SQLITE_AFTER = (
    "SELECT originator_version, topic, state FROM {table}"
    " WHERE originator_id = ? AND originator_version > ? ORDER BY originator_version"
)


class PostgresReadAheadRecorder(PostgresLedgerRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        table = Identifier(datastore.schema, events_table_name)
        self.select_after = SQL(AFTER).format(table=table)

    def select_receipts_and_events_after(
        self, command_ids: Iterable[UUID], held: Mapping[UUID, int]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        """The receipts of those commands that have one, and the events after each
        version held (the first event where 0 is held), pipelined."""
        ids, versions = list(held), list(held.values())
        with self.datastore.transaction(commit=False) as curs:
            others = curs.connection.cursor(row_factory=curs.row_factory)
            with curs.connection.pipeline():
                curs.execute(self.select, (hexes(command_ids),), prepare=True)
                others.execute(self.select_after, (ids, versions), prepare=True)
            found = [receipt(r) for r in curs.fetchall()]
            events = [stored(r, r["originator_id"]) for r in others.fetchall()]
        return {r.command_id: r for r in found}, events


class SQLiteReadAheadRecorder(SQLiteLedgerRecorder):
    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name)
        self.select_after = SQLITE_AFTER.format(table=events_table_name)

    def select_receipts_and_events_after(
        self, command_ids: Iterable[UUID], held: Mapping[UUID, int]
    ) -> tuple[dict[UUID, Receipt], list[StoredEvent]]:
        """As on PostgreSQL, in one read transaction: one look at the log for the
        group, where each aggregate read the usual way takes a transaction."""
        events: list[StoredEvent] = []
        with self.datastore.transaction(commit=False) as c:
            found = sqlite_receipts(c, command_ids)
            for aggregate_id, after in held.items():
                limit = "" if after else " LIMIT 1"
                c.execute(self.select_after + limit, (aggregate_id.hex, after))
                events += [stored(r, aggregate_id) for r in c.fetchall()]
        return found, events
