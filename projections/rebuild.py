"""Rebuilding a view from scratch in tables of its own: compare it, or swap it in."""

from collections.abc import Callable
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
    view: View,
    until: int | None = None,
    progress: Callable[[int], object] = lambda _: None,
    limit: int = 1000,
) -> int:
    """Catches a view up to `until` (the head when None), a batch at a time, telling
    `progress` how many notifications each batch covered. Answers its position."""
    while True:
        before = view.position()
        catch_up(app, [view], limit, until=until, batches=1)
        after = view.position()
        if after == before:
            return after
        progress(after - before)


def contents(view: View) -> Contents:
    """Every row of each of the view's tables but its tracking, sorted."""
    found: Contents = {}
    for table in view.tables():
        if table == view.table("tracking"):
            continue
        rows = view.query(f"SELECT * FROM {view.dialect.table(table)}", {})
        suffix = table.removeprefix(view.table()) or "rows"
        found[suffix] = sorted(tuple(row.values()) for row in rows)
    return found


def differences(live: Contents, rebuilt: Contents) -> list[str]:
    """What one view holds that the other does not, table by table."""
    found = []
    for table in sorted(live.keys() | rebuilt.keys()):
        ours, theirs = set(live.get(table, [])), set(rebuilt.get(table, []))
        for side, rows in (
            ("live only", ours - theirs),
            ("rebuilt only", theirs - ours),
        ):
            for row in sorted(rows, key=repr)[:SHOWN]:
                found.append(f"{table}: {side}: {row!r}")
            if len(rows) > SHOWN:
                found.append(f"{table}: {side}: … and {len(rows) - SHOWN} more")
    return found


def verify(app: SiteLedger, live: View, scratch: View) -> list[str]:
    """Rebuilds the view in the scratch tables up to the live one's position and
    answers their differences (none if they are equal). Raises Moving if the live
    view never stood still long enough to be read at one position."""
    for _ in range(RETRIES):
        position = live.position()
        rebuild(app, scratch, until=position)
        found = contents(live)
        if live.position() == position:  # every commit advances the position
            if scratch.position() != position:
                return [f"rebuilt to {scratch.position()}, live at {position}"]
            return differences(found, contents(scratch))
    raise Moving(f"{live.name} kept moving: stop its followers and verify again")


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
