"""The service layer's command rate beside the bare library's, on SQLite and PostgreSQL.

Both sides run the same command on the same kind of aggregates in the same store: the
bare side loads the aggregate, calls its method and saves; the service side goes
through `SiteLedger.execute`, which adds the receipt lookup, the rules of the handler
and the receipt written in the same transaction. Rounds of the two sides alternate;
the figures are the medians of the rounds' rates.
"""

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from uuid import UUID, uuid4

import psycopg

from bench.measure import interleave, median, paired, pooled
from domain.app import SiteLedger
from domain.commands.issue import AssignIssue, RaiseIssue, ReportIssueProgress
from domain.model.issue import Category, Issue, Severity, Source
from storage.eventstore import open_ledger
from tests.factories import a_county, meta

ISSUES = 50  # commands per round and side, one on each issue
ROUNDS = 16
TARGET = 0.6

Step = Callable[[SiteLedger, UUID, str], None]


@dataclass(frozen=True)
class Rates:
    """Median commands per second of each side, and how many rounds each ran."""

    bare: float
    service: float
    ratio: float  # the median of the rounds' ratios: service ÷ bare
    rounds: int


@contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    """A store URL on a fresh schema of its own, dropped afterwards."""
    schema = f"bench_{uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def open_issues(app: SiteLedger, count: int) -> list[UUID]:
    """Problems assigned to a department, so that progress can be reported."""
    county = a_county(app)
    ids = [uuid4() for _ in range(count)]
    for issue_id in ids:
        app.execute(
            RaiseIssue(
                issue_id=issue_id,
                source=Source.HOTLINE,
                category=Category.POWER,
                severity=Severity.HIGH,
                description="增容报装未批复",
                project_id=county.project_id,
            ),
            meta(),
        )
        app.execute(
            AssignIssue(
                issue_id=issue_id, department="县供电公司", deadline=date(2027, 1, 1)
            ),
            meta(),
        )
    return ids


def bare(app: SiteLedger, issue_id: UUID, note: str) -> None:
    issue: Issue = app.repository.get(issue_id)
    issue.report_progress(meta(), note)
    app.save(issue)


def service(app: SiteLedger, issue_id: UUID, note: str) -> None:
    app.execute(ReportIssueProgress(issue_id=issue_id, note=note), meta())


def one_round(app: SiteLedger, ids: list[UUID], step: Step) -> list[float]:
    """One command on each aggregate; the round's commands per second."""
    started = time.perf_counter()
    for issue_id in ids:
        step(app, issue_id, "已协调供电公司现场勘查")
    return [len(ids) / (time.perf_counter() - started)]


def measure(url: str, rounds: int) -> Rates:
    with open_ledger(url) as app:
        bare_ids, service_ids = open_issues(app, ISSUES), open_issues(app, ISSUES)
        samples = interleave(
            rounds,
            {
                "bare": partial(one_round, app, bare_ids, bare),
                "service": partial(one_round, app, service_ids, service),
            },
        )
    return Rates(
        median(pooled(samples, "bare")),
        median(pooled(samples, "service")),
        paired(samples, lambda r: r["service"][0] / r["bare"][0]),
        rounds,
    )


def run(postgres: str, *, quick: bool = False) -> dict[str, Rates]:
    """Measures both stores and prints their table; answers the rates by store."""
    rounds = 4 if quick else ROUNDS
    results: dict[str, Rates] = {}
    with tempfile.TemporaryDirectory() as folder, postgres_schema(postgres) as pg:
        for name, url in (
            ("SQLite file", f"sqlite:///{folder}/bench.sqlite3"),
            ("PostgreSQL", pg),
        ):
            results[name] = measure(url, rounds)
    print("## Service layer against the bare library (load + command + save)\n")
    print(
        f"Medians of {rounds} interleaved rounds of {ISSUES} commands per side; the"
        " ratio is the median of the rounds' ratios.\n"
    )
    print(
        f"| store | bare library cmd/s | service layer cmd/s"
        f" | ratio (target ≥ {TARGET}) |"
    )
    print("| --- | ---: | ---: | ---: |")
    for name, rates in results.items():
        print(
            f"| {name} | {rates.bare:,.0f} | {rates.service:,.0f}"
            f" | {rates.ratio:.2f} {'✓' if rates.ratio >= TARGET else '✗'} |"
        )
    print()
    return results
