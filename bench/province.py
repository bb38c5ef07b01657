"""Reads at province scale: the routes of a supervisor of the whole province, and a
township officer's sync feed, over real HTTP on the small and the large province,
both served at once and asked in turn (rounds interleaved), on SQLite and on
PostgreSQL. Each route's p50 on both, and large ÷ small (target ≤ 1.5); the visit
ledger's CSV export, every row of the province, in µs per row. Where the large
province's answer has more rows (a province's summary has a row per county
department, its lists fill up), the ratio per answer row beside it: what a read
costs for what it answers.

The stores are `bench.ledgers`'s SQLite files and `bench.province_stores`'s
PostgreSQL schemas, generated once and kept. The first county is the same in both
provinces, so the township officer's answers are the same; the province's grow.
"""

import csv
import io
import json
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

from api.http.cursors import FeedCursor, encode_feed_cursor
from bench import ledgers
from bench.client import Client
from bench.measure import Rounds, interleave, median, paired
from bench.province_stores import TOWN, postgres_store, server_env, tokens
from bench.scenario import Scenario
from tests.e2e.server import serve

TARGET = 1.5
PG_LARGE = 66  # counties: over 200 k events
QUARTER = "year=2026&quarter=1"  # the scenario's third quarter, over before its end
EXPORT = "visit ledger CSV, µs per row"  # every visit of the province, once a round


def routes() -> dict[str, tuple[str, str]]:
    """Each route measured: who asks, and the path."""
    as_of = "as_of=" + quote(Scenario().end.isoformat())
    month = "month_from=2026-03&month_to=2026-03"
    from_start = encode_feed_cursor(FeedCursor(0), TOWN)
    return {
        "problem summary by department": (
            "province",
            f"/ledgers/issues/summary?group_by=department&{as_of}",
        ),
        "same, one month": (
            "province",
            f"/ledgers/issues/summary?group_by=department&{month}&{as_of}",
        ),
        "department ranking": ("province", f"/board/departments?{as_of}"),
        "issue ledger page 1": ("province", f"/ledgers/issues?limit=50&{as_of}"),
        "visit ledger page 1": ("province", f"/ledgers/visits?limit=50&{as_of}"),
        "quarter lists (3 × 50)": ("province", f"/board/lists?{QUARTER}&limit=50"),
        "first sync page of 100 (officer)": ("officer", "/sync/changes?limit=100"),
        "feed page of 100 (officer)": (
            "officer",
            f"/sync/changes?limit=100&cursor={from_start}",
        ),
        EXPORT: ("province", f"/ledgers/visits?format=csv&{as_of}"),
    }


@dataclass(frozen=True)
class Figures:
    database: str
    events: dict[str, int]  # small, large
    p50: dict[str, dict[str, float]]  # route: store: ms
    spread: dict[str, dict[str, tuple[float, float]]]  # route: store: round medians
    ratio: dict[str, float]  # route: large ÷ small, paired within rounds
    rows: dict[str, dict[str, int]]  # route: store: rows in its answer (JSON routes)


def sent(client: Client, path: str) -> tuple[bytes, float]:
    """A GET's body and seconds; asked again if the server had let the idle
    connection go."""
    try:
        status, data, seconds = client.send("GET", path)
    except ConnectionError:
        client.close()
        status, data, seconds = client.send("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    return data, seconds


def timed(client: Client, path: str, repeat: int) -> list[float]:
    return [sent(client, path)[1] * 1000 for _ in range(repeat)]


def answer_rows(client: Client, path: str) -> int:
    """Rows a JSON answer holds: the items of its lists (the lists' three, say)."""
    answer = json.loads(sent(client, path)[0])
    return sum(len(v) for v in answer.values() if isinstance(v, list))


def per_row(client: Client, path: str) -> list[float]:
    """Microseconds per row of one whole export (its rows counted as CSV)."""
    data, seconds = sent(client, path)
    rows = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig")))) - 1
    return [seconds * 1e6 / max(rows, 1)]


def measure(
    stores: dict[str, str], rounds: int, repeat: int
) -> tuple[Rounds, dict[str, dict[str, int]]]:
    """Both stores served at once; each route on each, in interleaved rounds; and
    the rows each JSON route answers on each."""
    sides: dict[str, Callable[[], list[float]]] = {}
    rows: dict[str, dict[str, int]] = {}
    with ExitStack() as stack:
        for size, url in stores.items():
            env = server_env(url)
            signed = tokens(env)
            base_url = stack.enter_context(serve(env))
            clients = {who: Client(base_url) for who in signed}
            for who, client in clients.items():
                client.token = signed[who]
                stack.callback(client.close)
            for route, (who, path) in routes().items():
                if route == EXPORT:
                    sides[f"{route}|{size}"] = partial(per_row, clients[who], path)
                    continue
                sides[f"{route}|{size}"] = partial(timed, clients[who], path, repeat)
                rows.setdefault(route, {})[size] = answer_rows(clients[who], path)
        return interleave(rounds, sides), rows


def figures(
    database: str,
    stores: dict[str, str],
    measured: tuple[Rounds, dict[str, dict[str, int]]],
) -> Figures:
    samples, rows = measured
    p50: dict[str, dict[str, float]] = {}
    spread: dict[str, dict[str, tuple[float, float]]] = {}
    ratio: dict[str, float] = {}
    for route in routes():
        p50[route], spread[route] = {}, {}
        for size in stores:
            rounds = [median(r) for r in samples[f"{route}|{size}"]]
            pooled = [s for r in samples[f"{route}|{size}"] for s in r]
            p50[route][size] = median(pooled)
            spread[route][size] = (min(rounds), max(rounds))
        ratio[route] = paired(samples, partial(large_over_small, route))
    return Figures(database, events(stores), p50, spread, ratio, rows)


def large_over_small(route: str, round_: dict[str, list[float]]) -> float:
    return median(round_[f"{route}|large"]) / median(round_[f"{route}|small"])


def events(stores: dict[str, str]) -> dict[str, int]:
    from storage.eventstore import open_ledger

    found = {}
    for size, url in stores.items():
        with open_ledger(url) as app:
            found[size] = app.notification_count()
    return found


def run(postgres: str, *, quick: bool = False) -> list[Figures]:
    rounds, repeat = (3, 3) if quick else (8, 5)
    large = ledgers.SMALL + 1 if quick else ledgers.LARGE
    sqlite = {"small": ledgers.store(ledgers.SMALL), "large": ledgers.store(large)}
    pg_large = ledgers.SMALL + 1 if quick else PG_LARGE
    pg = {
        "small": postgres_store(postgres, ledgers.SMALL),
        "large": postgres_store(postgres, pg_large),
    }
    found = []
    for database, stores in (("SQLite", sqlite), ("PostgreSQL", pg)):
        found.append(figures(database, stores, measure(stores, rounds, repeat)))
    for each in found:
        report(each)
    return found


def report(found: Figures) -> None:
    small, large = found.events["small"], found.events["large"]
    print(f"## Province scale on {found.database}: {small:,} and {large:,} events\n")
    print(
        "p50 over HTTP in ms (range of the rounds' medians), both stores served at"
        " once and asked in turn; the ratio is the median over rounds of large ÷"
        f" small in the same round (target ≤ {TARGET}); where the answers differ in"
        " size, the ratio per answer row too. The export is asked once a round, in"
        " µs per row.\n"
    )
    print("| route | small | large | ratio | answer rows | ratio per row |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for route, by_size in found.p50.items():
        cells = [
            f"{by_size[size]:.1f} ({low:.1f}–{high:.1f})"
            for size, (low, high) in found.spread[route].items()
        ]
        ratio, rows = found.ratio[route], found.rows.get(route)
        shown = [f"{ratio:.2f} {mark(ratio)}", "", ""]
        if rows and rows["small"] != rows["large"]:
            each = ratio * rows["small"] / max(rows["large"], 1)
            shown = [f"{ratio:.2f}", f"{rows['small']} / {rows['large']}"]
            shown.append(f"{each:.2f} {mark(each)}")
        print(f"| {route} | {' | '.join(cells)} | {' | '.join(shown)} |")
    print()


def mark(ratio: float) -> str:
    return "✓" if ratio <= TARGET else "✗"
