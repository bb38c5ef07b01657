"""Completed inspections ingested per second over real HTTP: one phone and eight at
once, on a SQLite file and on PostgreSQL, each served as `make run`
starts it, and ODK Central beside them when `--odk PATH` names a checkout of its
backend. An inspection is one /sync: plan, check in, the answer sheet (ten answers,
one command), check out; against one OpenRosa submission of a ten-field form.
Sides alternate round by round, so the ratios hold on a noisy machine.
"""

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from bench.api import CATCH_UP, add_officer, post_sync, signed_in, verify
from bench.measure import interleave, median, paired, percentile
from bench.workload import Site, answer_sheet, sent, set_up
from storage.eventstore import open_ledger
from tests.conftest import fresh_schema
from tests.e2e.server import serve

Send = Callable[[], float]  # one inspection sent; the seconds it took
PHONES = (1, 8)
STORES = ("SQLite", "PostgreSQL")  # each served as `make run` serves it (2 workers)
ONE_WORKER = {store: f"{store}, 1 worker" for store in STORES}  # 8 phones only


def phones_of(side: str) -> tuple[int, ...]:
    return (8,) if side in ONE_WORKER.values() else PHONES


@dataclass(frozen=True)
class Scale:
    rounds: int = 5
    per_phone: int = 40  # inspections each phone sends in a round


QUICK = Scale(rounds=2, per_phone=10)


@dataclass(frozen=True)
class Rate:
    per_second: float
    latencies: list[float]


@dataclass(frozen=True)
class IngestFigures:
    rates: dict[str, dict[int, float]]  # side → phones → inspections/s (median)
    p50: dict[str, dict[int, float]]
    p99: dict[str, dict[int, float]]
    ratios: dict[str, float]  # named ratios, each the median of per-round ratios
    rounds: int
    spreads: dict[str, tuple[float, float]]  # each ratio's lowest and highest round
    ranges: dict[str, dict[int, tuple[float, float]]]  # each rate's, likewise


@contextmanager
def siteledger(url: str, workers: int | None = None) -> Iterator[Callable[[], Send]]:
    """A server on a fresh store and an officer; yields a maker of senders, one a
    phone, each on a connection of its own."""
    env = {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_JWT_SECRET": "bench-" + "x" * 40,
        "SITELEDGER_FOLLOW": "y",  # as `make run` serves
    } | ({"SITELEDGER_SERVER_WORKERS": str(workers)} if workers else {})
    with open_ledger(url) as app:
        site = set_up(app)
    actor_id = add_officer(env)
    with serve(env) as base_url:
        yield lambda: sender(base_url, site, actor_id)
        signed_in(base_url).call("GET", CATCH_UP)
    verify(env)


def sender(base_url: str, site: Site, actor_id: UUID) -> Send:
    client = signed_in(base_url)
    return lambda: post_sync(client, sent(answer_sheet(site), actor_id))


def rate(make: Callable[[], Send], phones: int, per_phone: int) -> Rate:
    """Phones sending inspections at once, released together."""
    senders = [make() for _ in range(phones)]
    start = threading.Barrier(phones + 1)
    latencies: list[list[float]] = [[] for _ in senders]

    def phone(n: int) -> None:
        start.wait()
        latencies[n] = [senders[n]() for _ in range(per_phone)]

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(phones)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    pooled = [s for samples in latencies for s in samples]
    return Rate(phones * per_phone / elapsed, pooled)


def run(
    postgres: str,
    *,
    odk: Path | None = None,
    odk_node: str | None = None,
    quick: bool = False,
) -> IngestFigures:
    scale = QUICK if quick else Scale()
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:

        def store(kind: str, workers: int | None) -> str:
            if kind == "SQLite":
                return f"sqlite:///{folder}/{workers or 'default'}.sqlite3"
            return stack.enter_context(fresh_schema(postgres))

        sides = {
            name: stack.enter_context(siteledger(store(kind, workers), workers))
            for kind in STORES
            for name, workers in ((kind, None), (ONE_WORKER[kind], 1))
        }
        if odk is not None:
            from bench.odk import odk_peer

            sides["ODK Central"] = stack.enter_context(odk_peer(odk, odk_node)).sender
        kept: dict[tuple[str, int], list[Rate]] = {}

        def side(name: str, phones: int) -> Callable[[], list[float]]:
            def one_round() -> list[float]:
                measured = rate(sides[name], phones, scale.per_phone)
                kept.setdefault((name, phones), []).append(measured)
                return [measured.per_second]

            return one_round

        rounds = interleave(
            scale.rounds,
            {f"{n}/{p}": side(n, p) for n in sides for p in phones_of(n)},
        )
    return figures(rounds, kept, scale.rounds, odk is not None)


def figures(
    rounds: dict[str, list[list[float]]],
    kept: dict[tuple[str, int], list[Rate]],
    count: int,
    with_odk: bool,
) -> IngestFigures:
    names = sorted({name for name, _ in kept})
    counted = {key: rates[1:] for key, rates in kept.items()}  # less the warm-up

    spreads: dict[str, tuple[float, float]] = {}

    def ratio(a: str, b: str) -> float:
        each = [x[0] / y[0] for x, y in zip(rounds[a], rounds[b], strict=False)]
        spreads[f"{a} ÷ {b}"] = (min(each), max(each))
        return paired(rounds, lambda r: r[a][0] / r[b][0])

    ratios = {
        f"{store}: 8 phones ÷ 1": ratio(f"{store}/8", f"{store}/1") for store in STORES
    } | {
        f"{store}, 8 phones: 2 workers ÷ 1": ratio(
            f"{store}/8", f"{ONE_WORKER[store]}/8"
        )
        for store in STORES
    }
    if with_odk:
        compared = [("SQLite", 1), ("SQLite", 8), ("PostgreSQL", 8)]
        compared += [(ONE_WORKER[store], 8) for store in STORES]
        for store, phones in compared:
            ratios[f"{store} ÷ ODK Central, {phones} phone(s)"] = ratio(
                f"{store}/{phones}", f"ODK Central/{phones}"
            )
    return IngestFigures(
        rates={
            n: {p: median([r.per_second for r in counted[n, p]]) for p in phones_of(n)}
            for n in names
        },
        p50={
            n: {p: median(latencies(counted[n, p])) for p in phones_of(n)}
            for n in names
        },
        p99={
            n: {p: percentile(latencies(counted[n, p]), 99) for p in phones_of(n)}
            for n in names
        },
        ratios=ratios,
        rounds=count,
        spreads=dict(zip(ratios, spreads.values(), strict=True)),
        ranges={n: {p: rate_range(counted[n, p]) for p in phones_of(n)} for n in names},
    )


def rate_range(rates: list[Rate]) -> tuple[float, float]:
    return min(r.per_second for r in rates), max(r.per_second for r in rates)


def latencies(rates: list[Rate]) -> list[float]:
    return [s for r in rates for s in r.latencies]


def print_ingest(f: IngestFigures) -> None:
    print("## Ingest: completed inspections per second over HTTP\n")
    print("| side | phones | inspections/s | rounds | p50 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, by_phones in f.rates.items():
        for phones, per_second in by_phones.items():
            p50, p99 = f.p50[name][phones] * 1000, f.p99[name][phones] * 1000
            low, high = f.ranges[name][phones]
            print(
                f"| {name} | {phones} | {per_second:.0f} | {low:.0f}–{high:.0f}"
                f" | {p50:.1f} ms | {p99:.1f} ms |"
            )
    print("\n| ratio (median of the rounds' own) | value | rounds |")
    print("| --- | ---: | ---: |")
    for name, value in f.ratios.items():
        low, high = f.spreads[name]
        print(f"| {name} | {value:.2f} | {low:.2f}–{high:.2f} |")
    print(
        f"\n_{f.rounds} rounds after a warm-up; views verified equal to a rebuild"
        " after the run on both stores._\n"
    )
