"""The node view: each project's planned, original and actual date per node (节点计划),
from its node plan, its revisions and its milestones; lateness is worked out when read."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from domain.model.project import Project
from domain.model.project_nodes import NODES
from domain.model.project_nodes import Project as Planned
from projections.dates import AsOf
from projections.events import Item
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " project_id {key} NOT NULL, node {key} NOT NULL, planned_on {key},"
    " original_on {key}, revisions {int} NOT NULL, actual_on {key},"
    " PRIMARY KEY (project_id, node))",
]
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
    return []


class NodeView(View):
    """Projects' nodes, planned and reached."""

    name: ClassVar[str] = "nodes"

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


class SQLiteNodeView(NodeView, SQLiteView):
    pass


class PostgresNodeView(NodeView, PostgresView):
    pass
