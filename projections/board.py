"""The project board: one row per key project with its stage, milestones, investment."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from domain.model.project import Project
from projections.board_fold import COLUMNS, Row, fold
from projections.catalog import Where
from projections.dates import AsOf
from projections.events import Item
from projections.issue_sql import Page
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE, version {int} NOT NULL,"
    " jurisdiction {key} NOT NULL, code {key} NOT NULL, name {text} NOT NULL,"
    " level {key} NOT NULL, sector {key} NOT NULL, location {text} NOT NULL,"
    " owner_enterprise_id {key} NOT NULL, stage {key} NOT NULL, stages {text} NOT NULL,"
    " suspended {int} NOT NULL, planned_start {key} NOT NULL,"
    " planned_finish {key} NOT NULL, signed_on {key}, groundbreaking_on {key},"
    " completion_on {key}, production_on {key}, total_investment {text} NOT NULL,"
    " plan_year {int} NOT NULL, annual_plans {text} NOT NULL,"
    " investment {text} NOT NULL, completed_investment {text} NOT NULL,"
    " stewards {text} NOT NULL, leader_id {key}, registered_at {text} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
]
UPSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM {{rows}}"
PROJECT = Project.__name__ + "."


@dataclass(frozen=True)
class ProjectFilters:
    stage: str | None = None
    level: str | None = None
    sector: str | None = None
    jurisdiction: str | None = None  # a subtree within the reader's


class ProjectBoard(View):
    """Key projects' stored facts; the warning is computed when read."""

    name: ClassVar[str] = "board"

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        projects = [i for i in items if type(i.event).__qualname__.startswith(PROJECT)]
        if not projects:
            return
        rows: dict[str, Row] = self.rows_of(cursor, SELECT, projects)
        changed: dict[str, Row] = {}
        for item in projects:
            key = str(item.aggregate_id)
            row = fold(rows.get(key), item)
            if row is not None:
                rows[key] = changed[key] = row
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))

    def page(
        self, scope: str, filters: ProjectFilters, page: Page, as_of: AsOf
    ) -> list[Row]:
        """A page of the projects of a subtree registered by as_of, in the order
        registered (one more than the limit, to tell a next page exists)."""
        where = Where(self.dialect.like, ["registered_at <= :as_of"], {})
        where.params["as_of"] = as_of.stamp
        where.scope(filters.jurisdiction or scope)
        if filters.jurisdiction and not filters.jurisdiction.startswith(scope):
            where.add("1 = 0")
        for name in ("stage", "level", "sector"):
            value = getattr(filters, name)
            if value is not None:
                where.add(f"{name} = :{name}", **{name: value})
        if page.after is not None:
            where.add("position > :after", after=page.after)
        return self.query(
            f"{SELECT} WHERE {where} ORDER BY position LIMIT :limit",
            where.params | {"limit": page.limit + 1},
        )

    def get(self, project_id: str) -> Row | None:
        found = self.query(f"{SELECT} WHERE id = :id", {"id": project_id})
        return found[0] if found else None


class SQLiteProjectBoard(ProjectBoard, SQLiteView):
    pass


class PostgresProjectBoard(ProjectBoard, PostgresView):
    pass
