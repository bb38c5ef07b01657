"""Names and places of projects, enterprises, officers and departments, kept by views
that show them."""

from collections.abc import Callable, Sequence
from typing import Any

from domain.model.department import Department
from domain.model.enterprise import Enterprise
from domain.model.officer import Officer
from domain.model.project import Project
from projections.dates import recorded_at
from projections.events import Item
from projections.sql import Cursor
from projections.view import View

TABLE = (
    "CREATE TABLE IF NOT EXISTS {names} ("
    " id {key} PRIMARY KEY, kind {key} NOT NULL, name {text} NOT NULL,"
    " jurisdiction {key} NOT NULL, owner_id {key}, position {int} NOT NULL,"
    " registered_at {text} NOT NULL)"
)
BY_PLACE = (
    "CREATE INDEX IF NOT EXISTS {prefix}_names_by_place"
    " ON {names} (kind, jurisdiction, position)"
)
INSERT = (
    "INSERT INTO {names} (id, kind, name, jurisdiction, owner_id, position,"
    " registered_at) VALUES (:id, :kind, :name, :jurisdiction, :owner_id,"
    " :position, :registered_at) ON CONFLICT (id) DO NOTHING"
)
RENAME = "UPDATE {names} SET name = :name WHERE id = :id"
MOVE = "UPDATE {names} SET jurisdiction = :jurisdiction WHERE id = :id"
REGISTERED = {
    Project.Registered: "project",
    Enterprise.Registered: "enterprise",
    Officer.Registered: "officer",
    Department.Registered: "department",
}
MOVED = (Project.Moved, Enterprise.Moved, Officer.JurisdictionAssigned)


def keep_names(
    cursor: Cursor, sql: Callable[[str], str], items: Sequence[Item]
) -> None:
    """Registers, renames and moves what the items say, in the caller's transaction."""
    inserts, renames, moves = [], [], []
    for item in items:
        event = item.event
        kind = REGISTERED.get(type(event))
        key = str(item.aggregate_id)
        if kind is not None:
            inserts.append(registered(item, kind))
        elif isinstance(event, Enterprise.ProfileUpdated | Department.Renamed):
            renames.append({"id": key, "name": event.name})
        elif isinstance(event, MOVED):
            moves.append({"id": key, "jurisdiction": event.jurisdiction})
    for statement, rows in ((INSERT, inserts), (RENAME, renames), (MOVE, moves)):
        if rows:
            cursor.executemany(sql(statement), rows)


def registered(item: Item, kind: str) -> dict[str, Any]:
    event = item.event
    owner = getattr(event, "owner_enterprise_id", None)
    return {
        "id": str(item.aggregate_id),
        "kind": kind,
        "name": event.name,
        "jurisdiction": event.jurisdiction,
        "owner_id": None if owner is None else str(owner),
        "position": item.position,
        "registered_at": recorded_at(event),
    }


def names_by_id(view: View, ids: Sequence[str]) -> dict[str, str]:
    """The names a view keeps (of projects, enterprises, officers), by id."""
    found = view.query(
        "SELECT id, name FROM {names} WHERE " + view.dialect.any_of("id", "ids"),
        {"ids": view.dialect.values(sorted(set(ids)))},
    )
    return {row["id"]: row["name"] for row in found}
