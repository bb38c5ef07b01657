"""What the recorders read and write of the chain besides appending to it: its
blocks and links, its size, an event's link, the stored Merkle nodes and the seals."""

from collections.abc import Sequence
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from storage.chain import Block, Link
from storage.chain_sql import PostgresChainSQL, SQLiteChainSQL, block, legacy
from storage.nodes import LEVEL, Key

BIGGEST = 2**63 - 1  # a version no column holds is no event's


class ChainReads:
    """The chain as both SQL stores read it: an earlier release's rows (a link
    each, read as blocks of one) and the blocks that follow them."""

    statements: Any  # SQLiteChainSQL or PostgresChainSQL

    def _all(self, statement: Any, *args: Any) -> list[Any]:
        raise NotImplementedError

    def select_blocks(self, after: int, limit: int) -> list[Block]:
        """The first `limit` blocks that start after position `after`."""
        s = self.statements
        found = [legacy(r) for r in self._all(s.links_after, after, limit)]
        found += [block(r) for r in self._all(s.after, after, limit)]
        return sorted(found, key=lambda b: b.position)[:limit]

    def select_links(self, after: int, limit: int) -> list[Link]:
        """The links at positions after `after`, up to `after + limit`."""
        s, first, last = self.statements, after + 1, after + limit
        found = [legacy(r) for r in self._all(s.links_span, first, last)]
        found += [block(r) for r in self._all(s.span, first, last)]
        return [
            k
            for b in sorted(found, key=lambda b: b.position)
            for k in b.links()
            if first <= k.position <= last
        ]

    def chain_size(self) -> int:
        found = self._all(self.statements.tail)
        return int(found[0]["position"]) if found else 0

    def select_link_of(self, ref: str) -> Link | None:
        """The link of the event `ref` names ("originator hex:version")."""
        originator, version = ref.split(":")
        if not 0 < int(version) <= BIGGEST:
            return None
        args = self._originator(originator), int(version)
        s = self.statements
        for statement, read in ((s.of_event, block), (s.link_of_event, legacy)):
            for found in self._all(statement, *args):
                links = read(found).links()
                match = next((k for k in links if k.ref == ref), None)
                if match and match.notification_id is not None:
                    return match
        return None

    def _originator(self, originator: str) -> Any:
        return originator


class SQLiteChain(ChainReads):
    datastore: SQLiteDatastore
    events_table_name: str

    @cached_property
    def statements(self) -> SQLiteChainSQL:
        return SQLiteChainSQL(self.events_table_name)

    def chunks_stored(self) -> int:
        found = self._all(SQLiteChainSQL.chunks, LEVEL)[0][0]
        return 0 if found is None else int(found) + 1

    def select_nodes(self, keys: Sequence[Key]) -> dict[Key, bytes]:
        if not keys:
            return {}
        rows = ",".join(["(?,?)"] * len(keys))
        statement = (
            "SELECT level, idx, node FROM audit_nodes"
            f" WHERE (level, idx) IN (VALUES {rows})"
        )
        found = self._all(statement, *[part for key in keys for part in key])
        return {(r["level"], r["idx"]): bytes(r["node"]) for r in found}

    def insert_nodes(self, nodes: dict[Key, bytes]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(
                SQLiteChainSQL.insert_node, [(*k, v) for k, v in nodes.items()]
            )

    def insert_seal(self, body: str) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQLiteChainSQL.insert_seal, (body,))

    def select_seals(self) -> list[str]:
        return [found["body"] for found in self._all(SQLiteChainSQL.seals)]

    def _all(self, statement: Any, *args: Any) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, args)
            return list(c.fetchall())


class PostgresChain(ChainReads):
    datastore: PostgresDatastore
    chain: PostgresChainSQL

    @property
    def statements(self) -> PostgresChainSQL:
        return self.chain

    def _originator(self, originator: str) -> Any:
        return UUID(originator)

    def chunks_stored(self) -> int:
        found = self._all(self.chain.chunks, LEVEL)[0]["max"]
        return 0 if found is None else int(found) + 1

    def select_nodes(self, keys: Sequence[Key]) -> dict[Key, bytes]:
        if not keys:
            return {}
        levels, indexes = [k[0] for k in keys], [k[1] for k in keys]
        found = self._all(self.chain.nodes, levels, indexes)
        return {(r["level"], r["idx"]): bytes(r["node"]) for r in found}

    def insert_nodes(self, nodes: dict[Key, bytes]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                self.chain.insert_node, [(*k, v) for k, v in nodes.items()]
            )

    def insert_seal(self, body: str) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.chain.insert_seal, (body,))

    def select_seals(self) -> list[str]:
        return [found["body"] for found in self._all(self.chain.seals)]

    def _all(self, statement: Any, *args: Any) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(statement, args, prepare=True)
            return list(curs.fetchall())
