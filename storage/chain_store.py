"""What the recorders read and write of the chain besides appending to it: its
links, its size, an event's link, the stored Merkle nodes and the seals."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from storage.chain import Link
from storage.chain_sql import PostgresChainSQL, SQLiteChainSQL, link
from storage.nodes import LEVEL, Key

BIGGEST = 2**63 - 1  # a version no column holds is no event's


class SQLiteChain:
    datastore: SQLiteDatastore
    events_table_name: str

    def select_links(self, after: int, limit: int) -> list[Link]:
        return [link(found) for found in self._all(SQLiteChainSQL.page, after, limit)]

    def chain_size(self) -> int:
        found = self._all(SQLiteChainSQL.tail)
        return found[0]["position"] if found else 0

    def select_link_of(self, ref: str) -> Link | None:
        """The link of the event `ref` names ("originator hex:version")."""
        originator, version = ref.split(":")
        if not 0 < int(version) <= BIGGEST:
            return None
        statement = SQLiteChainSQL.of_event(self.events_table_name)
        found = self._all(statement, originator, int(version))
        return link(found[0]) if found else None

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

    def _all(self, statement: str, *args: Any) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, args)
            return list(c.fetchall())


class PostgresChain:
    datastore: PostgresDatastore
    chain: PostgresChainSQL

    def select_links(self, after: int, limit: int) -> list[Link]:
        return [link(found) for found in self._all(self.chain.page, after, limit)]

    def chain_size(self) -> int:
        found = self._all(self.chain.tail)
        return int(found[0]["position"]) if found else 0

    def select_link_of(self, ref: str) -> Link | None:
        originator, version = ref.split(":")
        if not 0 < int(version) <= BIGGEST:
            return None
        found = self._all(self.chain.of_event, UUID(originator), int(version))
        return link(found[0]) if found else None

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
