"""The chain's and the seals' tables, and how each store appends and reads them.

A transaction's links are appended as one block, inside the transaction that writes
the events, after they are inserted: on SQLite that transaction holds the database's
one write lock, on PostgreSQL the library's exclusive lock on the events table, so
the chain's order is the log's commit order and no two writers extend the same head.
Earlier releases stored a row a link (`audit_chain`): those rows are read as blocks
of one link, and the blocks (`audit_blocks`) follow them."""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from storage.chain import Block, Entry, entries, extend, packed, unpacked

LINK_COLUMNS = "position, kind, ref, notification_id, leaf, head"
BLOCK_COLUMNS = "position, refs, events, leaves, head"
INSERT_COLUMNS = "position, refs, events, first_event, leaves, head"
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
    "CREATE TABLE IF NOT EXISTS audit_blocks (position INTEGER PRIMARY KEY,"
    " refs TEXT NOT NULL, events BLOB NOT NULL, first_event INTEGER,"
    " leaves BLOB NOT NULL, head BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audit_blocks_event ON audit_blocks (first_event)",
]
TAIL = (  # the chain's last position and head: blocks, else an earlier release's
    "SELECT last AS position, head FROM ({} UNION ALL {}) AS tails"
    " ORDER BY last DESC LIMIT 1"
)
BLOCKS_TAIL = (
    "SELECT * FROM (SELECT position + length(leaves) / 32 - 1 AS last, head FROM {}"
    " ORDER BY position DESC LIMIT 1) AS blocks_tail"
)
LINKS_TAIL = (
    "SELECT * FROM (SELECT position AS last, head FROM {}"
    " ORDER BY position DESC LIMIT 1) AS links_tail"
)


def block(found: Any) -> Block:
    ids = unpacked(bytes(found["events"]))
    leaves, head = bytes(found["leaves"]), bytes(found["head"])
    return Block(found["position"], found["refs"].split(" "), ids, leaves, head)


def legacy(found: Any) -> Block:
    """A link as earlier releases stored it: a block of one."""
    nid = found["notification_id"]
    ids = [] if nid is None else [nid]
    leaf, head = bytes(found["leaf"]), bytes(found["head"])
    return Block(found["position"], [found["ref"]], ids, leaf, head)


def row(found: Block) -> tuple[Any, ...]:
    first = found.ids[0] if found.ids else None
    refs = " ".join(found.refs)
    return found.position, refs, packed(found.ids), first, found.leaves, found.head


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
    tail = TAIL.format(
        BLOCKS_TAIL.format("audit_blocks"), LINKS_TAIL.format("audit_chain")
    )
    insert = f"INSERT INTO audit_blocks ({INSERT_COLUMNS}) VALUES (?,?,?,?,?,?)"
    after = (
        f"SELECT {BLOCK_COLUMNS} FROM audit_blocks WHERE position > ?"
        " ORDER BY position LIMIT ?"
    )
    links_after = (
        f"SELECT {LINK_COLUMNS} FROM audit_chain WHERE position > ?"
        " ORDER BY position LIMIT ?"
    )
    span = (  # the blocks holding positions first to last
        f"SELECT {BLOCK_COLUMNS} FROM audit_blocks WHERE position >= coalesce("
        "(SELECT max(position) FROM audit_blocks WHERE position <= ?), 0)"
        " AND position <= ? ORDER BY position"
    )
    links_span = (
        f"SELECT {LINK_COLUMNS} FROM audit_chain WHERE position >= ?"
        " AND position <= ? ORDER BY position"
    )
    chunks = "SELECT max(idx) FROM audit_nodes WHERE level = ?"
    insert_node = "INSERT OR IGNORE INTO audit_nodes (level, idx, node) VALUES (?,?,?)"
    insert_seal = "INSERT INTO audit_seals (body) VALUES (?)"
    seals = "SELECT body FROM audit_seals ORDER BY seal_id"
    lock = "DELETE FROM audit_chain WHERE 0"  # a write: the database's lock, now

    def __init__(self, events: str = "stored_events") -> None:
        event = (
            f"(SELECT rowid FROM {events} WHERE originator_id = ?"
            " AND originator_version = ?)"
        )
        self.of_event = (  # the block holding an event's link, by id (hex), version
            f"SELECT {BLOCK_COLUMNS} FROM audit_blocks WHERE first_event <= {event}"
            " ORDER BY first_event DESC LIMIT 1"
        )
        self.link_of_event = (
            f"SELECT {LINK_COLUMNS} FROM audit_chain WHERE notification_id = {event}"
        )

    def append(self, c: Any, entries: Sequence[Entry]) -> None:
        c.execute(self.tail)
        c.executemany(
            self.insert, [row(b) for b in extend(last(c.fetchone()), entries)]
        )


class PostgresChainSQL:
    def __init__(self, schema: str, prefix: str) -> None:
        chain = Identifier(schema, prefix + "_chain")
        blocks = Identifier(schema, prefix + "_blocks")
        seals = Identifier(schema, prefix + "_seals")
        nodes = Identifier(schema, prefix + "_nodes")
        events = Identifier(schema, prefix + "_events")
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
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY,"
                " refs text NOT NULL, events bytea NOT NULL, first_event bigint,"
                " leaves bytea NOT NULL, head bytea NOT NULL)"
            ).format(blocks),
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (first_event)").format(
                Identifier(prefix + "_blocks_event"), blocks
            ),
        ]
        event = SQL(
            "(SELECT notification_id FROM {} WHERE originator_id = %s"
            " AND originator_version = %s)"
        ).format(events)
        self.of_event = SQL(
            "SELECT " + BLOCK_COLUMNS + " FROM {} WHERE first_event <= {}"
            " ORDER BY first_event DESC LIMIT 1"
        ).format(blocks, event)
        self.link_of_event = SQL(
            "SELECT " + LINK_COLUMNS + " FROM {} WHERE notification_id = {}"
        ).format(chain, event)
        self.chunks = SQL("SELECT max(idx) FROM {} WHERE level = %s").format(nodes)
        self.nodes = SQL(
            "SELECT level, idx, node FROM {} WHERE (level, idx) IN"
            " (SELECT * FROM unnest(%s::int[], %s::bigint[]))"
        ).format(nodes)
        self.insert_node = SQL(
            "INSERT INTO {} (level, idx, node) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING"
        ).format(nodes)
        self.tail = SQL(TAIL).format(
            SQL(BLOCKS_TAIL).format(blocks), SQL(LINKS_TAIL).format(chain)
        )
        self.insert = SQL(  # one statement, however many blocks: a column each
            "INSERT INTO {} (" + INSERT_COLUMNS + ") SELECT * FROM unnest("
            "%s::bigint[], %s::text[], %s::bytea[], %s::bigint[], %s::bytea[],"
            " %s::bytea[])"
        ).format(blocks)
        self.after = SQL(
            "SELECT " + BLOCK_COLUMNS + " FROM {} WHERE position > %s"
            " ORDER BY position LIMIT %s"
        ).format(blocks)
        self.links_after = SQL(
            "SELECT " + LINK_COLUMNS + " FROM {} WHERE position > %s"
            " ORDER BY position LIMIT %s"
        ).format(chain)
        self.span = SQL(
            "SELECT " + BLOCK_COLUMNS + " FROM {0} WHERE position >= coalesce("
            "(SELECT max(position) FROM {0} WHERE position <= %s), 0)"
            " AND position <= %s ORDER BY position"
        ).format(blocks)
        self.links_span = SQL(
            "SELECT " + LINK_COLUMNS + " FROM {} WHERE position >= %s"
            " AND position <= %s ORDER BY position"
        ).format(chain)
        self.insert_seal = SQL("INSERT INTO {} (body) VALUES (%s)").format(seals)
        self.seals = SQL("SELECT body FROM {} ORDER BY seal_id").format(seals)
        self.events = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {} ORDER BY notification_id"
        ).format(events)

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
        blocks = extend(last((tail or curs).fetchone()), entries)
        if blocks:
            columns = [list(column) for column in zip(*map(row, blocks), strict=True)]
            curs.execute(self.insert, columns, prepare=True)
