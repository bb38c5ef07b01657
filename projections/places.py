"""Where a row is read from: the scopes that see it, kept as index rows (place, position)."""

from collections.abc import Iterable

LEVELS = (2, 4, 6, 9, 12)  # digits of a province, city, county, township, grid
SHARED = "^"  # marks a place that shares reference data with the jurisdictions below


def places(jurisdiction: str) -> set[str]:
    """The scopes whose subtree holds a jurisdiction: its code cut at each level
    above it, and the code itself."""
    return {jurisdiction[:n] for n in LEVELS if n < len(jurisdiction)} | {jurisdiction}


def indexed(scope: str) -> bool:
    """A scope that `places` names: one of a level (the empty scope reads all)."""
    return len(scope) in LEVELS


def reach(jurisdictions: Iterable[str | None], shared: bool) -> set[str]:
    """The places a row of these jurisdictions (where it is, where it left) is read
    from; reference data also from below its own jurisdiction (`SHARED` + code)."""
    found: set[str] = set()
    for code in filter(None, jurisdictions):
        found |= places(code) | ({SHARED + code} if shared else set())
    return found


def looked_up(scope: str) -> list[str]:
    """The places a reader of an indexed scope reads: its own, and the reference
    data of every jurisdiction it lies in."""
    return [scope, *(SHARED + scope[:n] for n in range(2, len(scope)))]


def merged(table: str, count: int, bound: str = "") -> str:
    """The positions of the first `:limit` rows past `:after` (and up to `bound`)
    in any of `count` places `:p0`, `:p1`…: one bounded index range per place,
    merged. Its cost follows the page, not the history."""
    parts = [
        f"SELECT position FROM (SELECT position FROM {table} WHERE place = :p{n}"
        f" AND position > :after{bound} ORDER BY position LIMIT :limit) AS a{n}"
        for n in range(count)
    ]
    return " UNION ALL ".join(parts)


# A view's rows under every place that reads them, in the order of their first event.
PLACES = (
    "CREATE TABLE IF NOT EXISTS {places} (place {key} NOT NULL,"
    " position {int} NOT NULL, PRIMARY KEY (place, position))"
)
PLACE = "INSERT INTO {places} (place, position) VALUES (:place, :position)"
UNPLACE = "DELETE FROM {places} WHERE position = :position"  # before a move's PLACE
ON_PLACE = "r.position = p.position"


def placed(jurisdiction: str, position: int) -> list[dict[str, object]]:
    """The `PLACES` rows of a row first recorded at a position."""
    return [{"place": p, "position": position} for p in sorted(places(jurisdiction))]


def unplaced(rows: list[dict[str, object]], position: int) -> list[dict[str, object]]:
    """`PLACES` rows still to write, less a row's that moved in the same batch."""
    return [row for row in rows if row["position"] != position]


def moved(before: dict[str, object] | None, row: dict[str, object]) -> bool:
    """A row that went to another jurisdiction: read from the new one's places."""
    return before is not None and before["jurisdiction"] != row["jurisdiction"]


def narrowest(scope: str, subtree: str | None) -> str | None:
    """The indexed place a list of `scope`, narrowed to `subtree`, reads (None if
    not indexed, or the two do not meet)."""
    if subtree is None or scope.startswith(subtree):
        place = scope
    elif subtree.startswith(scope):
        place = subtree
    else:
        return None
    return place if indexed(place) else None
