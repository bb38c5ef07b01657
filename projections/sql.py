"""The two SQL dialects views are written in: SQLite and PostgreSQL."""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# `:name` parameters outside `::` casts; psycopg wants `%(name)s`.
NAMED_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


class Cursor(Protocol):
    """What views need of the library's SQLite cursor and psycopg's."""

    def execute(self, statement: str, params: Any = ..., /) -> object: ...

    def executemany(self, statement: str, params: Any, /) -> object: ...

    def fetchall(self) -> Any: ...

    def fetchone(self) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    """How one database spells table names, column types, parameters and lists.

    Views write SQL once with `{table}`, `{name}` and `{type}` fields and `:name`
    parameters; the dialect renders it.
    """

    name: str
    schema: str
    types: dict[str, str]
    like: str  # a case-insensitive LIKE

    def table(self, name: str) -> str:
        quoted = quote(name)
        return f"{quote(self.schema)}.{quoted}" if self.schema else quoted

    def render(
        self, statement: str, tables: dict[str, str], names: dict[str, str]
    ) -> str:
        """SQL with its tables, plain names (of indexes) and column types filled in."""
        qualified = {field: self.table(table) for field, table in tables.items()}
        text = statement.format(**qualified, **names, **self.types)
        if self.name == "postgres":
            return NAMED_PARAMETER.sub(r"%(\1)s", text.replace("%", "%%"))
        return text

    def any_of(self, column: str, parameter: str) -> str:
        """A condition: the column equals one of a list given as one parameter."""
        if self.name == "postgres":
            return f"{column} = ANY(:{parameter})"
        return f"{column} IN (SELECT value FROM json_each(:{parameter}))"

    def values(self, items: Sequence[str]) -> object:
        """The parameter value that `any_of` expects for a list of strings."""
        return list(items) if self.name == "postgres" else json.dumps(list(items))


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


SQLITE = Dialect(
    name="sqlite",
    schema="",
    types={"text": "TEXT", "key": "TEXT", "int": "INTEGER"},
    like="LIKE",
)


def postgres(schema: str) -> Dialect:
    """PostgreSQL in a schema. Keys compare bytewise, so prefix ranges use indexes."""
    return Dialect(
        name="postgres",
        schema=schema,
        types={"text": "text", "key": 'text COLLATE "C"', "int": "bigint"},
        like="ILIKE",
    )


def prefix_range(prefix: str) -> tuple[str, str] | None:
    """Bounds [low, high) of the strings that start with a prefix; None for all."""
    if not prefix:
        return None
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def ancestors(jurisdiction: str) -> list[str]:
    """The jurisdictions a code lies in (every code has 2 digits at least)."""
    return [jurisdiction[:length] for length in range(2, len(jurisdiction))]


def escape_like(text: str) -> str:
    """Text matched literally by LIKE ... ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
