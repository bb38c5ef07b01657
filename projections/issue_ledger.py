"""The problem ledger (问题台账): one row per problem, its deadlines, and its figures."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from domain.model.issue import Issue
from projections import issue_tally, names
from projections.catalog import Where
from projections.events import Item, instant
from projections.issue_fold import COLUMNS, Row, deadline, fold, state
from projections.issue_sql import (
    DEPARTMENT_ID_THEN,
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
from projections.issue_tables import (
    DEADLINE,
    KNOWN_AS,
    MATCHED,
    STATE,
    TABLES,
    UPSERT,
    known_as,
    matched,
)
from projections.places import (
    ON_PLACE,
    PLACE,
    UNPLACE,
    moved,
    narrowest,
    placed,
    unplaced,
)
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

SELECT = f"SELECT {', '.join(COLUMNS)} FROM {{rows}}"
NAMELESS: dict[str, Any] = {"department_id": None}
ISSUE = Issue.__name__ + "."
# A row as listed: with the deadline, department, status and level as of then.
LISTED = (
    f"r.*, {DUE_THEN} AS due_then, {DEPARTMENT_THEN} AS department_then,"
    f" {DEPARTMENT_ID_THEN} AS department_id_then,"
    f" {STATUS_THEN} AS status_then, {LEVEL_THEN} AS level_then,"
    f" CASE WHEN {OPEN_THEN} THEN 1 ELSE 0 END AS open_then"
)


class IssueLedger(View):
    """Problems as supervisors list, count and rank them."""

    name: ClassVar[str] = "issues"
    side_tables: ClassVar[tuple[str, ...]] = (
        *("deadlines", "names", "states", "places", "department_names"),
        *("tallies", "tallied"),
    )

    def ddl(self) -> list[str]:
        return TABLES

    def keep_names(self, cursor: Cursor, items: Sequence[Item]) -> None:
        """People's and departments' names, and every name a department is known by."""
        names.keep_names(cursor, self.sql, items)
        if known := known_as(items):
            cursor.executemany(self.sql(KNOWN_AS), known)

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        self.keep_names(cursor, items)
        problems = [i for i in items if type(i.event).__qualname__.startswith(ISSUE)]
        if not problems:
            return
        rows = self.rows_of(cursor, SELECT, problems)
        first = dict(rows)
        changed: dict[str, Row] = {}
        deadlines, states, gone = [], [], []
        new: list[dict[str, object]] = []
        for item in problems:
            key = str(item.aggregate_id)
            before = rows.get(key)
            row = fold(before, item)
            if row is None:
                continue
            if before is None or moved(before, row):
                gone += [{"position": row["position"]}] if before else []
                new = unplaced(new, row["position"]) + placed(
                    row["jurisdiction"], row["position"]
                )
            if (then := state(item, before, row)) is not None:
                row["state_set_at"] = then["set_at"]
                states.append(then)
            rows[key] = changed[key] = row
            if (set_then := deadline(item, row)) is not None:
                deadlines.append(set_then)
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))
        pairs = ((first.get(key), row) for key, row in changed.items())
        latest = max(instant(item.event) for item in problems)
        issue_tally.keep(cursor, self.sql, issue_tally.changes(pairs), latest)
        for statement, found in (
            (DEADLINE, deadlines),
            (STATE, states),
            (UNPLACE, gone),
            (PLACE, new),
            (MATCHED, matched(problems)),
        ):
            if found:
                cursor.executemany(self.sql(statement), found)

    # Reads -------------------------------------------------------------------------

    def page(self, scope: str, filters: IssueFilters, page: Page) -> list[Row]:
        """A page of problems in a subtree, in the order they were raised, with
        `open`, `overdue` and the deadline and department then in force as of
        `filters.as_of`.
        Asks for one more than `page.limit`, to tell a caller a next page exists."""
        narrow = filters.project_id or filters.enterprise_id  # indexes of their own
        place = None if narrow else narrowest(scope, filters.jurisdiction)
        if place is None:
            where, source, key = self.where(scope, filters), "{rows} r", "r.position"
        else:  # the place's rows in order, filtered as they come: no sort
            where = self.where("", replace(filters, jurisdiction=None))
            where.add("p.place = :place", place=place)
            source, key = f"{{places}} p JOIN {{rows}} r ON {ON_PLACE}", "p.position"
        if page.after is not None:
            where.add(f"{key} > :after", after=page.after)
        statement = (
            f"SELECT {LISTED} FROM {source} WHERE {where} ORDER BY {key} LIMIT :limit"
        )
        found = self.query(statement, where.params | {"limit": page.limit + 1})
        return [listed(row, filters.as_of, filters.now) for row in found]

    def summary(
        self, scope: str, group_by: str, filters: IssueFilters
    ) -> list[dict[str, Any]]:
        """Figures per group (department, category, jurisdiction or month) of the
        problems received by `filters.as_of`; see `issue_sql.FIGURES`. As of now,
        by department or month, from the tallies (`projections.issue_tally`)."""
        tallied = self.tallied(scope, filters, group_by)
        if tallied is not None:
            key = issue_tally.GROUPS[group_by]
            found = self.query(
                f"SELECT {key} AS grp, {issue_tally.FIGURES} FROM {{tallies}}"
                f" WHERE {tallied[0]} GROUP BY {key} ORDER BY {key}",
                tallied[1],
            )
        else:
            key = group_key(group_by, scope, filters.jurisdiction)
            where = self.where(scope, filters)
            found = self.query(
                f"SELECT {key} AS grp, {FIGURES} FROM {{rows}} r WHERE {where}"
                f" GROUP BY {key} ORDER BY {key}",
                where.params,
            )
        if group_by != "department":
            return [figures(row) for row in found]
        labels = self.departments([row["grp"] for row in found])
        return [figures(row) | labels.get(row["grp"], NAMELESS) for row in found]

    def tallied(
        self, scope: str, filters: IssueFilters, group_by: str | None
    ) -> tuple[str, dict[str, Any]] | None:
        """The tallies' condition and parameters for a read they answer, if they do."""
        place = narrowest(scope, filters.jurisdiction)
        if place is None:
            return None
        found = self.query("SELECT latest FROM {tallied}", {})
        latest = found[0]["latest"] if found else None
        if not issue_tally.answers(filters, group_by, latest):
            return None
        where, params = issue_tally.where(filters)
        return where, params | {"place": place}

    def ranking_figures(
        self, scope: str, filters: IssueFilters
    ) -> dict[str, dict[str, int]]:
        """What the ranking counts beside the summary, per department then."""
        tallied = self.tallied(scope, filters, None)
        if tallied is not None:
            found = self.query(
                f"SELECT department AS grp, {issue_tally.RANKING} FROM {{tallies}}"
                f" WHERE {tallied[0]} GROUP BY department",
                tallied[1],
            )
        else:
            key = group_key("department", scope, None)
            where = self.where(scope, filters)
            found = self.query(
                f"SELECT {key} AS grp, {RANKING} FROM {{rows}} r WHERE {where}"
                f" GROUP BY {key}",
                where.params,
            )
        labels = self.departments([row["grp"] for row in found])
        return {
            labels.get(row["grp"], {"group": row["grp"]})["group"]: {
                k: int(v or 0) for k, v in row.items() if k != "grp"
            }
            for row in found
        }

    def departments(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Registered departments among a summary's groups: their current name as
        the group, their id beside it (a group not among them is a name recorded
        before departments were registered, and not matched yet)."""
        known = {
            row["id"]: row["name"]
            for row in self.query(
                "SELECT id, name FROM {names} WHERE kind = 'department' AND "
                + self.dialect.any_of("id", "ids"),
                {"ids": self.dialect.values(sorted(set(keys)))},
            )
        }
        return {
            key: {"group": name, "department_id": key} for key, name in known.items()
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
