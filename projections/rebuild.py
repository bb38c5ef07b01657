"""Rebuilding a view from scratch in tables of its own: compare it, or swap it in."""

from collections.abc import Callable, Sequence
from typing import Any

from domain.app import SiteLedger
from projections.view import View
from projections.views import Views, catch_up

Contents = dict[str, list[tuple[Any, ...]]]
SHOWN = 20  # differences reported per table at most
RETRIES = 20  # reads of a live view that kept moving before verify gives up


class Moving(RuntimeError):
    """The live view kept advancing while it was read: stop its followers first."""


def fresh(views: Views, kind: str, generation: str) -> View:
    """An empty view of a kind in a generation's tables (left over ones dropped)."""
    drop(views.generation(kind, generation))
    return views.generation(kind, generation)  # a new recorder creates them afresh


def rebuild(
    app: SiteLedger,
    views: View | Sequence[View],
    until: int | None = None,
    progress: Callable[[int], object] = lambda _: None,
    limit: int = 1000,
) -> int:
    """Catches views (of one database) up to `until` (the head when None) together,
    in one pass over the log, each batch read and decoded once for all of them;
    tells `progress` how many notifications each batch covered. Answers the
    position the last of them reached."""
    together = [views] if isinstance(views, View) else list(views)
    while True:
        before = min(view.position() for view in together)
        catch_up(app, together, limit, until=until, batches=1)
        after = min(view.position() for view in together)
        if after == before:
            return after
        progress(after - before)


def contents(view: View) -> Contents:
    """Every row of each of the view's tables but its tracking, sorted (in memory:
    for tests of small views; `differences` compares any size)."""
    found: Contents = {}
    for table in compared(view):
        rows = view.query(f"SELECT * FROM {view.dialect.table(table)}", {})
        found[label(view, table)] = sorted(tuple(row.values()) for row in rows)
    return found


def compared(view: View) -> list[str]:
    """The view's tables that verify compares: all but its tracking."""
    return [table for table in view.tables() if table != view.table("tracking")]


def label(view: View, table: str) -> str:
    return table.removeprefix(view.table()) or "rows"


def differences(live: View, rebuilt: View) -> list[str]:
    """What one view holds that the other does not, table by table, found by the
    database (`EXCEPT`, both ways): only differing rows reach this process, SHOWN
    of them a side at most, so a view of any size is compared in bounded memory."""
    found = []
    for ours, theirs in zip(compared(live), compared(rebuilt), strict=True):
        columns = column_names(rebuilt, theirs)
        for side, first, second in (
            ("live only", ours, theirs),
            ("rebuilt only", theirs, ours),
        ):
            rows = only_in(live, columns, first, second, SHOWN + 1)
            name = label(live, ours)
            found += [f"{name}: {side}: {row!r}" for row in rows[:SHOWN]]
            if len(rows) > SHOWN:
                more = count_only_in(live, columns, first, second) - SHOWN
                found.append(f"{name}: {side}: … and {more} more")
    return found


def column_names(view: View, table: str) -> list[str]:
    """A table's columns, in their order."""
    with view.transaction(write=False) as cursor:
        if view.dialect.name == "sqlite":
            cursor.execute(
                "SELECT name AS column_name FROM pragma_table_info(?) ORDER BY cid",
                (table,),
            )
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (view.dialect.schema or "public", table),
            )
        return [row["column_name"] for row in cursor.fetchall()]


def except_sql(view: View, columns: list[str], first: str, second: str) -> str:
    listed = ", ".join(map(quote, columns))
    return (
        f"SELECT {listed} FROM {view.dialect.table(first)}"
        f" EXCEPT SELECT {listed} FROM {view.dialect.table(second)}"
    )


def only_in(
    view: View, columns: list[str], first: str, second: str, limit: int
) -> list[tuple[Any, ...]]:
    """Rows of `first` that `second` lacks, in column order, `limit` at most."""
    order = ", ".join(str(n) for n in range(1, len(columns) + 1))
    statement = (
        f"{except_sql(view, columns, first, second)} ORDER BY {order} LIMIT {limit}"
    )
    with view.transaction(write=False) as cursor:
        cursor.execute(statement)
        return [tuple(dict(row).values()) for row in cursor.fetchall()]


def count_only_in(view: View, columns: list[str], first: str, second: str) -> int:
    statement = (
        f"SELECT count(*) AS n FROM ({except_sql(view, columns, first, second)}) d"
    )
    with view.transaction(write=False) as cursor:
        cursor.execute(statement)
        found: int = cursor.fetchone()["n"]
        return found


def verify(app: SiteLedger, live: View, scratch: View) -> list[str]:
    """Rebuilds a view in the scratch tables up to the live one's position and
    answers their differences (none if they are equal); see `verify_all`."""
    (found,) = verify_all(app, [live], [scratch])
    return found


def verify_all(
    app: SiteLedger, lives: Sequence[View], scratches: Sequence[View]
) -> list[list[str]]:
    """Rebuilds views in scratch tables up to the live ones' positions, in one pass
    over the log for all, and answers each one's differences. Raises Moving if the
    live views never stood still long enough to be compared at one position."""
    for _ in range(RETRIES):
        positions = [view.position() for view in lives]
        rebuild(app, scratches, until=min(positions))
        for view, position in zip(scratches, positions, strict=True):
            rebuild(app, view, until=position)  # a live view ahead of the others
        found = [
            compare(*pair) for pair in zip(lives, scratches, positions, strict=True)
        ]
        if [view.position() for view in lives] == positions:  # commits advance them
            return found
    names = ", ".join(view.name for view in lives)
    raise Moving(f"{names} kept moving: stop their followers and verify again")


def compare(live: View, scratch: View, position: int) -> list[str]:
    if scratch.position() != position:
        return [f"rebuilt to {scratch.position()}, live at {position}"]
    return differences(live, scratch)


def drop(view: View) -> None:
    """Drops the view's tables (and with them their indexes)."""
    with view.transaction(write=True) as cursor:
        for table in view.tables():
            cursor.execute(f"DROP TABLE IF EXISTS {view.dialect.table(table)}")


def swap(live: View, rebuilt: View) -> None:
    """Puts the rebuilt tables in the live ones' place, in one transaction: the
    live view's tables are dropped, the rebuilt ones and their indexes renamed."""
    renames = dict(zip(rebuilt.tables(), live.tables(), strict=True))
    with live.transaction(write=True) as cursor:
        for table in live.tables():
            cursor.execute(f"DROP TABLE IF EXISTS {live.dialect.table(table)}")
        for old, new in renames.items():
            indexes = index_names(live, cursor, old)
            cursor.execute(
                f"ALTER TABLE {live.dialect.table(old)} RENAME TO {quote(new)}"
            )
            rename_indexes(live, cursor, indexes, rebuilt.table(), live.table())
        if live.dialect.name == "sqlite":
            for statement in live.ddl():  # indexes under the live names again
                if statement.startswith("CREATE INDEX"):
                    cursor.execute(live.sql(statement))


def index_names(view: View, cursor: Any, table: str) -> list[str]:
    """The named indexes of a table (SQLite's automatic ones left out)."""
    if view.dialect.name == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (table,),
        )
        return [row["name"] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
        (view.dialect.schema or "public", table),
    )
    return [row["indexname"] for row in cursor.fetchall()]


def rename_indexes(
    view: View, cursor: Any, indexes: list[str], old_prefix: str, new_prefix: str
) -> None:
    """PostgreSQL: renames the indexes; SQLite cannot, so drops them (the caller
    creates them again under the live names)."""
    for index in indexes:
        if view.dialect.name == "sqlite":
            cursor.execute(f"DROP INDEX {quote(index)}")
        elif index.startswith(old_prefix):
            new = new_prefix + index.removeprefix(old_prefix)
            cursor.execute(
                f"ALTER INDEX {view.dialect.table(index)} RENAME TO {quote(new)}"
            )


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
