"""Figures laid out for the pages' SVG charts: bars scaled to a box, nothing drawn
here (the templates draw), nothing fetched from anywhere."""

from collections import defaultdict
from typing import Any

WIDTH, HEIGHT = 640, 200  # the monthly chart's plotting box
SERIES = ("received", "resolved", "overdue")
TOWNSHIP = 9  # digits of a township's code


def monthly(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Received, resolved and overdue per month as grouped bars."""
    top = max([1, *(row[s] for row in rows for s in SERIES)])
    slot = WIDTH / max(1, len(rows))
    bar = slot / (len(SERIES) + 1)
    months = []
    for n, row in enumerate(rows):
        bars = [
            {
                "series": series,
                "value": row[series],
                "x": round(n * slot + (k + 0.5) * bar, 1),
                "height": round(HEIGHT * row[series] / top, 1),
            }
            for k, series in enumerate(SERIES)
        ]
        months.append({"month": row["group"], "x": round(n * slot, 1), "bars": bars})
    return {"months": months, "bar": round(bar, 1), "top": top, "height": HEIGHT}


def rates(ranked: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each department's on-time and satisfaction rates as bar lengths (of 100)."""
    return [
        {
            "name": row["group"],
            "on_time": row["on_time_rate"],
            "satisfied": row["satisfaction_rate"],
            "on_time_width": round(100 * (row["on_time_rate"] or 0), 1),
            "satisfied_width": round(100 * (row["satisfaction_rate"] or 0), 1),
        }
        for row in ranked
    ]


def places(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The projects' sites by township (the first 9 digits of their jurisdiction),
    each a tile of coloured dots: a schematic map, as projects carry a place name and
    a code, not coordinates."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["jurisdiction"][:TOWNSHIP]].append(
            {"id": row["id"], "name": row["name"], "warning": row["warning"] or "none"}
        )
    return [{"code": code, "projects": grouped[code]} for code in sorted(grouped)]
