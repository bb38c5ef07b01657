"""Meetings (调度会) as their rhythm and task lists read them: each meeting held, and
each task (任务交办单) it issued; a task's state is the problem ledger's row."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from domain.model.meeting import Meeting
from projections.catalog import Where
from projections.dates import AsOf, recorded_at
from projections.events import Item
from projections.issue_ledger import LISTED, IssueLedger
from projections.issue_sql import IssueFilters, listed
from projections.sql import Cursor, prefix_range
from projections.view import PostgresView, SQLiteView, View

Row = dict[str, Any]
TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE,"
    " jurisdiction {key} NOT NULL, kind {key} NOT NULL, held_on {key} NOT NULL,"
    " title {text} NOT NULL, chair_id {key} NOT NULL, recorded_at {text} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_kind ON {rows} (jurisdiction, kind, held_on)",
    "CREATE TABLE IF NOT EXISTS {tasks} ("
    " issue_id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE,"
    " meeting_id {key} NOT NULL, number {int} NOT NULL, issued_at {text} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {prefix}_tasks_by_meeting ON {tasks} (meeting_id)",
]
HELD = (
    "INSERT INTO {rows} (id, position, jurisdiction, kind, held_on, title, chair_id,"
    " recorded_at) VALUES (:id, :position, :jurisdiction, :kind, :held_on, :title,"
    " :chair_id, :recorded_at)"
)
ISSUED = (
    "INSERT INTO {tasks} (issue_id, position, meeting_id, number, issued_at)"
    " VALUES (:issue_id, :position, :meeting_id, :number, :issued_at)"
)
TASK = (
    "SELECT t.issue_id, t.position, t.number, t.meeting_id, m.title AS meeting_title,"
    " m.kind AS meeting_kind, m.held_on, m.chair_id,"
    " m.jurisdiction AS meeting_jurisdiction"
    " FROM {tasks} t JOIN {rows} m ON m.id = t.meeting_id"
)


@dataclass(frozen=True)
class TaskFilters:
    """Which tasks a list covers: a meeting's, a kind's, meetings held in a range."""

    as_of: AsOf
    meeting_id: str | None = None
    kind: str | None = None
    held_from: str | None = None  # ISO dates, inclusive
    held_to: str | None = None


class Meetings(View):
    """Meetings held and the tasks they issued, by jurisdiction, kind and day."""

    name: ClassVar[str] = "meetings"
    side_tables: ClassVar[tuple[str, ...]] = ("tasks",)

    def ddl(self) -> list[str]:
        return TABLES

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        held, issued = [], []
        for item in items:
            event = item.event
            if isinstance(event, Meeting.Held):
                held.append(held_row(item))
            elif isinstance(event, Meeting.TaskIssued):
                issued.append(task_row(item))
        for statement, rows in ((HELD, held), (ISSUED, issued)):
            if rows:
                cursor.executemany(self.sql(statement), rows)

    # Reads -------------------------------------------------------------------------

    def last_held(self, scope: str, as_of: AsOf) -> list[Row]:
        """Per jurisdiction and kind: the last meeting held by as_of, and how many
        were held in its year up to then."""
        where = Where(self.dialect.like, [], {})
        where.scope(scope)
        where.add(
            "held_on <= :today AND recorded_at <= :as_of",
            today=as_of.today.isoformat(),
            as_of=as_of.stamp,
        )
        where.params["year_start"] = f"{as_of.today.year}-01-01"
        return self.query(
            "SELECT jurisdiction, kind, MAX(held_on) AS last_held,"
            " SUM(CASE WHEN held_on >= :year_start THEN 1 ELSE 0 END) AS this_year"
            f" FROM {{rows}} WHERE {where} GROUP BY jurisdiction, kind"
            " ORDER BY jurisdiction, kind",
            where.params,
        )

    def tasks(
        self, scope: str, filters: TaskFilters, after: int | None, limit: int
    ) -> list[Row]:
        """A page of tasks (one more than `limit`) in the order issued, of meetings
        in the subtree: the meeting's facts and the task's number."""
        where = Where(self.dialect.like, [], {})
        if bounds := prefix_range(scope):
            where.add("m.jurisdiction >= :low AND m.jurisdiction < :high")
            where.params |= {"low": bounds[0], "high": bounds[1]}
        for term, name, value in (
            ("t.issued_at <= :as_of", "as_of", filters.as_of.stamp),
            ("m.id = :meeting_id", "meeting_id", filters.meeting_id),
            ("m.kind = :kind", "kind", filters.kind),
            ("m.held_on >= :held_from", "held_from", filters.held_from),
            ("m.held_on <= :held_to", "held_to", filters.held_to),
            ("t.position > :after", "after", after),
        ):
            if value is not None:
                where.add(term, **{name: value})
        return self.query(
            f"{TASK} WHERE {where} ORDER BY t.position LIMIT :limit",
            where.params | {"limit": limit + 1},
        )


def held_row(item: Item) -> Row:
    event = item.event
    return {
        "id": str(item.aggregate_id),
        "position": item.position,
        "jurisdiction": event.jurisdiction,
        "kind": event.kind,
        "held_on": event.held_on.isoformat(),
        "title": event.title,
        "chair_id": str(event.chair_id),
        "recorded_at": recorded_at(event),
    }


def task_row(item: Item) -> Row:
    event = item.event
    return {
        "issue_id": str(event.issue_id),
        "position": item.position,
        "meeting_id": str(item.aggregate_id),
        "number": event.number,
        "issued_at": recorded_at(event),
    }


def task_states(ledger: IssueLedger, scope: str, ids: list[str], as_of: AsOf) -> Row:
    """The problem ledger's rows of the tasks, by id, as of a day (those outside
    `scope`, gone with a project moved away, are left out)."""
    if not ids:
        return {}
    where = ledger.where(scope, IssueFilters(as_of=as_of))
    where.add(ledger.dialect.any_of("r.id", "ids"))
    where.params["ids"] = ledger.dialect.values(sorted(ids))
    found = ledger.query(f"SELECT {LISTED} FROM {{rows}} r WHERE {where}", where.params)
    return {row["id"]: listed(row, as_of) for row in found}


class SQLiteMeetings(Meetings, SQLiteView):
    pass


class PostgresMeetings(Meetings, PostgresView):
    pass
