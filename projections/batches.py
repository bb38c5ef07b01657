"""The pre-landing pool as of a day, where each of its projects stands, and the four
batches (四个一批: 谋划, 签约, 开工, 投产) counted per month, quarter or year."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from projections.dates import AsOf

Row = dict[str, Any]
NODES = ("signed", "started", "producing")  # the pool's facts that are nodes' days
BATCHES = ("planned", *NODES)  # 谋划一批 (entered the pool), 签约, 开工, 投产
GROUPS: dict[str, Callable[[Row, str], str]] = {
    "all": lambda _, scope: scope,
    "level": lambda row, _: row["level"],
    "county": lambda row, _: row["jurisdiction"][:6],
    "city": lambda row, _: row["jurisdiction"][:4],
    "jurisdiction": lambda row, _: row["jurisdiction"],
}
PERIODS: dict[str, Callable[[str], str]] = {
    "month": lambda day: day[:7],
    "quarter": lambda day: f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}",
    "year": lambda day: day[:4],
}


def by_project(facts: Iterable[Row], as_of: AsOf) -> dict[str, Row]:
    """Each project's facts as of a day: every entry and withdrawal (in the order
    recorded), and the day of each node as last recorded, if reached by then."""
    today, found = as_of.today.isoformat(), dict[str, Row]()
    for fact in facts:
        project = found.setdefault(fact["id"], project_of(fact))
        kind, on = fact["kind"], fact["on_day"]
        if kind in NODES:
            project[kind] = on if on <= today else None
        elif on <= today:
            project["moves"].append((kind, on, fact["reason"]))
    return found


def project_of(fact: Row) -> Row:
    kept = ("id", "code", "name", "level", "jurisdiction", "total_investment")
    return {k: fact[k] for k in kept} | dict.fromkeys(NODES) | {"moves": []}


def pool(facts: Iterable[Row], as_of: AsOf) -> list[Row]:
    """The projects ever entered in the pool by as_of, with where each stands:
    pooled (not yet signed), signed, started, in production, or withdrawn."""
    found = []
    for project in by_project(facts, as_of).values():
        entries = [on for kind, on, _ in project["moves"] if kind == "pooled"]
        if not entries:
            continue
        last, on, reason = project["moves"][-1]
        withdrawn = last == "withdrawn"
        found.append(
            {k: v for k, v in project.items() if k != "moves"}
            | {"pooled_on": entries[-1], "status": status(project, withdrawn)}
            | {"withdrawn_on": on if withdrawn else None}
            | {"reason": reason if withdrawn else None}
        )
    return sorted(found, key=lambda row: (row["pooled_on"], row["code"]))


def status(project: Row, withdrawn: bool) -> str:
    if withdrawn:
        return "withdrawn"
    standing = {"producing": "in_production", "started": "started", "signed": "signed"}
    return next((standing[n] for n in reversed(NODES) if project[n]), "pooled")


def tally(rows: Iterable[Row]) -> dict[str, int]:
    """How many of the pool's projects stand where."""
    counted = dict.fromkeys(("pooled", "signed", "started", "in_production"), 0)
    counted["withdrawn"] = 0
    for row in rows:
        counted[row["status"]] += 1
    return counted


def batches(
    facts: Iterable[Row],
    as_of: AsOf,
    scope: str,
    *,
    period: str,
    year: int,
    group_by: str,
) -> list[Row]:
    """Per period of the year (to as_of's) and group: the projects entered in the
    pool (谋划), signed, started and put into production in it, with their total
    investment, and those withdrawn from the pool."""
    projects = by_project(facts, as_of)
    periods = periods_of(period, year, as_of)
    groups = {GROUPS[group_by](p, scope) for p in projects.values()}
    table = {
        (at, group): empty(at, group)
        for at in periods
        for group in groups | ({scope} if group_by == "all" else set())
    }
    for project in projects.values():
        group = GROUPS[group_by](project, scope)
        for batch, on in dated(project):
            row = table.get((PERIODS[period](on), group))  # periods of the year
            if row is not None:
                row[batch] += 1
                row[f"{batch}_investment"] += Decimal(project["total_investment"])
    return [finished(row) for _, row in sorted(table.items())]


def dated(project: Row) -> list[tuple[str, str]]:
    """The batches the project counts in, each with its day."""
    moved = [("planned" if k == "pooled" else k, on) for k, on, _ in project["moves"]]
    return [*moved, *((node, project[node]) for node in NODES if project[node])]


def periods_of(period: str, year: int, as_of: AsOf) -> list[str]:
    """The periods of the year that have begun by as_of."""
    if year > as_of.today.year:
        return []
    last = 12 if year < as_of.today.year else as_of.today.month
    return sorted({PERIODS[period](f"{year}-{m:02d}-01") for m in range(1, last + 1)})


def empty(period: str, group: str) -> Row:
    zero = Decimal(0)
    counts = dict.fromkeys((*BATCHES, "withdrawn"), 0)
    sums = {f"{batch}_investment": zero for batch in (*BATCHES, "withdrawn")}
    return {"period": period, "group": group} | counts | sums


def finished(row: Row) -> Row:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in row.items()}
