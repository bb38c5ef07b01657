"""The hash chain's cost, and `audit verify`'s rate.

A /sync batch of inspections applied through the service layer (`execute_batch`, as
the route calls it, less HTTP: so the chain's share here is the largest it can be)
on two stores side by side in one run: one with the chain, one whose recorder
skips it. Rounds alternate; the ratio is the median of the rounds' ratios. Then the
demo county is loaded, sealed and verified, against hashing its rows with hashlib."""

import os
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any

from api.audit import verify_timed
from api.demo import load_demo
from api.settings import Settings
from bench import chain_sync
from bench.core import postgres_schema
from bench.measure import interleave, median, percentile
from bench.workload import Site, set_up, stream, take
from domain.app import SiteLedger, Submission
from storage.eventstore import store_env
from storage.receipts import PostgresLedgerRecorder, SQLiteLedgerRecorder

BATCH = 100
ROUNDS = 60
TARGET = 1.1


SPENT = [0.0]  # CPU seconds the chained stores spent extending the chain


class UnchainedSQLite(SQLiteLedgerRecorder):
    def append_chain(self, *_: Any) -> None:
        pass


class UnchainedPostgres(PostgresLedgerRecorder):
    def read_tail(self, *_: Any) -> None:
        pass

    def append_chain(self, *_: Any) -> None:
        pass


class TimedSQLite(SQLiteLedgerRecorder):
    def append_chain(self, *args: Any) -> None:
        started = time.process_time()
        super().append_chain(*args)
        SPENT[0] += time.process_time() - started


class TimedPostgres(PostgresLedgerRecorder):
    def read_tail(self, *args: Any) -> None:
        started = time.process_time()
        super().read_tail(*args)
        SPENT[0] += time.process_time() - started

    def append_chain(self, *args: Any) -> None:
        started = time.process_time()
        super().append_chain(*args)
        SPENT[0] += time.process_time() - started


SIDES = {"chained": "Timed", "unchained": "Unchained", "links": "Links"}


def opened(url: str, side: str) -> SiteLedger:
    env = store_env(url)
    kind = "SQLite" if url.startswith("sqlite") else "Postgres"
    module = "bench.chain_links" if side == "links" else "bench.chain"
    env["APPLICATION_RECORDER_TOPIC"] = f"{module}:{SIDES[side]}{kind}"
    return SiteLedger(env=env)


def batch_rate(app: SiteLedger, site: Site, commands: Any) -> list[float]:
    """The batch's commands per second, the share of this process's CPU time on it
    that extending the chain took, and that CPU time."""
    batch = take(commands, BATCH, site.officer_id)
    submissions = [Submission(s.command, s.meta) for s in batch]
    SPENT[0], started, cpu = 0.0, time.perf_counter(), time.process_time()
    results = app.execute_batch(submissions)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    if any(isinstance(r, Exception) for r in results):
        raise RuntimeError(f"a batch was not applied: {results[:3]}")
    return [BATCH / elapsed, SPENT[0] / cpu, cpu]


def quartiles(samples: Any, figure: Any) -> tuple[float, float, float]:
    """A figure of each round (the sides ran side by side in it): its median and
    the range of its middle half of rounds."""
    found = [
        figure({side: s[n] for side, s in samples.items()})
        for n in range(min(len(rounds) for rounds in samples.values()))
    ]
    return median(found), percentile(found, 25), percentile(found, 75)


def figures(samples: Any) -> tuple[Any, ...]:
    """Rates, the side-by-side ratio, the in-batch ratio and the CPU ratio (each
    ratio with its quartiles over the rounds); and when the earlier layout (a row a
    link) ran beside them, its side-by-side and CPU ratios."""
    found = (
        median([r[0] for r in samples["chained"]]),
        median([r[0] for r in samples["unchained"]]),
        quartiles(samples, lambda r: r["unchained"][0] / r["chained"][0]),
        quartiles(samples, lambda r: 1 / (1 - r["chained"][1])),
        quartiles(samples, lambda r: r["chained"][2] / r["unchained"][2]),
    )
    if "links" not in samples:
        return (*found, None, None)
    return (
        *found,
        quartiles(samples, lambda r: r["unchained"][0] / r["links"][0]),
        quartiles(samples, lambda r: r["links"][2] / r["unchained"][2]),
    )


def measure(urls: Sequence[str], rounds: int) -> tuple[Any, ...]:
    """The chained store, the unchained one and the earlier layout's, side by side."""
    with ExitStack() as stack:
        sides = {}
        for name, url in zip(SIDES, urls, strict=True):
            app = stack.enter_context(opened(url, name))
            site = set_up(app)
            commands = stream(site)
            sides[name] = lambda a=app, s=site, c=commands: batch_rate(a, s, c)
        samples = interleave(rounds, sides)
    return figures(samples)


def shown(found: tuple[float, float, float] | None) -> str:
    if found is None:
        return "—"
    middle, low, high = found
    return f"{middle:.3f} ({low:.2f}–{high:.2f})"


def row(name: str, found: tuple[Any, ...]) -> str:
    chained, unchained, *ratios = found
    return (
        f"| {name} | {unchained:.0f} | {chained:.0f} | "
        + " | ".join(map(shown, ratios))
        + " |"
    )


def verify_demo(folder: str) -> str:
    settings = Settings(database_url=f"sqlite:///{folder}/demo.sqlite3")
    with settings.open_ledger() as app:
        load_demo(app, 2026)
        timed = verify_timed(app, settings)
    report, megabytes = timed.report, timed.report.stored_bytes / 1e6
    return (
        f"`audit verify` of the demo county (SQLite): {report.entries} entries,"
        f" {megabytes:.1f} MB in {timed.seconds:.2f} s"
        f" ({megabytes / timed.seconds:.1f} MB/s; hashlib's SHA-256 alone over the"
        f" same rows {megabytes / timed.hashlib_seconds:.0f} MB/s)."
    )


def measured(postgres: str, folder: str, rounds: int) -> list[str]:
    """The table's rows: each store through `execute_batch`, then `POST /sync`."""
    rows = []
    with ExitStack() as stack:
        schemas = [stack.enter_context(postgres_schema(postgres)) for _ in range(5)]
        sqlite = [f"sqlite:///{folder}/{name}.db" for name in "abcde"]
        for name, urls in (("SQLite file", sqlite[:3]), ("PostgreSQL", schemas[:3])):
            rows.append(row(f"{name}, `execute_batch`", measure(urls, rounds)))
        for name, pair in (("SQLite file", sqlite[3:]), ("PostgreSQL", schemas[3:])):
            figures = chain_sync.measure(pair, folder, rounds)
            rows.append(row(f"{name}, `POST /sync`", figures))
    return rows


def run(postgres: str, *, quick: bool = False) -> None:
    rounds = 3 if quick else ROUNDS
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        rows = measured(postgres, folder, rounds)
        verified = verify_demo(folder)
    load = (load + os.getloadavg()[0]) / 2
    print("## The hash chain's cost\n")
    print(
        f"A /sync batch of {BATCH} inspection commands, through `execute_batch` and"
        " through the whole app in this process (`POST /sync` less the socket);"
        f" medians of {rounds} interleaved rounds. The ratio is the median of the"
        " rounds' ratios, the batch's time with the chain over without it (two"
        " stores side by side: noisy on a shared machine), with the quartiles of the"
        " rounds' ratios in brackets. The in-batch ratio is the batch's CPU time"
        " over that time less what extending the chain took in the same batch (one"
        " store: no second store's noise). The CPU ratio is this process's CPU"
        " time with the chain over without, round by round: on SQLite all of the work, and unmoved by the"
        " machine's other load; on PostgreSQL the server's share is not in it."
        " Through `execute_batch` a third store ran beside them, writing the chain"
        " as the release before blocks did (a row a link): its two ratios.\n"
    )
    print(
        "| store | without chain cmd/s | with chain cmd/s | ratio"
        f" | in-batch ratio (target ≤ {TARGET}) | CPU ratio"
        " | a row a link: ratio | a row a link: CPU ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows) + "\n")
    print(verified + "\n")
    print(f"Load average over the run: {load:.1f} (2 cores).\n")
