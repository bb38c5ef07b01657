"""The sync feed: every change, by log position, readable per jurisdiction subtree."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from projections.events import (
    SHARED_DOWNWARDS,
    Item,
    event_name,
    instant,
    jurisdiction_after,
    kind_of,
)
from projections.places import indexed, looked_up, merged, reach
from projections.sql import Cursor, ancestors, prefix_range
from projections.view import PostgresView, SQLiteView, View

COLUMNS = (
    *("position", "aggregate_id", "kind", "jurisdiction", "moved_from"),
    *("version", "event", "recorded_at"),
)
TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " position {int} PRIMARY KEY, aggregate_id {key} NOT NULL, kind {key} NOT NULL,"
    " jurisdiction {key} NOT NULL, moved_from {key}, version {int} NOT NULL,"
    " event {text} NOT NULL, recorded_at {text} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_departure ON {rows} (moved_from, position)"
    " WHERE moved_from IS NOT NULL",
    # Where each aggregate is now (events after the first do not say), and its
    # latest change.
    "CREATE TABLE IF NOT EXISTS {aggregates} ("
    " id {key} PRIMARY KEY, kind {key} NOT NULL, jurisdiction {key} NOT NULL,"
    " position {int} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_latest ON {aggregates} (position)",
    # Each change under every place that reads it (`projections.places`), and each
    # aggregate's latest change the same way: a page of the feed, or of the current
    # state, is a few bounded index ranges at any scope.
    "CREATE TABLE IF NOT EXISTS {reach} (place {key} NOT NULL,"
    " position {int} NOT NULL, PRIMARY KEY (place, position))",
    "CREATE TABLE IF NOT EXISTS {current} (place {key} NOT NULL,"
    " position {int} NOT NULL, PRIMARY KEY (place, position))",
]
INSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
)
PLACE = (
    "INSERT INTO {aggregates} (id, kind, jurisdiction, position)"
    " VALUES (:id, :kind, :jurisdiction, :position) ON CONFLICT (id)"
    " DO UPDATE SET jurisdiction = excluded.jurisdiction, position = excluded.position"
)
REACH = "INSERT INTO {reach} (place, position) VALUES (:place, :position)"
LATEST = "INSERT INTO {current} (place, position) VALUES (:place, :position)"
NOT_LATEST = "DELETE FROM {current} WHERE place = :place AND position = :position"
IN_SCOPE = (
    " AND (jurisdiction >= :low AND jurisdiction < :high"
    " OR moved_from >= :low AND moved_from < :high"
    # reference data of the jurisdictions above, and its moves away from them
    " OR {shared} AND ({above} OR {left_above}))"
)
IN_SCOPE_NOW = (
    " AND (jurisdiction >= :low AND jurisdiction < :high OR {shared} AND {above})"
)


@dataclass(frozen=True)
class ChangeRow:
    """An event as the sync feed shows it. `jurisdiction` is the aggregate's after
    the event; a move also names the jurisdiction it left (`moved_from`), so the
    feed of the old subtree shows the move too."""

    position: int
    aggregate_id: UUID
    kind: str
    jurisdiction: str
    moved_from: str | None
    version: int
    event: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> "ChangeRow":
        recorded_at = datetime.fromisoformat(row["recorded_at"])
        return cls(
            **{
                **row,
                "aggregate_id": UUID(row["aggregate_id"]),
                "recorded_at": recorded_at,
            }
        )


@dataclass
class Place:
    kind: str
    jurisdiction: str
    position: int

    def reach(self) -> list[dict[str, Any]]:
        """The current-state index rows of the aggregate's latest change."""
        shared = self.kind in SHARED_DOWNWARDS
        return [
            {"place": place, "position": self.position}
            for place in sorted(reach([self.jurisdiction], shared))
        ]


class Changes(View):
    """One row per domain event (receipts and claims left out), by notification id."""

    name: ClassVar[str] = "changes"
    side_tables: ClassVar[tuple[str, ...]] = ("aggregates", "reach", "current")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        places = self._places(cursor, {str(item.aggregate_id) for item in items})
        before = dict(places)
        touched: set[str] = set()
        rows = []
        for item in items:
            row = change(item, places)
            if row is not None:
                rows.append(row)
                touched.add(row["aggregate_id"])
        if not rows:
            return
        cursor.executemany(self.sql(INSERT), rows)
        cursor.executemany(self.sql(REACH), [r for row in rows for r in reached(row)])
        keys = sorted(touched)
        cursor.executemany(
            self.sql(PLACE), [{"id": key, **vars(places[key])} for key in keys]
        )
        gone = [r for key in keys if key in before for r in before[key].reach()]
        if gone:
            cursor.executemany(self.sql(NOT_LATEST), gone)
        cursor.executemany(
            self.sql(LATEST), [r for key in keys for r in places[key].reach()]
        )

    def _places(self, cursor: Cursor, ids: set[str]) -> dict[str, Place]:
        where = self.dialect.any_of("id", "ids")
        cursor.execute(
            self.sql(
                "SELECT id, kind, jurisdiction, position FROM {aggregates}"
                f" WHERE {where}"
            ),
            {"ids": self.dialect.values(sorted(ids))},
        )
        return {
            row["id"]: Place(row["kind"], row["jurisdiction"], row["position"])
            for row in cursor.fetchall()
        }

    def since(self, scope: str, position: int, limit: int) -> list[ChangeRow]:
        """Changes after a position within a jurisdiction subtree ("" for all), in
        position order. Rows commit in position order, so a reader that pages by the
        last position it saw sees every change once."""
        if limit < 1:
            raise ValueError(f"limit must be positive, not {limit}")
        params: dict[str, Any] = {"after": position, "limit": limit}
        if indexed(scope):
            return self._merged("reach", scope, params)
        found = self.query(
            f"SELECT {', '.join(COLUMNS)} FROM {{rows}} WHERE position > :after"
            + self._in_scope(IN_SCOPE, scope, params)
            + " ORDER BY position LIMIT :limit",
            params,
        )
        return [ChangeRow.of(row) for row in found]

    def state(self, scope: str, upto: int, after: int, limit: int) -> list[ChangeRow]:
        """The latest change of each aggregate a subtree holds now, if that change
        is at or before `upto`, past `after`, in position order.

        A reader that pages with `upto` fixed at the head it started from, then
        follows `since(upto)`, sees each aggregate once at its state then, or, if it
        changed after `upto`, first in the changes: an aggregate's latest change only
        ever moves past `upto`, so no page skips or repeats one."""
        if limit < 1:
            raise ValueError(f"limit must be positive, not {limit}")
        params: dict[str, Any] = {"after": after, "limit": limit, "upto": upto}
        if indexed(scope):
            rows = self._merged("current", scope, params, " AND position <= :upto")
            return [replace(row, moved_from=None) for row in rows]
        positions = (
            "SELECT position FROM {aggregates} WHERE position > :after"
            " AND position <= :upto"
            + self._in_scope(IN_SCOPE_NOW, scope, params)
            + " ORDER BY position LIMIT :limit"
        )
        found = self.query(
            f"SELECT {', '.join(COLUMNS)} FROM {{rows}} WHERE position IN"
            f" ({positions}) ORDER BY position",
            params,
        )
        return [replace(ChangeRow.of(row), moved_from=None) for row in found]

    def _in_scope(self, template: str, scope: str, params: dict[str, Any]) -> str:
        """The condition of a subtree's rows, with its parameters put in `params`."""
        bounds = prefix_range(scope)
        if bounds is None:
            return ""
        params["low"], params["high"] = bounds
        params["shared"] = self.dialect.values(sorted(SHARED_DOWNWARDS))
        params["above"] = self.dialect.values(ancestors(scope))
        return template.format(
            shared=self.dialect.any_of("kind", "shared"),
            above=self.dialect.any_of("jurisdiction", "above"),
            left_above=self.dialect.any_of("moved_from", "above"),
        )

    def _merged(
        self, table: str, scope: str, params: dict[str, Any], bound: str = ""
    ) -> list[ChangeRow]:
        places = looked_up(scope)
        params |= {f"p{n}": place for n, place in enumerate(places)}
        positions = merged(f"{{{table}}}", len(places), bound)
        # The page's positions first, then their rows: PostgreSQL otherwise walks
        # every change in order to meet them (a semi-join of the whole feed).
        found = self.query(
            f"SELECT {', '.join('r.' + c for c in COLUMNS)} FROM (SELECT DISTINCT"
            f" position FROM ({positions}) AS u ORDER BY position LIMIT :limit) AS p"
            " JOIN {rows} r ON r.position = p.position ORDER BY r.position",
            params,
        )
        return [ChangeRow.of(row) for row in found]

    def head(self) -> int:
        """The latest position processed: a new reader's starting point."""
        return self.position()


def reached(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The feed's index rows of a change: under every place that reads it."""
    shared = row["kind"] in SHARED_DOWNWARDS
    found = reach([row["jurisdiction"], row["moved_from"]], shared)
    return [{"place": place, "position": row["position"]} for place in sorted(found)]


def change(item: Item, places: dict[str, Place]) -> dict[str, Any] | None:
    """The feed's row for an event (None if no view shows its aggregate), and
    where its aggregate is after it."""
    event, key = item.event, str(item.aggregate_id)
    kind, before = kind_of(event), places.get(key)
    if kind is None or (before is None and event.originator_version != 1):
        return None
    moved_from = "" if before is None else before.jurisdiction
    jurisdiction = jurisdiction_after(event, moved_from)
    places[key] = Place(kind, jurisdiction, item.position)
    return {
        "position": item.position,
        "aggregate_id": key,
        "kind": kind,
        "jurisdiction": jurisdiction,
        "moved_from": moved_from if before and moved_from != jurisdiction else None,
        "version": event.originator_version,
        "event": event_name(event),
        "recorded_at": instant(event),
    }


class SQLiteChanges(Changes, SQLiteView):
    pass


class PostgresChanges(Changes, PostgresView):
    pass
