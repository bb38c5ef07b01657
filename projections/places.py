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
