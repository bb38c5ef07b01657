"""How projects progress against plan: each project's planned, original and actual
date per node (节点计划), its entry into the statistics (入库纳统) and its monthly
assessments (三色预警) as recorded; lateness is worked out when read."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from domain.model.project import Project
from domain.model.project_nodes import NODES
from domain.model.project_nodes import Project as Planned
from projections.dates import AsOf, recorded_at
from projections.events import Item
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " project_id {key} NOT NULL, node {key} NOT NULL, planned_on {key},"
    " original_on {key}, revisions {int} NOT NULL, actual_on {key},"
    " PRIMARY KEY (project_id, node))",
    "CREATE TABLE IF NOT EXISTS {entries} ("
    " project_id {key} PRIMARY KEY, entered_on {key} NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {assessed} ("
    " project_id {key} NOT NULL, month {key} NOT NULL, colour {key},"
    " reasons {text} NOT NULL, recorded_at {text} NOT NULL,"
    " PRIMARY KEY (project_id, month))",
]
ENTERED = (
    "INSERT INTO {entries} (project_id, entered_on) VALUES (:project_id, :on)"
    " ON CONFLICT (project_id) DO UPDATE SET entered_on = excluded.entered_on"
)
ASSESSED = (
    "INSERT INTO {assessed} (project_id, month, colour, reasons, recorded_at)"
    " VALUES (:project_id, :month, :colour, :reasons, :recorded_at)"
)
LAST_ASSESSED = (
    "SELECT a.project_id, a.month, a.colour, a.reasons, a.recorded_at"
    " FROM {assessed} a WHERE %s AND a.month = (SELECT MAX(b.month) FROM {assessed} b"
    " WHERE b.project_id = a.project_id AND b.recorded_at <= :as_of)"
)
# A node's row is made by whichever comes first: its plan or its actual date.
PLANNED = (
    "INSERT INTO {rows} AS n (project_id, node, planned_on, original_on, revisions)"
    " VALUES (:project_id, :node, :on, :original, :revised)"
    " ON CONFLICT (project_id, node) DO UPDATE SET planned_on = excluded.planned_on,"
    " original_on = COALESCE(n.original_on, excluded.original_on),"
    " revisions = n.revisions + excluded.revisions"
)
REACHED = (
    "INSERT INTO {rows} (project_id, node, revisions, actual_on)"
    " VALUES (:project_id, :node, 0, :on)"
    " ON CONFLICT (project_id, node) DO UPDATE SET actual_on = excluded.actual_on"
)
SELECT = (
    "SELECT project_id, node, planned_on, original_on, revisions, actual_on FROM {rows}"
)


@dataclass(frozen=True)
class NodeState:
    """A node of a project as of a day: planned (now and first), reached, late."""

    node: str
    planned_on: str | None
    original_on: str | None
    revisions: int
    actual_on: str | None  # reached by then, else None
    days_late: int | None  # past the plan: reached late, or not reached and overdue

    @classmethod
    def of(cls, row: dict[str, Any], as_of: AsOf) -> "NodeState":
        actual = row["actual_on"]
        if actual is not None and actual > as_of.today.isoformat():
            actual = None  # reached after the day asked (a date recorded ahead)
        planned = row["planned_on"]
        late = None
        if planned is not None:
            then = date.fromisoformat(actual) if actual else as_of.today
            late = max(0, (then - date.fromisoformat(planned)).days)
        return cls(
            row["node"], planned, row["original_on"], row["revisions"], actual, late
        )

    @property
    def late(self) -> bool:
        return bool(self.days_late)


def changes(item: Item) -> list[tuple[str, dict[str, Any]]]:
    """The statements an event asks for, with their parameters."""
    event, project_id = item.event, str(item.aggregate_id)
    if isinstance(event, Planned.NodesPlanned | Planned.NodePlanRevised):
        first = isinstance(event, Planned.NodesPlanned)
        return [
            (
                PLANNED,
                {"project_id": project_id, "node": node, "on": on.isoformat()}
                | {"original": on.isoformat() if first else None}
                | {"revised": 0 if first else 1},
            )
            for node, on in event.nodes.items()
        ]
    if isinstance(event, Project.MilestoneRecorded):
        on = {"project_id": project_id, "node": event.milestone.value}
        return [(REACHED, on | {"on": event.on.isoformat()})]
    if isinstance(event, Planned.EnteredStatistics):
        return [(ENTERED, {"project_id": project_id, "on": event.on.isoformat()})]
    if isinstance(event, Planned.Assessed):
        reasons = json.dumps(event.reasons, ensure_ascii=False, sort_keys=True)
        return [
            (
                ASSESSED,
                {"project_id": project_id, "month": event.month}
                | {"colour": event.colour, "reasons": reasons}
                | {"recorded_at": recorded_at(event)},
            )
        ]
    return []


class Progress(View):
    """Projects' nodes, planned and reached."""

    name: ClassVar[str] = "progress"
    side_tables: ClassVar[tuple[str, ...]] = ("entries", "assessed")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        for item in items:
            for statement, params in changes(item):
                cursor.execute(self.sql(statement), params)

    def of(self, project_ids: Sequence[str], as_of: AsOf) -> dict[str, list[NodeState]]:
        """Each project's nodes as of a day, in the order a project passes them."""
        if not project_ids:
            return {}
        where = self.dialect.any_of("project_id", "ids")
        rows = self.query(
            f"{SELECT} WHERE {where}", {"ids": self.dialect.values(sorted(project_ids))}
        )
        found: dict[str, list[NodeState]] = {}
        for row in sorted(rows, key=lambda r: NODES.index(r["node"])):
            found.setdefault(row["project_id"], []).append(NodeState.of(row, as_of))
        return found

    def entered(self, project_ids: Sequence[str], as_of: AsOf) -> dict[str, str]:
        """The day each project entered the statistics, if on or before as_of's."""
        if not project_ids:
            return {}
        rows = self.query(
            "SELECT project_id, entered_on FROM {entries} WHERE "
            + self.dialect.any_of("project_id", "ids"),
            {"ids": self.dialect.values(sorted(project_ids))},
        )
        today = as_of.today.isoformat()
        return {
            r["project_id"]: r["entered_on"] for r in rows if r["entered_on"] <= today
        }

    def last_assessed(
        self, project_ids: Sequence[str], as_of: AsOf
    ) -> dict[str, dict[str, Any]]:
        """Each project's last assessment recorded by as_of: month, colour, reasons."""
        if not project_ids:
            return {}
        rows = self.query(
            LAST_ASSESSED % self.dialect.any_of("a.project_id", "ids"),
            {"ids": self.dialect.values(sorted(project_ids)), "as_of": as_of.stamp},
        )
        return {
            r["project_id"]: r | {"reasons": json.loads(r["reasons"])} for r in rows
        }

    def assessed_in(self, project_ids: Sequence[str], month: str) -> dict[str, Any]:
        """The projects' assessments of a month, as recorded."""
        if not project_ids:
            return {}
        rows = self.query(
            "SELECT project_id, month, colour, reasons, recorded_at FROM {assessed}"
            " WHERE month = :month AND " + self.dialect.any_of("project_id", "ids"),
            {"ids": self.dialect.values(sorted(project_ids)), "month": month},
        )
        return {
            r["project_id"]: r | {"reasons": json.loads(r["reasons"])} for r in rows
        }


class SQLiteProgress(Progress, SQLiteView):
    pass


class PostgresProgress(Progress, PostgresView):
    pass
