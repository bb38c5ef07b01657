"""The visit ledger (走访台账): one row per visit, who went, and who was not visited."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from domain.model.visit import Visit
from projections import names
from projections.catalog import Where
from projections.dates import AsOf
from projections.events import Item
from projections.issue_sql import Page, count
from projections.places import (
    ON_PLACE,
    PLACE,
    PLACES,
    UNPLACE,
    moved,
    narrowest,
    placed,
    unplaced,
)
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View
from projections.visit_fold import COLUMNS, Row, fold, planned

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE, version {int} NOT NULL,"
    " jurisdiction {key} NOT NULL, kind {key} NOT NULL, status {key} NOT NULL,"
    " project_id {key}, enterprise_id {key}, officer_ids {text} NOT NULL,"
    " lead_officer_id {key} NOT NULL, planned_for {key} NOT NULL,"
    " planned_at {text} NOT NULL, month {key} NOT NULL, started_at {text},"
    " started_on {key}, finished_at {text}, cancelled_at {text},"
    " items {int} NOT NULL, answers {text} NOT NULL, passed {int} NOT NULL,"
    " failed {int} NOT NULL, not_applicable {int} NOT NULL,"
    " problems {int} NOT NULL, notes {int} NOT NULL, evidence {int} NOT NULL,"
    " representative {text})",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_project ON {rows} (project_id, started_at)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_enterprise"
    " ON {rows} (enterprise_id, started_at)",
    "CREATE TABLE IF NOT EXISTS {officers} (visit_id {key} NOT NULL,"
    " officer_id {key} NOT NULL, PRIMARY KEY (visit_id, officer_id))",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_officer ON {officers} (officer_id)",
    names.TABLE,
    names.BY_PLACE,
    PLACES,
]
UPSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
OFFICER = (
    "INSERT INTO {officers} (visit_id, officer_id) VALUES (:visit_id, :officer_id)"
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM {{rows}}"
VISIT = Visit.__name__ + "."
STARTED_THEN = "r.started_at <= :as_of"
FIGURES = ", ".join(
    (
        count("r.planned_at <= :as_of", "planned"),
        count(STARTED_THEN, "on_site"),
        count("r.finished_at <= :as_of", "finished"),
        count("r.cancelled_at <= :as_of", "cancelled"),
        "SUM(r.problems) AS problems",
        "SUM(r.failed) AS items_failed",
        "SUM(r.evidence) AS evidence",
    )
)
# A visit's month as of then: of its check-in if it had checked in by then, else
# the month it was planned for (a later check-in moves no visit out of a past month).
MONTH = (
    "(CASE WHEN r.started_at <= :as_of THEN substr(r.started_on, 1, 7)"
    " ELSE r.month END)"
)
GROUPS = {
    "officer": "o.officer_id",
    "enterprise": "r.enterprise_id",
    "project": "r.project_id",
    "month": MONTH,
}
VISITED = (
    "NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.{kind}_id = n.id"
    " AND r.started_at >= :month_start AND r.started_at <= :as_of)"
)


@dataclass(frozen=True)
class VisitFilters:
    as_of: AsOf
    officer_id: str | None = None
    project_id: str | None = None
    enterprise_id: str | None = None
    kind: str | None = None
    status: str | None = None
    month_from: str | None = None  # YYYY-MM: of the check-in, or the plan
    month_to: str | None = None

    def narrow(self) -> bool:
        """Filters that an index of their own serves better than the place's."""
        return any((self.officer_id, self.project_id, self.enterprise_id))

    def apply_to(self, where: Where) -> None:
        where.params |= {"as_of": self.as_of.stamp}
        for name in ("project_id", "enterprise_id", "kind", "status"):
            value = getattr(self, name)
            if value is not None:
                where.add(f"r.{name} = :{name}", **{name: value})
        if self.officer_id is not None:
            where.add(
                "EXISTS (SELECT 1 FROM {officers} f WHERE f.visit_id = r.id"
                " AND f.officer_id = :officer_id)",
                officer_id=self.officer_id,
            )
        if self.month_from is not None:
            where.add(f"{MONTH} >= :month_from", month_from=self.month_from)
        if self.month_to is not None:
            where.add(f"{MONTH} <= :month_to", month_to=self.month_to)


class VisitLedger(View):
    """Visits as supervisors list and count them."""

    name: ClassVar[str] = "visits"
    side_tables: ClassVar[tuple[str, ...]] = ("officers", "names", "places")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        names.keep_names(cursor, self.sql, items)
        visits = [i for i in items if type(i.event).__qualname__.startswith(VISIT)]
        if not visits:
            return
        rows = self.rows_of(cursor, SELECT, visits)
        owners = self._owners(cursor, visits)
        changed: dict[str, Row] = {}
        officers, new, gone = [], [], []
        for item in visits:
            key = str(item.aggregate_id)
            if isinstance(item.event, Visit.Planned):
                row: Row | None = planned(item, owners.get(str(item.event.project_id)))
                new += placed(item.event.jurisdiction, item.position)
                officers += [
                    {"visit_id": key, "officer_id": str(officer)}
                    for officer in item.event.officer_ids
                ]
            else:
                row = fold(rows.get(key), item)
                if row is not None and moved(rows.get(key), row):
                    gone.append({"position": row["position"]})
                    new = unplaced(new, row["position"])
                    new += placed(row["jurisdiction"], row["position"])
            if row is not None:
                rows[key] = changed[key] = row
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))
        for statement, found in ((OFFICER, officers), (UNPLACE, gone), (PLACE, new)):
            if found:
                cursor.executemany(self.sql(statement), found)

    def _owners(self, cursor: Cursor, items: Sequence[Item]) -> dict[str, str]:
        """The owner enterprise of each project the newly planned visits go to."""
        projects = {
            str(item.event.project_id)
            for item in items
            if isinstance(item.event, Visit.Planned) and item.event.project_id
        }
        if not projects:
            return {}
        where = self.dialect.any_of("id", "ids")
        cursor.execute(
            self.sql(f"SELECT id, owner_id FROM {{names}} WHERE {where}"),
            {"ids": self.dialect.values(sorted(projects))},
        )
        return {row["id"]: row["owner_id"] for row in cursor.fetchall()}

    # Reads -------------------------------------------------------------------------

    def page(self, scope: str, filters: VisitFilters, page: Page) -> list[Row]:
        """A page of visits planned by as_of in a subtree, in the order planned
        (one more than the limit, to tell a next page exists)."""
        place = None if filters.narrow() else narrowest(scope, None)
        if place is None:
            where, source, key = self.where(scope, filters), "{rows} r", "r.position"
        else:  # the place's visits in order, filtered as they come: no sort
            where = self.where("", filters)
            where.add("p.place = :place", place=place)
            source, key = f"{{places}} p JOIN {{rows}} r ON {ON_PLACE}", "p.position"
        if page.after is not None:
            where.add(f"{key} > :after", after=page.after)
        return self.query(
            f"SELECT r.* FROM {source} WHERE {where} ORDER BY {key} LIMIT :limit",
            where.params | {"limit": page.limit + 1},
        )

    def summary(
        self, scope: str, group_by: str, filters: VisitFilters
    ) -> list[dict[str, Any]]:
        """Visits planned, on site, finished and cancelled by as_of per officer,
        enterprise, project or month, with problems raised, failed items, photos."""
        if group_by not in GROUPS:
            raise ValueError(f"no summary of visits by {group_by!r}")
        key = GROUPS[group_by]
        where = self.where(scope, filters)
        join = (
            " JOIN {officers} o ON o.visit_id = r.id" if group_by == "officer" else ""
        )
        if group_by == "project":
            where.add("r.project_id IS NOT NULL")
        found = self.query(
            f"SELECT {key} AS grp, {FIGURES} FROM {{rows}} r{join} WHERE {where}"
            f" GROUP BY {key} ORDER BY {key}",
            where.params,
        )
        return [
            {"group": row.pop("grp"), **{k: int(v or 0) for k, v in row.items()}}
            for row in found
        ]

    def unvisited(
        self, scope: str, kind: str, as_of: AsOf, page: Page
    ) -> list[dict[str, Any]]:
        """Projects or enterprises of a subtree registered by as_of with no visit
        checked in during as_of's month (one more than the limit)."""
        if kind not in ("project", "enterprise"):
            raise ValueError(f"no list of unvisited {kind!r}")
        where = Where(self.dialect.like, ["n.kind = :kind"], {"kind": kind})
        where.scope(scope)
        where.add("n.registered_at <= :as_of", as_of=as_of.stamp)
        where.add(VISITED.format(rows="{rows}", kind=kind))
        where.params["month_start"] = as_of.month_start
        if page.after is not None:
            where.add("n.position > :after", after=page.after)
        return self.query(
            "SELECT n.id, n.kind, n.name, n.jurisdiction, n.owner_id, n.position"
            f" FROM {{names}} n WHERE {where} ORDER BY n.position LIMIT :limit",
            where.params | {"limit": page.limit + 1},
        )

    def last_visits(self, project_ids: Sequence[str], as_of: AsOf) -> dict[str, str]:
        """When each project was last checked in at, by as_of."""
        where = self.dialect.any_of("r.project_id", "ids")
        found = self.query(
            f"SELECT r.project_id, MAX(r.started_at) AS last FROM {{rows}} r"
            f" WHERE {where} AND {STARTED_THEN} GROUP BY r.project_id",
            {"ids": self.dialect.values(sorted(project_ids)), "as_of": as_of.stamp},
        )
        return {row["project_id"]: row["last"] for row in found}

    def where(self, scope: str, filters: VisitFilters) -> Where:
        where = Where(self.dialect.like, ["r.planned_at <= :as_of"], {})
        where.scope(scope)
        filters.apply_to(where)
        return where

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        """Names of officers, projects and enterprises by id."""
        return names.names_by_id(self, ids)


class SQLiteVisitLedger(VisitLedger, SQLiteView):
    pass


class PostgresVisitLedger(VisitLedger, PostgresView):
    pass
