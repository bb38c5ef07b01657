"""Changing a store behind the application's back, by SQL, as its database's owner
could: events and receipts edited, deleted, inserted, reordered, the log truncated."""

import sqlite3
from contextlib import closing
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import psycopg

from domain.app import SiteLedger


class Tamperer(Protocol):
    def run(self, statement: str, *params: Any) -> None: ...

    events: str  # the events table's name
    receipts: str
    chain: str  # the chain's blocks (a row a transaction)
    links: str  # the chain as earlier releases stored it (a row a link)
    seals: str
    nodes: str  # the stored Merkle nodes
    nid: str  # the column that is an event's log position


class SQLiteTamperer:
    events, receipts, chain = "stored_events", "command_receipts", "audit_blocks"
    links, seals, nid, nodes = "audit_chain", "audit_seals", "rowid", "audit_nodes"

    def __init__(self, url: str) -> None:
        self.path = urlsplit(url).path.removeprefix("/")

    def run(self, statement: str, *params: Any) -> None:
        with closing(sqlite3.connect(self.path)) as db, db:
            db.execute(statement.replace("%s", "?"), params)


class PostgresTamperer:
    nid = "notification_id"

    def __init__(self, url: str, app: SiteLedger) -> None:
        self.url = url.partition("?")[0]
        schema = parse_qs(urlsplit(url).query)["schema"][0]
        table: str = app.recorder.events_table_name  # type: ignore[attr-defined]
        prefix = f'"{schema}".' + table.removesuffix("_events")
        self.events, self.receipts = prefix + "_events", prefix + "_receipts"
        self.chain, self.links = prefix + "_blocks", prefix + "_chain"
        self.seals = prefix + "_seals"
        self.nodes = prefix + "_nodes"

    def run(self, statement: str, *params: Any) -> None:
        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(statement.encode(), params)


def tamperer(url: str, app: SiteLedger) -> Tamperer:
    if url.startswith("sqlite"):
        return SQLiteTamperer(url)
    return PostgresTamperer(url, app)
