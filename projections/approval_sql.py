"""The approvals ledger's tables and statements: permits as they are now, every
state each was in and from which day, matters, stewards; a read as of a day."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from projections import approval_fold as fold
from projections import names
from projections.catalog import Where

TABLES = [
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL UNIQUE, version {int} NOT NULL,"
    " package_id {key} NOT NULL, project_id {key} NOT NULL,"
    " jurisdiction {key} NOT NULL, permit_id {key} NOT NULL, seq {int} NOT NULL,"
    " name {text} NOT NULL, department {key} NOT NULL, stage {text},"
    " statutory_days {int} NOT NULL, committed_days {int} NOT NULL,"
    " status {key} NOT NULL, agent_id {key}, chief_agent_id {key},"
    " prepared_on {key}, submitted_on {key}, accepted_on {key}, granted_on {key},"
    " returned_on {key}, returns {int} NOT NULL, missing {text}, supply_by {key},"
    " supplied_on {key}, flagged_supply_by {key})",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place ON {rows} (jurisdiction, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_package ON {rows} (package_id)",
    # A window of projects' permits past their limit (the board's warnings, lists)
    "CREATE INDEX IF NOT EXISTS {prefix}_by_project ON {rows} (project_id)",
    # Every state a permit was in, from the day it took effect (see fold.States):
    # a read as of a day takes the last one by then.
    "CREATE TABLE IF NOT EXISTS {states} ("
    " id {key} NOT NULL, version {int} NOT NULL, effective_on {key} NOT NULL,"
    " committed_days {int} NOT NULL, status {key} NOT NULL, agent_id {key},"
    " chief_agent_id {key}, prepared_on {key}, submitted_on {key},"
    " accepted_on {key}, granted_on {key}, returned_on {key},"
    " returns {int} NOT NULL, missing {text}, supply_by {key}, supplied_on {key},"
    " flagged_supply_by {key}, PRIMARY KEY (id, version))",
    "CREATE TABLE IF NOT EXISTS {matters} ("
    " id {key} PRIMARY KEY, position {int} NOT NULL, package_id {key} NOT NULL,"
    " project_id {key} NOT NULL, jurisdiction {key} NOT NULL,"
    " agent_id {key} NOT NULL, permit_id {key}, what {text} NOT NULL,"
    " for_whom {text} NOT NULL, opened_on {key} NOT NULL, closed_on {key})",
    "CREATE INDEX IF NOT EXISTS {prefix}_matters_by_place"
    " ON {matters} (jurisdiction, agent_id)",
    "CREATE INDEX IF NOT EXISTS {prefix}_matters_by_package ON {matters} (package_id)",
    "CREATE TABLE IF NOT EXISTS {stewards} (project_id {key} NOT NULL,"
    " officer_id {key} NOT NULL, PRIMARY KEY (project_id, officer_id))",
    names.TABLE,
    names.BY_PLACE,
]


def upsert(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {{{table}}} ({', '.join(columns)})"
        f" VALUES ({', '.join(':' + c for c in columns)})"
        " ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    )


def insert(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {{{table}}} ({', '.join(columns)})"
        f" VALUES ({', '.join(':' + c for c in columns)})"
    )


UPSERT = upsert("rows", fold.PERMIT_COLUMNS)
STATE = insert("states", ("id", "effective_on", *fold.STATE_COLUMNS))
# An earlier state takes effect no later than a state that follows it.
EARLIER = (
    "UPDATE {states} SET effective_on = :effective_on"
    " WHERE id = :id AND effective_on > :effective_on"
)
MATTER = upsert("matters", fold.MATTER_COLUMNS)
CLOSE = "UPDATE {matters} SET closed_on = :closed_on WHERE id = :id"
MOVE = "UPDATE {matters} SET jurisdiction = :jurisdiction WHERE package_id = :id"
STEWARD = (
    "INSERT INTO {stewards} (project_id, officer_id) VALUES (:project_id, :officer_id)"
    " ON CONFLICT (project_id, officer_id) DO NOTHING"
)
UNSTEWARD = (
    "DELETE FROM {stewards} WHERE project_id = :project_id AND officer_id = :officer_id"
)
# Each permit as it stood at the end of :day: its place and names as now, every
# other column from its last state by then; a permit not created by then is absent.
THEN = (
    "SELECT "
    + ", ".join(f"r.{c}" for c in fold.PERMIT_COLUMNS if c not in fold.STATE_COLUMNS)
    + ", "
    + ", ".join(f"s.{c}" for c in fold.STATE_COLUMNS)
    + " FROM {rows} r JOIN {states} s ON s.id = r.id AND s.version ="
    " (SELECT MAX(t.version) FROM {states} t"
    " WHERE t.id = r.id AND t.effective_on <= :day)"
)
GROUPS = ("permit", "project", "department", "month", "stage", "agent", "steward")


@dataclass(frozen=True)
class ApprovalFilters:
    as_of: date
    project_id: str | None = None
    package_id: str | None = None
    department: str | None = None
    status: str | None = None  # as of the day

    def where(self, scope: str, like: str) -> Where:
        """Conditions on the permits as of the day (`THEN`'s `r` and `s`)."""
        where = Where(like, ["1 = 1"], {"day": self.as_of.isoformat()})
        where.scope(scope)
        for name in ("project_id", "package_id", "department", "status"):
            value = getattr(self, name)
            if value is not None:
                table = "s" if name == "status" else "r"
                where.add(f"{table}.{name} = :{name}", **{name: value})
        return where
