"""The catalog view: every aggregate once, listed by kind, jurisdiction and fields."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from projections.catalog_fold import fold
from projections.catalog_rows import (
    COLUMNS,
    FIELDS,
    OPTIONAL,
    CatalogRow,
    Columns,
    Field,
)
from projections.events import SHARED_DOWNWARDS, Item
from projections.place_register import TABLE as PLACES
from projections.place_register import keep_places
from projections.sql import Cursor, Dialect, ancestors, escape_like, prefix_range
from projections.view import PostgresView, SQLiteView, View

TABLE = (
    "CREATE TABLE IF NOT EXISTS {rows} ("
    " id {key} PRIMARY KEY, kind {key} NOT NULL, jurisdiction {key} NOT NULL,"
    " version {int} NOT NULL, created_position {int} NOT NULL UNIQUE,"
    " created_at {text} NOT NULL, updated_at {text} NOT NULL,"
    " label {text} NOT NULL, status {key} NOT NULL, "
    + ", ".join(f"{column} {{key}}" for column in OPTIONAL)
    + ")"
)
INDEXES = [
    # Lists page in creation order, within a kind, narrowed by a subtree or a field.
    "CREATE INDEX IF NOT EXISTS {prefix}_by_kind ON {rows} (kind, created_position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_place"
    " ON {rows} (kind, jurisdiction, created_position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_code ON {rows} (kind, code)",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_project ON {rows} (project_id)"
    " WHERE project_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {prefix}_by_enterprise ON {rows} (enterprise_id)"
    " WHERE enterprise_id IS NOT NULL",
]
UPSERT = (
    f"INSERT INTO {{rows}} ({', '.join(COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM {{rows}}"


@dataclass
class Where:
    """The conditions of a list query, and their parameters."""

    like: str
    terms: list[str]
    params: dict[str, Any]

    def __str__(self) -> str:
        return " AND ".join(self.terms)

    def add(self, term: str, **params: Any) -> None:
        self.terms.append(term)
        self.params |= params

    def scope(self, scope: str, above: Dialect | None = None) -> None:
        """Rows in the subtree of `scope`; given a dialect, also rows of the
        jurisdictions `scope` lies in (reference data, shared downwards)."""
        bounds = prefix_range(scope)
        if bounds is None:
            return
        low, high = bounds
        term = "jurisdiction >= :low AND jurisdiction < :high"
        if above is None:
            self.add(term, low=low, high=high)
            return
        either = f"({term} OR {above.any_of('jurisdiction', 'above')})"
        self.add(either, low=low, high=high, above=above.values(ancestors(scope)))

    def match(self, kind: str, name: str, value: str) -> None:
        param = f"p{len(self.params)}"
        if name == "q":
            pattern = f"{{column}} {self.like} :{param} ESCAPE '\\'"
            either = [
                pattern.format(column=column) for column in ("label", "code", "sha256")
            ]
            self.add(f"({' OR '.join(either)})", **{param: f"%{escape_like(value)}%"})
            return
        field = field_of(kind, name)
        value = str(UUID(value)) if field.is_id else value
        if field.is_list:
            term = f"(',' || {field.column} || ',') LIKE :{param} ESCAPE '\\'"
            self.add(term, **{param: f"%,{escape_like(value)},%"})
        else:
            self.add(f"{field.column} = :{param}", **{param: value})


class Catalog(View):
    """One row per aggregate (receipts and claims left out), as lists show them;
    beside them, the register of places by name."""

    name: ClassVar[str] = "catalog"
    side_tables: ClassVar[tuple[str, ...]] = ("places",)

    def ddl(self) -> list[str]:
        return [TABLE, *INDEXES, PLACES]

    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        keep_places(cursor, self.sql, items)
        rows: dict[str, Columns] = self.rows_of(cursor, SELECT, items)
        changed: dict[str, Columns] = {}
        for item in items:
            key = str(item.aggregate_id)
            row = fold(rows.get(key), item)
            if row is not None and row is not rows.get(key):
                rows[key] = changed[key] = row
        if changed:
            cursor.executemany(self.sql(UPSERT), list(changed.values()))

    def get(self, aggregate_id: UUID) -> CatalogRow | None:
        found = self.query(f"{SELECT} WHERE id = :id", {"id": str(aggregate_id)})
        return CatalogRow.of(found[0]) if found else None

    def find_officer(self, username: str) -> UUID | None:
        """The officer with a username (an active one before a deactivated one)."""
        found = self.query(
            f"{SELECT} WHERE kind = 'officer' AND code = :username"
            " ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, created_position"
            " LIMIT 1",
            {"username": username},
        )
        return UUID(found[0]["id"]) if found else None

    def attached_evidence(self, page: int = 500) -> Iterator[UUID]:
        """Every attached piece of evidence, page by page (what the evidence
        service's reconciler checks against the blob store)."""
        after: str | None = None
        while True:
            rows, after = self.list("evidence", "", {"status": "attached"}, after, page)
            yield from (row.id for row in rows)
            if after is None:
                return

    def list(
        self,
        kind: str,
        scope: str,
        filters: Mapping[str, str],
        after: str | None,
        limit: int,
    ) -> tuple[list[CatalogRow], str | None]:
        """A page of a kind's rows within a jurisdiction subtree (and above it, for
        reference data shared downwards), in creation order.

        `filters` match the kind's fields (see `FIELDS`) and `status` exactly, and `q`
        as a substring of the label or code. `after` is the position the previous
        page returned; the answer's position is None on the last page. Raises
        ValueError for an unknown kind, filter or position.
        """
        if kind not in FIELDS or limit < 1:
            raise ValueError(f"no list of {kind!r} with limit {limit}")
        where = Where(self.dialect.like, ["kind = :kind"], {"kind": kind})
        where.scope(scope, self.dialect if kind in SHARED_DOWNWARDS else None)
        for name, value in filters.items():
            where.match(kind, name, value)
        if after is not None:
            where.add("created_position > :after", after=position(after))
        found = self.query(
            f"{SELECT} WHERE {where} ORDER BY created_position LIMIT :limit",
            where.params | {"limit": limit + 1},
        )
        page = [CatalogRow.of(row) for row in found[:limit]]
        more = len(found) > limit
        return page, str(found[limit - 1]["created_position"]) if more else None


def field_of(kind: str, name: str) -> Field:
    if name == "status":
        return Field("status", "status")
    for field in FIELDS[kind]:
        if field.name == name:
            return field
    raise ValueError(f"a list of {kind} has no filter {name!r}")


def position(cursor: str) -> int:
    """The position a page ended at, from its string; ValueError if it is none."""
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 18:
        raise ValueError(f"not a list position: {cursor[:40]!r}")
    return int(cursor)


class SQLiteCatalog(Catalog, SQLiteView):
    pass


class PostgresCatalog(Catalog, PostgresView):
    pass
