"""The problem ledger's tables (its rows, the deadlines and states each problem was
in, the names departments were known by) and the statements that write them."""

from collections.abc import Sequence

from domain.model.department import Department
from domain.model.issue import Issue
from projections import issue_tally, names
from projections.events import Item
from projections.issue_fold import COLUMNS, Row
from projections.places import PLACES

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
    " reopened_at {text},"
    " department_id {key})",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_project ON {rows} (project_id)"
    " WHERE project_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_due ON {rows} (status, due_on)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_ticket ON {rows} (ticket_number)"
    " WHERE ticket_number IS NOT NULL",
    # A month's problems (summaries, rankings, lists of a month) without the rest.
    "CREATE INDEX IF NOT EXISTS {prefix}_by_month ON {rows} (raised_month, jurisdiction)",
    # Every deadline a problem was given, with the department it was given to, so
    # `as_of` finds the ones then in force.
    "CREATE TABLE IF NOT EXISTS {deadlines} (issue_id {key} NOT NULL,"
    " version {int} NOT NULL, set_at {text} NOT NULL, due_on {key} NOT NULL,"
    " department {key} NOT NULL, department_id {key},"
    " PRIMARY KEY (issue_id, version))",
    # Every status and escalation level a problem was in, from when: `as_of` finds
    # the one then.
    "CREATE TABLE IF NOT EXISTS {states} (issue_id {key} NOT NULL,"
    " version {int} NOT NULL, set_at {text} NOT NULL, status {key} NOT NULL,"
    " escalation_level {int} NOT NULL, PRIMARY KEY (issue_id, version))",
    names.TABLE,
    PLACES,
    *issue_tally.TABLES,
    # Every name a department was ever registered under (a name stays with its
    # department for good): the `department` filter takes any of them.
    "CREATE TABLE IF NOT EXISTS {department_names} (name {key} NOT NULL,"
    " department_id {key} NOT NULL, PRIMARY KEY (name, department_id))",
]
KNOWN_AS = (
    "INSERT INTO {department_names} (name, department_id)"
    " VALUES (:name, :department_id) ON CONFLICT (name, department_id) DO NOTHING"
)
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
    "INSERT INTO {deadlines} (issue_id, version, set_at, due_on, department,"
    " department_id) VALUES (:issue_id, :version, :set_at, :due_on, :department,"
    " :department_id)"
)
# A department recorded as a name, matched later: its deadlines were given to it.
MATCHED = (
    "UPDATE {deadlines} SET department_id = :department_id"
    " WHERE issue_id = :issue_id AND department = :department"
)


def known_as(items: Sequence[Item]) -> list[Row]:
    """The names departments were registered or renamed under, with their id."""
    return [
        {"name": name, "department_id": str(item.aggregate_id)}
        for item in items
        if isinstance(item.event, Department.Registered | Department.Renamed)
        for name in (item.event.name, *item.event.aliases)
    ]


def matched(items: Sequence[Item]) -> list[Row]:
    return [
        {
            "issue_id": str(item.aggregate_id),
            "department": item.event.department,
            "department_id": str(item.event.department_id),
        }
        for item in items
        if isinstance(item.event, Issue.DepartmentMatched)
    ]
