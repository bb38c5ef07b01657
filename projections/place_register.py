"""The register of places by name, kept beside the catalog: code, level, names."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.model.place import Place
from projections.events import Item
from projections.sql import Cursor, ancestors, prefix_range
from projections.view import View

TABLE = (
    "CREATE TABLE IF NOT EXISTS {places} ("
    " code {key} PRIMARY KEY, id {key} NOT NULL UNIQUE, level {key} NOT NULL,"
    " name {text} NOT NULL, name_en {text} NOT NULL, position {int} NOT NULL)"
)
INSERT = (
    "INSERT INTO {places} (code, id, level, name, name_en, position)"
    " VALUES (:code, :id, :level, :name, :name_en, :position)"
)
RENAME = "UPDATE {places} SET name = :name, name_en = :name_en WHERE id = :id"
SELECT = "SELECT code, level, name, name_en FROM {places}"


@dataclass(frozen=True)
class PlaceName:
    """A jurisdiction's names; `en` is the Chinese name where no English is known."""

    code: str
    level: str
    zh: str
    en: str

    def named(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def keep_places(
    cursor: Cursor, sql: Callable[[str], str], items: Sequence[Item]
) -> None:
    """Registers and renames what the items say, in the caller's transaction (in
    order: a place registered and renamed in one batch ends renamed)."""
    for item in items:
        event = item.event
        if isinstance(event, Place.Registered):
            cursor.execute(sql(INSERT), registered(event, item.position))
        elif isinstance(event, Place.Renamed):
            names = {"name": event.name, "name_en": event.name_en}
            cursor.execute(sql(RENAME), names | {"id": str(event.originator_id)})


def registered(event: Place.Registered, position: int) -> dict[str, Any]:
    return {
        "code": event.jurisdiction,
        "id": str(event.originator_id),
        "level": event.level.value,
        "name": event.name,
        "name_en": event.name_en,
        "position": position,
    }


def names_of(view: View, codes: Sequence[str]) -> dict[str, PlaceName]:
    """The register's names of these codes (those it has)."""
    if not codes:
        return {}
    rows = view.query(
        SELECT + " WHERE " + view.dialect.any_of("code", "codes"),
        {"codes": view.dialect.values(sorted(set(codes)))},
    )
    return {row["code"]: named(row) for row in rows}


def named(row: dict[str, Any]) -> PlaceName:
    return PlaceName(
        row["code"], row["level"], row["name"], row["name_en"] or row["name"]
    )


def place_names(view: View, scope: str) -> dict[str, PlaceName]:
    """The names of the places of a subtree and of those it lies in, by code."""
    terms: list[str] = []
    params: dict[str, Any] = {}
    bounds = prefix_range(scope)
    if bounds is not None:
        terms.append("(code >= :low AND code < :high)")
        params |= {"low": bounds[0], "high": bounds[1]}
        terms.append(view.dialect.any_of("code", "above"))
        params["above"] = view.dialect.values(ancestors(scope))
    where = f" WHERE {' OR '.join(terms)}" if terms else ""
    return {row["code"]: named(row) for row in view.query(SELECT + where, params)}
