"""A ledger view grown by copying its own rows: exports of any size from one county."""

import sqlite3
from pathlib import Path

from projections.places import places


def copy_rows(path: Path, view: str, rows: int) -> None:
    """Doubles a ledger view's rows (`view_issues`, `view_visits`), as copies with
    new ids, up to `rows`, each copy also under the places that read it (as the
    view indexes its rows)."""
    with sqlite3.connect(path) as db:
        while (held := db.execute(f"SELECT count(*) FROM {view}").fetchone()[0]) < rows:
            db.execute("DROP TABLE IF EXISTS temp.copied")
            db.execute(f"CREATE TEMP TABLE copied AS SELECT * FROM {view}")
            db.execute(
                "UPDATE copied SET id = lower(hex(randomblob(16))),"
                f" position = position + (SELECT max(position) FROM {view})"
            )
            db.execute(
                "DELETE FROM copied WHERE position NOT IN"
                " (SELECT position FROM copied ORDER BY position LIMIT ?)",
                (rows - held,),
            )
            db.execute(f"INSERT INTO {view} SELECT * FROM copied")
            db.executemany(
                f"INSERT INTO {view}_places (place, position) VALUES (?, ?)",
                [
                    (place, position)
                    for code, position in db.execute(
                        "SELECT jurisdiction, position FROM copied"
                    ).fetchall()
                    for place in places(code)
                ],
            )
