"""The chain's and the seals' tables, and how each store appends and reads them.

Links are appended inside the transaction that writes the events, after they are
inserted: on SQLite that transaction holds the database's one write lock, on
PostgreSQL the library's exclusive lock on the events table, so the chain's order is
the log's commit order and no two writers extend the same head."""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from storage.chain import Entry, Link, entries, extend

LINK_COLUMNS = "position, kind, ref, notification_id, leaf, head"
SQLITE_TABLES = [
    "CREATE TABLE IF NOT EXISTS audit_chain (position INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL, ref TEXT NOT NULL, notification_id INTEGER,"
    " leaf BLOB NOT NULL, head BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_seals (seal_id INTEGER PRIMARY KEY,"
    " body TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audit_chain_event ON audit_chain (notification_id)"
    " WHERE notification_id IS NOT NULL",
    "CREATE TABLE IF NOT EXISTS audit_nodes (level INTEGER NOT NULL, idx INTEGER"
    " NOT NULL, node BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID",
]


def link(found: Any) -> Link:
    return Link(
        position=found["position"],
        kind=found["kind"],
        ref=found["ref"],
        notification_id=found["notification_id"],
        leaf=bytes(found["leaf"]),
        head=bytes(found["head"]),
    )


def last(found: Any) -> tuple[int, bytes] | None:
    return None if found is None else (found["position"], bytes(found["head"]))


class ChainExists(Exception):
    """The store has a chain already: adopting is for stores written before it."""


def adopted(events: list[Any], rows: Sequence[Any]) -> list[Entry]:
    """The entries of a store's rows as found: its events in log order (rows of
    notification id, originator id, version, topic, state), then its receipts."""
    ids = [e[0] for e in events]
    stored = [StoredEvent(e[1], e[2], e[3], bytes(e[4])) for e in events]
    return entries(ids, stored, rows)


class SQLiteChainSQL:
    tail = "SELECT position, head FROM audit_chain ORDER BY position DESC LIMIT 1"
    insert = f"INSERT INTO audit_chain ({LINK_COLUMNS}) VALUES (?,?,?,?,?,?)"
    page = (
        f"SELECT {LINK_COLUMNS} FROM audit_chain WHERE position > ?"
        " ORDER BY position LIMIT ?"
    )

    @staticmethod
    def of_event(events: str) -> str:
        """The link of an event, by its originator id (hex) and version."""
        return (
            f"SELECT {LINK_COLUMNS} FROM audit_chain WHERE notification_id ="
            f" (SELECT rowid FROM {events} WHERE originator_id = ?"
            " AND originator_version = ?)"
        )

    chunks = "SELECT max(idx) FROM audit_nodes WHERE level = ?"
    insert_node = "INSERT OR IGNORE INTO audit_nodes (level, idx, node) VALUES (?,?,?)"
    insert_seal = "INSERT INTO audit_seals (body) VALUES (?)"
    seals = "SELECT body FROM audit_seals ORDER BY seal_id"
    lock = "DELETE FROM audit_chain WHERE 0"  # a write: the database's lock, now

    def append(self, c: Any, entries: Sequence[Entry]) -> None:
        c.execute(self.tail)
        links = extend(last(c.fetchone()), entries)
        c.executemany(self.insert, links)


class PostgresChainSQL:
    def __init__(self, schema: str, prefix: str) -> None:
        chain = Identifier(schema, prefix + "_chain")
        seals = Identifier(schema, prefix + "_seals")
        nodes = Identifier(schema, prefix + "_nodes")
        self.create: list[Composed] = [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY,"
                " kind text NOT NULL, ref text NOT NULL, notification_id bigint,"
                " leaf bytea NOT NULL, head bytea NOT NULL)"
            ).format(chain),
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (seal_id bigserial PRIMARY KEY,"
                " body text NOT NULL)"
            ).format(seals),
            SQL(
                "CREATE INDEX IF NOT EXISTS {} ON {} (notification_id)"
                " WHERE notification_id IS NOT NULL"
            ).format(Identifier(prefix + "_chain_event"), chain),
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (level int, idx bigint,"
                " node bytea NOT NULL, PRIMARY KEY (level, idx))"
            ).format(nodes),
        ]
        self.of_event = SQL(
            "SELECT " + LINK_COLUMNS + " FROM {} WHERE notification_id ="
            " (SELECT notification_id FROM {} WHERE originator_id = %s"
            " AND originator_version = %s)"
        ).format(chain, Identifier(schema, prefix + "_events"))
        self.chunks = SQL("SELECT max(idx) FROM {} WHERE level = %s").format(nodes)
        self.nodes = SQL(
            "SELECT level, idx, node FROM {} WHERE (level, idx) IN"
            " (SELECT * FROM unnest(%s::int[], %s::bigint[]))"
        ).format(nodes)
        self.insert_node = SQL(
            "INSERT INTO {} (level, idx, node) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING"
        ).format(nodes)
        self.tail = SQL(
            "SELECT position, head FROM {} ORDER BY position DESC LIMIT 1"
        ).format(chain)
        self.insert = SQL(  # one statement, however many links: a column each
            "INSERT INTO {} (" + LINK_COLUMNS + ") SELECT * FROM unnest(%s::bigint[],"
            " %s::text[], %s::text[], %s::bigint[], %s::bytea[], %s::bytea[])"
        ).format(chain)
        self.page = SQL(
            "SELECT " + LINK_COLUMNS + " FROM {} WHERE position > %s"
            " ORDER BY position LIMIT %s"
        ).format(chain)
        self.insert_seal = SQL("INSERT INTO {} (body) VALUES (%s)").format(seals)
        self.seals = SQL("SELECT body FROM {} ORDER BY seal_id").format(seals)
        self.events = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {} ORDER BY notification_id"
        ).format(Identifier(schema, prefix + "_events"))

    def append(
        self,
        curs: Cursor[DictRow],
        entries: Sequence[Entry],
        tail: Cursor[DictRow] | None = None,
    ) -> None:
        """Under the events table's lock (the caller holds it); `tail`: a cursor
        that read the chain's tail under that lock already."""
        if tail is None:
            curs.execute(self.tail, prepare=True)
        links = extend(last((tail or curs).fetchone()), entries)
        if links:
            columns = [list(column) for column in zip(*links, strict=True)]
            curs.execute(self.insert, columns, prepare=True)
