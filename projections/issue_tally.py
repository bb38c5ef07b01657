"""Problem figures kept per place, department and month received, as problems change:
a summary or ranking of any scope as of now reads these, not every problem."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from projections.issue_sql import IssueFilters
from projections.places import places
from projections.sql import Cursor

KEY = ("place", "department", "month", "open_due", "respond_pending")
COUNTS = (
    *("problems", "received", "resolved", "resolved_on_time", "seconds_to_close"),
    *("rated", "satisfied", "still_open", "responded", "responded_on_time"),
    "escalated",
)
TABLES = [
    # `open_due`: the deadline of the open problems counted ('' if none, or not
    # open); `respond_pending`: their first response's limit, while not responded.
    "CREATE TABLE IF NOT EXISTS {tallies} ("
    + "".join(f" {k} {{key}} NOT NULL," for k in KEY)
    + "".join(f" {c} {{int}} NOT NULL," for c in COUNTS)
    + f" PRIMARY KEY ({', '.join(KEY)}))",
    # The latest instant of a problem's event tallied: reads as of then or later
    # may use the tallies.
    "CREATE TABLE IF NOT EXISTS {tallied} (id {int} PRIMARY KEY, latest {text} NOT NULL)",
]
ADD = (
    f"INSERT INTO {{tallies}} ({', '.join((*KEY, *COUNTS))})"
    f" VALUES ({', '.join(':' + c for c in (*KEY, *COUNTS))})"
    f" ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = {{tallies}}.{c} + excluded.{c}" for c in COUNTS)
)
EMPTIED = "DELETE FROM {tallies} WHERE problems = 0 AND " + " AND ".join(
    f"{k} = :{k}" for k in KEY
)
LATEST = (
    "INSERT INTO {tallied} (id, latest) VALUES (1, :latest) ON CONFLICT (id)"
    " DO UPDATE SET latest = excluded.latest WHERE {tallied}.latest < excluded.latest"
)
OVER = "SUM(CASE WHEN open_due <> '' AND {test} THEN still_open ELSE 0 END)"
FIGURES = ", ".join(
    (
        *(f"SUM({c}) AS {c}" for c in ("received", "resolved", "resolved_on_time")),
        "SUM(still_open) AS open",
        OVER.format(test="open_due < :today") + " AS overdue",
        OVER.format(test="open_due < :long_ago") + " AS overdue_long",
        OVER.format(test="open_due >= :today AND open_due <= :soon") + " AS due_soon",
        *(f"SUM({c}) AS {c}" for c in ("seconds_to_close", "rated", "satisfied")),
    )
)
RANKING = ", ".join(
    (
        "SUM(responded) + SUM(CASE WHEN respond_pending <> ''"
        " AND respond_pending < :today THEN problems ELSE 0 END) AS response_due",
        "SUM(responded_on_time) AS responded_on_time",
        "SUM(escalated) AS escalated",
    )
)
GROUPS = {"department": "department", "month": "month"}
SATISFIED = ("satisfied", "basically_satisfied")  # as `issue_sql.SATISFIED`
UNTALLIED = (
    *("category", "status", "source", "project_id", "enterprise_id", "overdue"),
    *("department", "department_id"),  # by any name it has: the rows know them
    *("escalated", "escalation_level"),
)

Row = dict[str, Any]
Key = tuple[str, str, str, str]


def share(row: Row) -> tuple[Key, dict[str, int]]:
    """What one problem adds to its places' tallies, as of any instant after its
    latest event: its key and its counts."""
    # A reopened problem keeps its last close-out on the row: its status tells.
    closed = row["closed_at"] is not None and (
        row["reopened_at"] is None or row["status"] == "closed"
    )
    responded = row["responded_at"] is not None
    still_open = not closed and row["withdrawn_at"] is None
    set_ = row["due_set_at"] is not None  # the department and deadline in force
    due, respond_by = row["due_on"], row["respond_by"]
    key = (
        # as the ledger groups (`issue_sql.DEPARTMENT_KEY`): a registered
        # department's id, so its aliases count as one; else the name recorded
        (row["department_id"] or row["department"] or "") if set_ else "",
        row["raised_month"],
        (due or "") if set_ and still_open else "",
        respond_by if respond_by and not responded else "",
    )
    rated = row["rated_at"] is not None
    counts = {
        "problems": 1,
        "received": row["withdrawn_at"] is None,
        "resolved": closed,
        "resolved_on_time": closed and bool(due) and row["closed_on"] <= due,
        "seconds_to_close": (row["seconds_to_close"] or 0) if closed else 0,
        "rated": rated,
        "satisfied": rated and row["satisfaction"] in SATISFIED,
        "still_open": still_open,
        "responded": responded and bool(respond_by),
        "responded_on_time": responded
        and bool(respond_by)
        and row["responded_on"] <= respond_by,
        "escalated": row["escalated_at"] is not None,
    }
    return key, {k: int(v) for k, v in counts.items()}


def changes(pairs: Iterable[tuple[Row | None, Row]]) -> list[Row]:
    """The tallies' deltas of problems changed from a row (None: new) to another."""
    deltas: dict[tuple[str, ...], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTS, 0)
    )
    for before, after in pairs:
        for row, sign in ((before, -1), (after, 1)):
            if row is None:
                continue
            key, counts = share(row)
            for place in places(row["jurisdiction"]):
                delta = deltas[(place, *key)]
                for name, value in counts.items():
                    delta[name] += sign * value
    return [
        dict(zip(KEY, key, strict=True)) | delta
        for key, delta in sorted(deltas.items())
        if any(delta.values())
    ]


def keep(cursor: Cursor, sql: Any, deltas: list[Row], latest: str) -> None:
    """Adds the deltas, drops tallies left counting nothing, moves `latest` on."""
    if deltas:
        cursor.executemany(sql(ADD), deltas)
        emptied = [{k: d[k] for k in KEY} for d in deltas if d["problems"] < 0]
        if emptied:
            cursor.executemany(sql(EMPTIED), emptied)
    cursor.execute(sql(LATEST), {"latest": latest})


def answers(filters: IssueFilters, group_by: str | None, latest: str | None) -> bool:
    """The tallies answer a summary (or the ranking, `group_by` None) with these
    filters: of a month range at most, as of after the last event."""
    if group_by is not None and group_by not in GROUPS:
        return False
    if any(getattr(filters, name) is not None for name in UNTALLIED):
        return False
    return latest is not None and filters.as_of.stamp >= latest


def where(filters: IssueFilters) -> tuple[str, dict[str, Any]]:
    terms, params = ["place = :place"], filters.params()
    if filters.month_from:
        terms.append("month >= :month_from")
    if filters.month_to:
        terms.append("month <= :month_to")
    return " AND ".join(terms), params
