"""The board's indexes: each project under every place that reads it, and its year's
completed share as of each month of a planned year, best first (红榜 reads a window)."""

import json
from typing import Any

from projections.places import places
from projections.warnings import investment_in

Row = dict[str, Any]
SCALE = 10_000  # a share is kept in ten-thousandths, as `Investment.share` rounds it
TABLES = [
    "CREATE TABLE IF NOT EXISTS {places} (place {key} NOT NULL,"
    " position {int} NOT NULL, PRIMARY KEY (place, position))",
    "CREATE INDEX IF NOT EXISTS {prefix}_places_of ON {places} (position)",
    "CREATE TABLE IF NOT EXISTS {shares} (place {key} NOT NULL, month {key} NOT NULL,"
    " position {int} NOT NULL, share {int} NOT NULL,"
    " PRIMARY KEY (place, month, position))",
    "CREATE INDEX IF NOT EXISTS {prefix}_best ON {shares}"
    " (place, month, share DESC, position)",
    "CREATE INDEX IF NOT EXISTS {prefix}_shares_of ON {shares} (position)",
]
UNPLACE = "DELETE FROM {places} WHERE position = :position"
PLACE = "INSERT INTO {places} (place, position) VALUES (:place, :position)"
UNSHARE = "DELETE FROM {shares} WHERE position = :position"
SHARE = (
    "INSERT INTO {shares} (place, month, position, share)"
    " VALUES (:place, :month, :position, :share)"
)
READ = ("jurisdiction", "investment", "annual_plans")  # what the indexes follow


def stale(before: Row | None, row: Row) -> bool:
    """A row whose index rows are to be written again."""
    return before is None or any(before[c] != row[c] for c in READ)


def place_rows(row: Row) -> list[Row]:
    found = sorted(places(row["jurisdiction"]))
    return [{"place": place, "position": row["position"]} for place in found]


def share_rows(row: Row) -> list[Row]:
    """The year's completed share as of each month of every year with a plan, under
    each of the project's places (`investment_in`, as the board reads it)."""
    found = []
    for year in sorted(int(y) for y in json.loads(row["annual_plans"])):
        for number in range(1, 13):
            month = f"{year}-{number:02d}"
            share = investment_in(row, year, month).share
            if share is None:
                continue
            found += [
                {"place": p["place"], "month": month, "share": int(share * SCALE)}
                | {"position": row["position"]}
                for p in place_rows(row)
            ]
    return found
