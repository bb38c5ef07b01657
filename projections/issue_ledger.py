"""The problem ledger (问题台账): one row per problem, its deadlines, and its figures."""

from collections.abc import Sequence
from typing import Any, ClassVar

from domain.model.issue import Issue
from projections import names
from projections.catalog import Where
from projections.events import Item
from projections.issue_fold import COLUMNS, Row, deadline, fold, state
from projections.issue_sql import (
    DEPARTMENT_THEN,
    DUE_THEN,
    FIGURES,
    LEVEL_THEN,
    OPEN_THEN,
    RANKING,
    STATUS_THEN,
    IssueFilters,
    Page,
    figures,
    group_key,
    listed,
)
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE, version {int} NOT NULL,"
    " jurisdiction {key} NOT NULL, project_id {key}, enterprise_id {key},"
    " visit_id {key}, category {key} NOT NULL, source {key} NOT NULL,"
    " severity {key} NOT NULL, description {text} NOT NULL, department {key},"
    " status {key} NOT NULL, raised_at {text} NOT NULL, raised_on {key} NOT NULL,"
    " raised_month {key} NOT NULL, assigned_at {text}, due_on {key},"
    " due_set_at {text}, proposed_at {text}, closed_at {text}, closed_on {key},"
    " withdrawn_at {text}, escalation_level {int} NOT NULL,"
    " send_backs {int} NOT NULL, transfers {int} NOT NULL, satisfaction {key},"
    " rated_at {text}, flagged_due_on {key}, flagged_at {text},"
    " seconds_to_close {int}, respond_by {key}, responded_at {text},"
    " responded_on {key}, escalated_at {text}, state_set_at {text},"
    " ticket_number {key}, grid_unit {text}, subject_kind {key}, subject_name {text},"
    " callback_flag {key}, callback_flagged_at {text}, reopens {int} NOT NULL,"
    " reopened_at {text})",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_project ON {rows} (project_id)"
    " WHERE project_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_due ON {rows} (status, due_on)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_ticket ON {rows} (ticket_number)"
    " WHERE ticket_number IS NOT NULL",
    # Every deadline a problem was given, with the department it was given to, so
    # `as_of` finds the ones then in force.
    "CREATE TABLE IF NOT EXISTS {deadlines} (issue_id {key} NOT NULL,"
    " version {int} NOT NULL, set_at {text} NOT NULL, due_on {key} NOT NULL,"
    " department {key} NOT NULL, PRIMARY KEY (issue_id, version))",
    # Every status and escalation level a problem was in, from when: `as_of` finds
    # the one then.
    "CREATE TABLE IF NOT EXISTS {states} (issue_id {key} NOT NULL,"
    " version {int} NOT NULL, set_at {text} NOT NULL, status {key} NOT NULL,"
    " escalation_level {int} NOT NULL, PRIMARY KEY (issue_id, version))",
    names.TABLE,
]
UPSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
STATE = (
    "INSERT INTO {states} (issue_id, version, set_at, status, escalation_level)"
    " VALUES (:issue_id, :version, :set_at, :status, :escalation_level)"
)
DEADLINE = (
    "INSERT INTO {deadlines} (issue_id, version, set_at, due_on, department)"
    " VALUES (:issue_id, :version, :set_at, :due_on, :department)"
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM {{rows}}"
ISSUE = Issue.__name__ + "."


class IssueLedger(View):
    """Problems as supervisors list, count and rank them."""

    name: ClassVar[str] = "issues"
    side_tables: ClassVar[tuple[str, ...]] = ("deadlines", "names", "states")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        names.keep_names(cursor, self.sql, items)
        problems = [i for i in items if type(i.event).__qualname__.startswith(ISSUE)]
        if not problems:
            return
        rows = self.rows_of(cursor, SELECT, problems)
        changed: dict[str, Row] = {}
        deadlines, states = [], []
        for item in problems:
            key = str(item.aggregate_id)
            before = rows.get(key)
            row = fold(before, item)
            if row is None:
                continue
            if (then := state(item, before, row)) is not None:
                row["state_set_at"] = then["set_at"]
                states.append(then)
            rows[key] = changed[key] = row
            if (set_then := deadline(item, row)) is not None:
                deadlines.append(set_then)
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))
        for statement, found in ((DEADLINE, deadlines), (STATE, states)):
            if found:
                cursor.executemany(self.sql(statement), found)

    # Reads -------------------------------------------------------------------------

    def page(self, scope: str, filters: IssueFilters, page: Page) -> list[Row]:
        """A page of problems in a subtree, in the order they were raised, with
        `open`, `overdue` and the deadline and department then in force as of
        `filters.as_of`.
        Asks for one more than `page.limit`, to tell a caller a next page exists."""
        where = self.where(scope, filters)
        if page.after is not None:
            where.add("r.position > :after", after=page.after)
        statement = (
            f"SELECT r.*, {DUE_THEN} AS due_then, {DEPARTMENT_THEN} AS department_then,"
            f" {STATUS_THEN} AS status_then, {LEVEL_THEN} AS level_then,"
            f" CASE WHEN {OPEN_THEN} THEN 1 ELSE 0 END AS open_then"
            f" FROM {{rows}} r WHERE {where} ORDER BY r.position LIMIT :limit"
        )
        found = self.query(statement, where.params | {"limit": page.limit + 1})
        return [listed(row, filters.as_of, filters.now) for row in found]

    def summary(
        self, scope: str, group_by: str, filters: IssueFilters
    ) -> list[dict[str, Any]]:
        """Figures per group (department, category, jurisdiction or month) of the
        problems received by `filters.as_of`; see `issue_sql.FIGURES`."""
        key = group_key(group_by, scope, filters.jurisdiction)
        where = self.where(scope, filters)
        found = self.query(
            f"SELECT {key} AS grp, {FIGURES} FROM {{rows}} r WHERE {where}"
            f" GROUP BY {key} ORDER BY {key}",
            where.params,
        )
        return [figures(row) for row in found]

    def ranking_figures(
        self, scope: str, filters: IssueFilters
    ) -> dict[str, dict[str, int]]:
        """What the ranking counts beside the summary, per department then."""
        key = group_key("department", scope, None)
        where = self.where(scope, filters)
        found = self.query(
            f"SELECT {key} AS grp, {RANKING} FROM {{rows}} r WHERE {where}"
            f" GROUP BY {key}",
            where.params,
        )
        return {
            row["grp"]: {k: int(v or 0) for k, v in row.items() if k != "grp"}
            for row in found
        }

    def per_project(
        self, project_ids: Sequence[str], filters: IssueFilters
    ) -> dict[str, dict[str, Any]]:
        """The same figures for each of the projects named."""
        where = self.where("", filters)
        where.add(self.dialect.any_of("r.project_id", "projects"))
        where.params["projects"] = self.dialect.values(sorted(project_ids))
        found = self.query(
            f"SELECT r.project_id AS grp, {FIGURES} FROM {{rows}} r WHERE {where}"
            " GROUP BY r.project_id",
            where.params,
        )
        return {row["grp"]: figures(row) for row in found}

    def to_flag(self, scope: str, today: str, limit: int) -> list[Row]:
        """Open problems whose deadline passed before `today` and is not flagged."""
        where = Where(self.dialect.like, [], {})
        where.scope(scope)
        where.add(
            "r.status IN ('assigned', 'accepted', 'resolution_proposed')"
            " AND r.due_on < :today"
            " AND (r.flagged_due_on IS NULL OR r.flagged_due_on <> r.due_on)",
            today=today,
        )
        return self.query(
            f"SELECT r.id, r.due_on FROM {{rows}} r WHERE {where}"
            " ORDER BY r.position LIMIT :limit",
            where.params | {"limit": limit},
        )

    def to_escalate(self, scope: str, cutoff: str, after: int, limit: int) -> list[Row]:
        """Open problems past the position `after` whose deadline is before
        `cutoff`, and not escalated since it was set (the aggregate decides)."""
        where = Where(self.dialect.like, [], {})
        where.scope(scope)
        where.add(
            "r.status IN ('raised', 'assigned', 'accepted', 'resolution_proposed')"
            " AND r.due_on < :cutoff AND r.position > :after",
            cutoff=cutoff,
            after=after,
        )
        return self.query(
            f"SELECT r.id, r.position FROM {{rows}} r WHERE {where}"
            " ORDER BY r.position LIMIT :limit",
            where.params | {"limit": limit},
        )

    def where(self, scope: str, filters: IssueFilters) -> Where:
        where = Where(self.dialect.like, ["r.raised_at <= :as_of"], {})
        where.params |= filters.params()
        where.scope(scope)
        for term in filters.terms():
            where.terms.append(term)
        return where

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        """Names of projects and enterprises by id."""
        return names.names_by_id(self, ids)


class SQLiteIssueLedger(IssueLedger, SQLiteView):
    pass


class PostgresIssueLedger(IssueLedger, PostgresView):
    pass
