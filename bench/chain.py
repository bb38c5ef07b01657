"""The hash chain's cost, and `audit verify`'s rate.

A /sync batch of inspections applied through the service layer (`execute_batch`, as
the route calls it, less HTTP: so the chain's share here is the largest it can be)
on two stores side by side in one run: one with the chain, one whose recorder
skips it. Rounds alternate; the ratio is the median of the rounds' ratios. Then the
demo county is loaded, sealed and verified, against hashing its rows with hashlib."""

import tempfile
import time
from contextlib import ExitStack
from typing import Any

from api.audit import verify_timed
from api.demo import load_demo
from api.settings import Settings
from bench import chain_sync
from bench.core import postgres_schema
from bench.measure import interleave, median, paired
from bench.workload import Site, set_up, stream, take
from domain.app import SiteLedger, Submission
from storage.eventstore import store_env
from storage.receipts import PostgresLedgerRecorder, SQLiteLedgerRecorder

BATCH = 100
ROUNDS = 30
TARGET = 1.1


SPENT = [0.0]  # seconds the chained stores spent extending the chain


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
        started = time.perf_counter()
        super().append_chain(*args)
        SPENT[0] += time.perf_counter() - started


class TimedPostgres(PostgresLedgerRecorder):
    def read_tail(self, *args: Any) -> None:
        started = time.perf_counter()
        super().read_tail(*args)
        SPENT[0] += time.perf_counter() - started

    def append_chain(self, *args: Any) -> None:
        started = time.perf_counter()
        super().append_chain(*args)
        SPENT[0] += time.perf_counter() - started


def opened(url: str, *, chained: bool) -> SiteLedger:
    env = store_env(url)
    kind = "SQLite" if url.startswith("sqlite") else "Postgres"
    side = "Timed" if chained else "Unchained"
    env["APPLICATION_RECORDER_TOPIC"] = f"bench.chain:{side}{kind}"
    return SiteLedger(env=env)


def batch_rate(app: SiteLedger, site: Site, commands: Any) -> list[float]:
    """The batch's commands per second, the share of its time the chain took, and
    the CPU seconds this process spent on it."""
    batch = take(commands, BATCH, site.officer_id)
    submissions = [Submission(s.command, s.meta) for s in batch]
    SPENT[0], started, cpu = 0.0, time.perf_counter(), time.process_time()
    results = app.execute_batch(submissions)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    if any(isinstance(r, Exception) for r in results):
        raise RuntimeError(f"a batch was not applied: {results[:3]}")
    return [BATCH / elapsed, SPENT[0] / elapsed, cpu]


def figures(samples: Any) -> tuple[float, ...]:
    """Rates, the side-by-side ratio, the in-batch ratio and the CPU ratio."""
    return (
        median([r[0] for r in samples["chained"]]),
        median([r[0] for r in samples["unchained"]]),
        paired(samples, lambda r: r["unchained"][0] / r["chained"][0]),
        median([1 / (1 - r[1]) for r in samples["chained"]]),
        paired(samples, lambda r: r["chained"][2] / r["unchained"][2]),
    )


def measure(urls: tuple[str, str], rounds: int) -> tuple[float, ...]:
    with ExitStack() as stack:
        sides = {}
        for name, url in zip(("chained", "unchained"), urls, strict=True):
            app = stack.enter_context(opened(url, chained=name == "chained"))
            site = set_up(app)
            commands = stream(site)
            sides[name] = lambda a=app, s=site, c=commands: batch_rate(a, s, c)
        samples = interleave(rounds, sides)
    return figures(samples)


def row(name: str, found: tuple[float, ...]) -> str:
    chained, unchained, ratio, share, cpu = found
    return (
        f"| {name} | {unchained:.0f} | {chained:.0f} | {ratio:.3f} | {share:.3f}"
        f" | {cpu:.3f} |"
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
        schemas = [stack.enter_context(postgres_schema(postgres)) for _ in range(4)]
        sqlite = [f"sqlite:///{folder}/{name}.db" for name in "abcd"]
        for name, urls in (
            ("SQLite file", (sqlite[0], sqlite[1])),
            ("PostgreSQL", (schemas[0], schemas[1])),
        ):
            rows.append(row(f"{name}, `execute_batch`", measure(urls, rounds)))
        for name, urls in (
            ("SQLite file", (sqlite[2], sqlite[3])),
            ("PostgreSQL", (schemas[2], schemas[3])),
        ):
            figures = chain_sync.measure(urls, folder, rounds)
            rows.append(row(f"{name}, `POST /sync`", figures))
    return rows


def run(postgres: str, *, quick: bool = False) -> None:
    rounds = 3 if quick else ROUNDS
    with tempfile.TemporaryDirectory() as folder:
        rows = measured(postgres, folder, rounds)
        verified = verify_demo(folder)
    print("## The hash chain's cost\n")
    print(
        f"A /sync batch of {BATCH} inspection commands, through `execute_batch` and"
        " through the whole app in this process (`POST /sync` less the socket);"
        f" medians of {rounds} interleaved rounds. The ratio is the median of the"
        " rounds' ratios, the batch's time with the chain over without it (two"
        " stores side by side: noisy on a shared machine). The in-batch ratio is the"
        " batch's time over that time less what extending the chain took in the"
        " same batch. The CPU ratio is this process's CPU time with the chain over"
        " without, round by round: on SQLite all of the work, and unmoved by the"
        " machine's other load; on PostgreSQL the server's share is not in it.\n"
    )
    print(
        "| store | without chain cmd/s | with chain cmd/s | ratio"
        f" | in-batch ratio (target ≤ {TARGET}) | CPU ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows) + "\n")
    print(verified + "\n")
