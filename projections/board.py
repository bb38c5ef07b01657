"""The project board: one row per key project with its stage, milestones, investment."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from domain.model.project import Project
from projections import board_index as index
from projections.board_fold import COLUMNS, Row, fold
from projections.catalog import Where
from projections.dates import AsOf
from projections.events import Item
from projections.issue_sql import Page
from projections.places import ON_PLACE, narrowest
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
    *index.TABLES,
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
    side_tables: ClassVar[tuple[str, ...]] = ("places", "shares")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        projects = [i for i in items if type(i.event).__qualname__.startswith(PROJECT)]
        if not projects:
            return
        rows: dict[str, Row] = self.rows_of(cursor, SELECT, projects)
        before = dict(rows)
        changed: dict[str, Row] = {}
        for item in projects:
            key = str(item.aggregate_id)
            row = fold(rows.get(key), item)
            if row is not None:
                rows[key] = changed[key] = row
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))
        stale = [r for k, r in changed.items() if index.stale(before.get(k), r)]
        if stale:
            self.index(cursor, stale)

    def index(self, cursor: Cursor, rows: list[Row]) -> None:
        """The index rows of projects registered, moved or re-planned, written anew."""
        gone = [{"position": row["position"]} for row in rows]
        for statement in (index.UNPLACE, index.UNSHARE):
            cursor.executemany(self.sql(statement), gone)
        for statement, rows_of in (
            (index.PLACE, index.place_rows),
            (index.SHARE, index.share_rows),
        ):
            found = [found for row in rows for found in rows_of(row)]
            if found:
                cursor.executemany(self.sql(statement), found)

    def page(
        self, scope: str, filters: ProjectFilters, page: Page, as_of: AsOf
    ) -> list[Row]:
        """A page of the projects of a subtree registered by as_of, in the order
        registered (one more than the limit, to tell a next page exists)."""
        where = Where(self.dialect.like, ["r.registered_at <= :as_of"], {})
        where.params["as_of"] = as_of.stamp
        if filters.jurisdiction and not filters.jurisdiction.startswith(scope):
            where.add("1 = 0")
        for name in ("stage", "level", "sector"):
            value = getattr(filters, name)
            if value is not None:
                where.add(f"r.{name} = :{name}", **{name: value})
        place = narrowest(scope, filters.jurisdiction)
        if place is None:
            where.scope(filters.jurisdiction or scope)
            source, key = "{rows} r", "r.position"
        else:  # the place's projects in order, filtered as they come: no sort
            where.add("p.place = :place", place=place)
            source, key = f"{{places}} p JOIN {{rows}} r ON {ON_PLACE}", "p.position"
        if page.after is not None:
            where.add(f"{key} > :after", after=page.after)
        return self.query(
            f"SELECT r.* FROM {source} WHERE {where} ORDER BY {key} LIMIT :limit",
            where.params | {"limit": page.limit + 1},
        )

    def best(
        self, place: str, month: str, after: tuple[int, int] | None, limit: int
    ) -> list[Row]:
        """Up to `limit` projects of a place with a plan for the month's year, by that
        year's completed share as of the month, best first (then in the order
        registered), past (share, position) of the previous window; each carries its
        share in ten-thousandths as `best`."""
        where = Where(self.dialect.like, ["s.place = :place", "s.month = :month"], {})
        where.params |= {"place": place, "month": month}
        if after is not None:
            where.add(
                "(s.share < :share OR (s.share = :share AND s.position > :after))",
                share=after[0],
                after=after[1],
            )
        return self.query(
            f"SELECT r.*, s.share AS best FROM (SELECT share, position FROM {{shares}} s"
            f" WHERE {where} ORDER BY s.share DESC, s.position LIMIT :limit) s"
            " JOIN {rows} r ON r.position = s.position ORDER BY s.share DESC, s.position",
            where.params | {"limit": limit},
        )

    def get(self, project_id: str) -> Row | None:
        found = self.query(f"{SELECT} WHERE id = :id", {"id": project_id})
        return found[0] if found else None


class SQLiteProjectBoard(ProjectBoard, SQLiteView):
    pass


class PostgresProjectBoard(ProjectBoard, PostgresView):
    pass
