"""考核: departments scored on what they finish on time and what they leave late.

Each part is a share from 0 to 1, None where a department has nothing it measures:

- `on_time`: resolved on time / (resolved + open past the limit): an open problem
  past its limit counts as a late one, so sitting on problems costs;
- `overdue`: 1 - open past the limit / open;
- `first_response`: first responses (方案) within their limit / those due by then;
- `satisfaction`: satisfied or basically satisfied / rated;
- `escalations`: 1 - problems escalated (提级) / received.

The score is 100 x the weighted mean of the parts a department has (weights are
settings); departments rank by score, a department without one last.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

Row = dict[str, Any]
PARTS = ("on_time", "overdue", "first_response", "satisfaction", "escalations")


@dataclass(frozen=True)
class RankingWeights:
    """How much each part weighs (SITELEDGER_RANK_WEIGHT_...)."""

    on_time: int = 40
    overdue: int = 20
    first_response: int = 15
    satisfaction: int = 15
    escalations: int = 10

    def __post_init__(self) -> None:
        weights = asdict(self).values()
        if any(w < 0 for w in weights) or not sum(weights):
            raise ValueError("ranking weights are 0 or more, and not all 0")


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def parts(row: Mapping[str, Any]) -> dict[str, float | None]:
    """A department's parts from its figures (see the module's docstring)."""
    overdue, open_ = row["overdue"], row["open"]
    escalated = share(row["escalated"], row["received"])
    not_overdue = share(overdue, open_)
    return {
        "on_time": share(row["resolved_on_time"], row["resolved"] + overdue),
        "overdue": None if not_overdue is None else 1 - not_overdue,
        "first_response": share(row["responded_on_time"], row["response_due"]),
        "satisfaction": share(row["satisfied"], row["rated"]),
        "escalations": None if escalated is None else 1 - escalated,
    }


def score(found: Mapping[str, float | None], weights: RankingWeights) -> float | None:
    """100 x the weighted mean of the parts present, two decimals."""
    weighed: list[tuple[int, float]] = [
        (getattr(weights, k), v) for k, v in found.items() if v is not None
    ]
    total = sum(w for w, _ in weighed)
    if not total:
        return None
    return round(100 * sum(w * v for w, v in weighed) / total, 2)


def ranked(rows: list[Row], weights: RankingWeights) -> list[Row]:
    """Departments with their parts, score and rank, best first."""
    scored = []
    for row in rows:
        found = parts(row)
        shown = {k: None if v is None else round(v, 4) for k, v in found.items()}
        scored.append({**row, "parts": shown, "score": score(found, weights)})
    scored.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["group"]))
    return [{"rank": n, **row} for n, row in enumerate(scored, start=1)]


def with_change(rows: list[Row], before: Mapping[str, int]) -> list[Row]:
    """Each department's rank in the period before and how far it moved up (a
    negative change: down); None where it was not ranked then."""
    return [
        {
            **row,
            "previous_rank": before.get(row["group"]),
            "change": None
            if row["group"] not in before
            else before[row["group"]] - row["rank"],
        }
        for row in rows
    ]
