"""The pool view: each key project's dated facts for the pre-landing pool and the
four batches (四个一批): its entries into and withdrawals from the pool, and the
days it was signed, broke ground and went into production, each as recorded when."""

from collections.abc import Sequence
from typing import Any, ClassVar

from domain.model.project import Project
from domain.model.project_pool import Project as Pooled
from projections.catalog import Where
from projections.dates import AsOf, recorded_at
from projections.events import Item
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, jurisdiction {key} NOT NULL, code {key} NOT NULL,"
    " name {text} NOT NULL, level {key} NOT NULL, total_investment {text} NOT NULL,"
    " registered_at {text} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction)",
    "CREATE TABLE IF NOT EXISTS {dates} ("
    " project_id {key} NOT NULL, position {int} NOT NULL, kind {key} NOT NULL,"
    " on_day {key} NOT NULL, reason {text}, recorded_at {text} NOT NULL,"
    " PRIMARY KEY (project_id, position))",
]
REGISTERED = (
    "INSERT INTO {rows} (id, jurisdiction, code, name, level, total_investment,"
    " registered_at) VALUES (:id, :jurisdiction, :code, :name, :level, :total,"
    " :registered_at)"
)
MOVED = "UPDATE {rows} SET jurisdiction = :jurisdiction WHERE id = :id"
DATED = (
    "INSERT INTO {dates} (project_id, position, kind, on_day, reason, recorded_at)"
    " VALUES (:id, :position, :kind, :on, :reason, :recorded_at)"
)
SELECT = (
    "SELECT r.id, r.jurisdiction, r.code, r.name, r.level, r.total_investment,"
    " d.kind, d.on_day, d.reason FROM {rows} r JOIN {dates} d ON d.project_id = r.id"
)
# The kind of fact each node's actual date is (the other nodes are not batches').
NODE_KINDS = {
    "signed": "signed",
    "groundbreaking": "started",
    "production": "producing",
}


def changes(item: Item) -> list[tuple[str, dict[str, Any]]]:
    """The statements an event asks for, with their parameters."""
    event, key = item.event, {"id": str(item.aggregate_id)}
    recorded = recorded_at(event)
    dated = key | {"position": item.position, "recorded_at": recorded, "reason": None}
    if isinstance(event, Project.Registered):
        return [
            (
                REGISTERED,
                key
                | {"jurisdiction": event.jurisdiction, "code": event.code}
                | {"name": event.name, "level": event.level.value}
                | {"total": str(event.total_investment)}
                | {"registered_at": recorded},
            )
        ]
    if isinstance(event, Project.Moved):
        return [(MOVED, key | {"jurisdiction": event.jurisdiction})]
    if isinstance(event, Pooled.EnteredPool):
        return [(DATED, dated | {"kind": "pooled", "on": event.on.isoformat()})]
    if isinstance(event, Pooled.LeftPool):
        on = {"on": event.on.isoformat(), "reason": event.reason}
        return [(DATED, dated | {"kind": "withdrawn"} | on)]
    if isinstance(event, Project.MilestoneRecorded):
        kind = NODE_KINDS.get(event.milestone.value)
        if kind is not None:
            return [(DATED, dated | {"kind": kind, "on": event.on.isoformat()})]
    return []


class Pool(View):
    """Projects' dated facts for the pool and the four batches."""

    name: ClassVar[str] = "pool"
    side_tables: ClassVar[tuple[str, ...]] = ("dates",)

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        for item in items:
            for statement, params in changes(item):
                cursor.execute(self.sql(statement), params)

    def facts(self, scope: str, as_of: AsOf) -> list[dict[str, Any]]:
        """The dated facts of the subtree's projects recorded by as_of, in the
        order recorded, each with its project's code, name, place and level."""
        where = Where(self.dialect.like, ["r.registered_at <= :as_of"], {})
        where.add("d.recorded_at <= :as_of", as_of=as_of.stamp)
        where.scope(scope)
        return self.query(f"{SELECT} WHERE {where} ORDER BY d.position", where.params)


class SQLitePool(Pool, SQLiteView):
    pass


class PostgresPool(Pool, PostgresView):
    pass
