"""The chain as the release before blocks wrote it (a row a link, each with the head
after it), measured beside the blocks in the same run by `bench.chain`."""

from collections.abc import Sequence
from typing import Any

from psycopg.sql import SQL, Identifier

from storage.chain import GENESIS, Entry, chained, entries
from storage.chain_sql import LINK_COLUMNS, SQLiteChainSQL, last
from storage.merkle import leaf_hash
from storage.receipts import PostgresLedgerRecorder, SQLiteLedgerRecorder

INSERT = f"INSERT INTO audit_chain ({LINK_COLUMNS}) VALUES (?,?,?,?,?,?)"


def links(tail: tuple[int, bytes] | None, found: Sequence[Entry]) -> list[Any]:
    position, head = tail or (0, GENESIS)
    rows = []
    for entry in found:
        position += 1
        leaf = leaf_hash(entry.data)
        head = chained(head, leaf)
        rows.append(
            (position, entry.kind, entry.ref, entry.notification_id, leaf, head)
        )
    return rows


class LinksSQLite(SQLiteLedgerRecorder):
    def append_chain(self, c: Any, ids: Any, events: Any, rows: Any) -> None:
        c.execute(SQLiteChainSQL.tail)
        c.executemany(INSERT, links(last(c.fetchone()), entries(ids, events, rows)))


class LinksPostgres(PostgresLedgerRecorder):
    def append_chain(self, curs: Any, ids: Any, events: Any, rows: Any) -> None:
        with self.tails.__dict__.pop("cursor") as tail:
            found = links(last(tail.fetchone()), entries(ids, events, rows))
        if found:
            prefix = self.events_table_name.removesuffix("_events")
            insert = SQL(
                "INSERT INTO {} (" + LINK_COLUMNS + ") SELECT * FROM unnest("
                "%s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::bytea[],"
                " %s::bytea[])"
            ).format(Identifier(self.datastore.schema, prefix + "_chain"))
            columns = [list(column) for column in zip(*found, strict=True)]
            curs.execute(insert, columns, prepare=True)
