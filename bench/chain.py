"""The hash chain's cost, and `audit verify`'s rate.

A /sync batch of inspections applied through the service layer (`execute_batch`, as
the route calls it, less HTTP: so the chain's share here is the largest it can be)
on two stores side by side in one run: one with the chain, one whose recorder
skips it. Rounds alternate; the ratio is the median of the rounds' ratios. Then the
demo county is loaded, sealed and verified, against hashing its rows with hashlib."""

import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any

from api.audit import verify_timed
from api.demo import load_demo
from api.settings import Settings
from bench.core import postgres_schema
from bench.measure import interleave, median, paired, pooled
from bench.workload import Site, set_up, stream, take
from domain.app import SiteLedger, Submission
from storage.chain import Entry
from storage.eventstore import store_env
from storage.receipts import PostgresLedgerRecorder, SQLiteLedgerRecorder

BATCH = 100
ROUNDS = 10
TARGET = 1.1


class UnchainedSQLite(SQLiteLedgerRecorder):
    def append_chain(self, c: Any, found: Sequence[Entry]) -> None:
        pass


class UnchainedPostgres(PostgresLedgerRecorder):
    def append_chain(self, curs: Any, found: Sequence[Entry]) -> None:
        pass


def opened(url: str, *, chained: bool) -> SiteLedger:
    env = store_env(url)
    if not chained:
        kind = "SQLite" if url.startswith("sqlite") else "Postgres"
        env["APPLICATION_RECORDER_TOPIC"] = f"bench.chain:Unchained{kind}"
    return SiteLedger(env=env)


def batch_rate(app: SiteLedger, site: Site, commands: Any) -> list[float]:
    batch = take(commands, BATCH, site.officer_id)
    submissions = [Submission(s.command, s.meta) for s in batch]
    started = time.perf_counter()
    results = app.execute_batch(submissions)
    elapsed = time.perf_counter() - started
    if any(isinstance(r, Exception) for r in results):
        raise RuntimeError(f"a batch was not applied: {results[:3]}")
    return [BATCH / elapsed]


def measure(urls: tuple[str, str], rounds: int) -> tuple[float, float, float]:
    with ExitStack() as stack:
        sides = {}
        for name, url in zip(("chained", "unchained"), urls, strict=True):
            app = stack.enter_context(opened(url, chained=name == "chained"))
            site = set_up(app)
            commands = stream(site)
            sides[name] = lambda a=app, s=site, c=commands: batch_rate(a, s, c)
        samples = interleave(rounds, sides)
    return (
        median(pooled(samples, "chained")),
        median(pooled(samples, "unchained")),
        paired(samples, lambda r: r["unchained"][0] / r["chained"][0]),
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


def run(postgres: str, *, quick: bool = False) -> None:
    rounds = 3 if quick else ROUNDS
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        with postgres_schema(postgres) as one, postgres_schema(postgres) as two:
            for name, urls in (
                (
                    "SQLite file",
                    (f"sqlite:///{folder}/a.db", f"sqlite:///{folder}/b.db"),
                ),
                ("PostgreSQL", (one, two)),
            ):
                chained, unchained, ratio = measure(urls, rounds)
                rows.append(
                    f"| {name} | {unchained:.0f} | {chained:.0f} | {ratio:.3f} |"
                )
        verified = verify_demo(folder)
    print("## The hash chain's cost\n")
    print(
        f"A /sync batch of {BATCH} inspection commands through `execute_batch`;"
        f" medians of {rounds} interleaved rounds; the ratio is the median of the"
        " rounds' ratios, the batch's time with the chain over without it.\n"
    )
    print(
        f"| store | without chain cmd/s | with chain cmd/s | ratio (target ≤ {TARGET}) |"
    )
    print("| --- | ---: | ---: | ---: |")
    print("\n".join(rows) + "\n")
    print(verified + "\n")
