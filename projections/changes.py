"""The sync feed: every change, by log position, readable per jurisdiction subtree."""

from collections.abc import Sequence
from dataclasses import dataclass
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
    # Where each aggregate is now: events after the first do not say.
    "CREATE TABLE IF NOT EXISTS {aggregates} ("
    " id {key} PRIMARY KEY, kind {key} NOT NULL, jurisdiction {key} NOT NULL)",
]
INSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
)
PLACE = (
    "INSERT INTO {aggregates} (id, kind, jurisdiction) VALUES (:id, :kind, :jurisdiction)"
    " ON CONFLICT (id) DO UPDATE SET jurisdiction = excluded.jurisdiction"
)
IN_SCOPE = (
    " AND (jurisdiction >= :low AND jurisdiction < :high"
    " OR moved_from >= :low AND moved_from < :high"
    # reference data of the jurisdictions above, and its moves away from them
    " OR {shared} AND ({above} OR {left_above}))"
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


class Changes(View):
    """One row per domain event (receipts and claims left out), by notification id."""

    name: ClassVar[str] = "changes"
    side_tables: ClassVar[tuple[str, ...]] = ("aggregates",)

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        places = self._places(cursor, {str(item.aggregate_id) for item in items})
        touched: set[str] = set()
        rows = []
        for item in items:
            row = change(item, places)
            if row is not None:
                rows.append(row)
                touched.add(row["aggregate_id"])
        if rows:
            cursor.executemany(self.sql(INSERT), rows)
            cursor.executemany(
                self.sql(PLACE),
                [{"id": key, **vars(places[key])} for key in sorted(touched)],
            )

    def _places(self, cursor: Cursor, ids: set[str]) -> dict[str, Place]:
        where = self.dialect.any_of("id", "ids")
        cursor.execute(
            self.sql(
                f"SELECT id, kind, jurisdiction FROM {{aggregates}} WHERE {where}"
            ),
            {"ids": self.dialect.values(sorted(ids))},
        )
        return {
            row["id"]: Place(row["kind"], row["jurisdiction"])
            for row in cursor.fetchall()
        }

    def since(self, scope: str, position: int, limit: int) -> list[ChangeRow]:
        """Changes after a position within a jurisdiction subtree ("" for all), in
        position order. Rows commit in position order, so a reader that pages by the
        last position it saw sees every change once."""
        if limit < 1:
            raise ValueError(f"limit must be positive, not {limit}")
        params: dict[str, Any] = {"after": position, "limit": limit}
        bounds = prefix_range(scope)
        in_scope = ""
        if bounds is not None:
            params["low"], params["high"] = bounds
            params["shared"] = self.dialect.values(sorted(SHARED_DOWNWARDS))
            params["above"] = self.dialect.values(ancestors(scope))
            in_scope = IN_SCOPE.format(
                shared=self.dialect.any_of("kind", "shared"),
                above=self.dialect.any_of("jurisdiction", "above"),
                left_above=self.dialect.any_of("moved_from", "above"),
            )
        found = self.query(
            f"SELECT {', '.join(COLUMNS)} FROM {{rows}} WHERE position > :after"
            + in_scope
            + " ORDER BY position LIMIT :limit",
            params,
        )
        return [ChangeRow.of(row) for row in found]

    def head(self) -> int:
        """The latest position processed: a new reader's starting point."""
        return self.position()


def change(item: Item, places: dict[str, Place]) -> dict[str, Any] | None:
    """The feed's row for an event (None if no view shows its aggregate), and
    where its aggregate is after it."""
    event, key = item.event, str(item.aggregate_id)
    kind, before = kind_of(event), places.get(key)
    if kind is None or (before is None and event.originator_version != 1):
        return None
    moved_from = "" if before is None else before.jurisdiction
    jurisdiction = jurisdiction_after(event, moved_from)
    places[key] = Place(kind, jurisdiction)
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
