"""The approvals ledger (审批台账): one row per permit of every package, one per
matter an agent handles; figures that depend on the day are worked out as of it."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from domain.model.approval import ApprovalPackage as P
from domain.model.project import Project
from projections import approval_fold as fold
from projections import names
from projections.approval_figures import figures, month, totals
from projections.approval_sql import (
    CLOSE,
    EARLIER,
    GROUPS,
    MATTER,
    MOVE,
    STATE,
    STEWARD,
    TABLES,
    THEN,
    UNSTEWARD,
    UPSERT,
    ApprovalFilters,
)
from projections.catalog import Where
from projections.events import Item
from projections.issue_sql import Page
from projections.sql import Cursor
from projections.view import PostgresView, SQLiteView, View

Row = dict[str, Any]
PACKAGE = P.__name__ + "."


class ApprovalLedger(View):
    """Permits and matters as the reform office lists and counts them."""

    name: ClassVar[str] = "approvals"
    side_tables: ClassVar[tuple[str, ...]] = ("matters", "stewards", "names", "states")

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        names.keep_names(cursor, self.sql, items)
        self._stewards(cursor, items)
        events = [i for i in items if type(i.event).__qualname__.startswith(PACKAGE)]
        if not events:
            return
        rows = self._rows(cursor, events)
        changed: dict[str, Row] = {}
        states = fold.States()
        matters: list[Row] = []
        closed: list[Row] = []
        moved: list[Row] = []
        for item in events:
            event, package = item.event, str(item.aggregate_id)
            if isinstance(event, P.MatterOpened):
                matters.append(fold.matter(item, next(iter(rows[package].values()))))
                continue
            if isinstance(event, P.MatterClosed):
                closed.append({"id": str(event.matter_id), "closed_on": str(event.on)})
                continue
            if isinstance(event, P.Moved):
                moved.append({"id": package, "jurisdiction": event.jurisdiction})
            before = {k: fold.kept(r) for k, r in rows.get(package, {}).items()}
            touched = self._changed(rows, package, item)
            for row in touched:
                row["version"] = event.originator_version
                changed[row["id"]] = row
                if (
                    then := fold.state(row, before.get(row["permit_id"]), event)
                ) is not None:
                    states.add(then)
        for statement, found in (
            (UPSERT, list(changed.values())),
            (EARLIER, states.earlier()),
            (STATE, states.rows()),
            (MATTER, matters),
            (CLOSE, closed),
            (MOVE, moved),
        ):
            if found:
                cursor.executemany(self.sql(statement), found)

    def _stewards(self, cursor: Cursor, items: Sequence[Item]) -> None:
        """Who stewards each project (项目管家), for their workload."""
        for item in items:
            event = item.event
            if isinstance(event, Project.StewardAssigned | Project.StewardUnassigned):
                statement = (
                    STEWARD if isinstance(event, Project.StewardAssigned) else UNSTEWARD
                )
                cursor.execute(
                    self.sql(statement),
                    {
                        "project_id": str(item.aggregate_id),
                        "officer_id": str(event.officer_id),
                    },
                )

    @staticmethod
    def _changed(
        rows: dict[str, dict[str, Row]], package: str, item: Item
    ) -> list[Row]:
        """The rows an event changes, changed (a new package's, made)."""
        event = item.event
        if isinstance(event, P.Created):
            made = fold.created(item)
            rows[package] = {row["permit_id"]: row for row in made}
            return made
        if isinstance(event, P.AgentsAssigned | P.Moved):
            targets = list(rows[package].values())
            for target in targets:
                target.update(fold.whole(event, target))
            return targets
        row = rows[package][event.permit_id]
        row |= fold.step(event, row)
        return [row]

    def _rows(self, cursor: Cursor, items: Sequence[Item]) -> dict[str, dict[str, Row]]:
        """The permit rows of the items' packages: by package, then permit id."""
        ids = sorted({str(item.aggregate_id) for item in items})
        where = self.dialect.any_of("package_id", "ids")
        cursor.execute(
            self.sql(f"SELECT * FROM {{rows}} WHERE {where}"),
            {"ids": self.dialect.values(ids)},
        )
        found: dict[str, dict[str, Row]] = defaultdict(dict)
        for row in cursor.fetchall():
            found[row["package_id"]][row["permit_id"]] = dict(row)
        return found

    # Reads -------------------------------------------------------------------------

    def page(self, scope: str, filters: ApprovalFilters, page: Page) -> list[Row]:
        """A page of permits with their figures as of the day (one more than the
        limit, to tell a next page exists)."""
        where = filters.where(scope, self.dialect.like)
        if page.after is not None:
            where.add("r.position > :after", after=page.after)
        found = self.query(
            f"{THEN} WHERE {where} ORDER BY r.position LIMIT :limit",
            where.params | {"limit": page.limit + 1},
        )
        return [row | figures(row, filters.as_of) for row in found]

    def summary(self, scope: str, group_by: str, filters: ApprovalFilters) -> list[Row]:
        """Totals per permit (by name), project, department, month, stage or agent."""
        if group_by not in GROUPS:
            raise ValueError(f"no summary of approvals by {group_by!r}")
        where = filters.where(scope, self.dialect.like)
        found = self.query(f"{THEN} WHERE {where}", where.params)
        groups: dict[str, list[Row]] = defaultdict(list)
        stewards = self._stewards_of(found) if group_by == "steward" else {}
        for stored in found:
            row = stored | figures(stored, filters.as_of)
            if group_by == "steward":
                keys: list[str | None] = stewards.get(row["project_id"], [])
            else:
                keys = [self._group(row, group_by)]
            for key in keys:
                if key is not None:
                    groups[key].append(row)
        return [{"group": key, **totals(groups[key])} for key in sorted(groups)]

    @staticmethod
    def _group(row: Row, group_by: str) -> str | None:
        if group_by == "permit":
            return str(row["name"])
        if group_by == "month":
            return month(row)
        column = {"project": "project_id", "agent": "agent_id"}.get(group_by, group_by)
        found = row[column] or (row["chief_agent_id"] if group_by == "agent" else None)
        return None if found is None else str(found)

    def _stewards_of(self, rows: list[Row]) -> dict[str, list[str | None]]:
        """The stewards of the rows' projects."""
        ids = sorted({row["project_id"] for row in rows})
        if not ids:
            return {}
        found = self.query(
            "SELECT project_id, officer_id FROM {stewards} WHERE "
            + self.dialect.any_of("project_id", "ids"),
            {"ids": self.dialect.values(ids)},
        )
        stewards: dict[str, list[str | None]] = defaultdict(list)
        for row in found:
            stewards[row["project_id"]].append(row["officer_id"])
        return stewards

    def past_limit(self, project_ids: Sequence[str], today: date) -> dict[str, int]:
        """How many permits of each project are open past their committed limit."""
        where = self.dialect.any_of("r.project_id", "ids")
        found = self.query(
            f"{THEN} WHERE {where} AND s.accepted_on <= :day"
            " AND s.granted_on IS NULL AND s.status = 'accepted'",
            {"ids": self.dialect.values(sorted(project_ids)), "day": str(today)},
        )
        late: dict[str, int] = defaultdict(int)
        for row in found:
            if figures(row, today)["past_limit"]:
                late[row["project_id"]] += 1
        return dict(late)

    def to_flag(self, scope: str, today: date, limit: int) -> list[Row]:
        """Permits whose 容缺 documents were due before `today`, still missing, and
        not flagged for that date yet."""
        where = Where(self.dialect.like, [], {})
        where.scope(scope)
        where.add(
            "supply_by < :today AND supplied_on IS NULL"
            " AND (flagged_supply_by IS NULL OR flagged_supply_by <> supply_by)",
            today=today.isoformat(),
        )
        return self.query(
            f"SELECT package_id, permit_id FROM {{rows}} WHERE {where}"
            " ORDER BY position LIMIT :limit",
            where.params | {"limit": limit},
        )

    def workload(self, scope: str, as_of: date, by: str = "agent") -> list[Row]:
        """Matters opened, closed and still open by the day, per agent who handles
        them (`by="agent"`) or per steward of their projects (`by="steward"`)."""
        where = Where(self.dialect.like, ["m.opened_on <= :today"], {})
        where.scope(scope)
        closed = "m.closed_on IS NOT NULL AND m.closed_on <= :today"
        person, joined = "m.agent_id", ""
        if by == "steward":
            person = "st.officer_id"
            joined = " JOIN {stewards} st ON st.project_id = m.project_id"
        return self.query(
            f"SELECT {person} AS agent, COUNT(*) AS opened,"
            f" SUM(CASE WHEN {closed} THEN 1 ELSE 0 END) AS closed,"
            f" COUNT(DISTINCT m.package_id) AS packages"
            f" FROM {{matters}} m{joined} WHERE {where}"
            f" GROUP BY {person} ORDER BY {person}",
            where.params | {"today": as_of.isoformat()},
        )

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        return names.names_by_id(self, ids)


class SQLiteApprovalLedger(ApprovalLedger, SQLiteView):
    pass


class PostgresApprovalLedger(ApprovalLedger, PostgresView):
    pass
