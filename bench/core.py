"""The service layer's command rate beside the bare library's, on SQLite and PostgreSQL.

Both sides run the same command on the same aggregates in the same store: the bare side
loads the aggregate, calls its method and saves; the service side goes through
`SiteLedger.execute`, which adds the receipt lookup, the rules of the handler and the
receipt written in the same transaction.
"""

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID, uuid4

import psycopg

from domain.app import SiteLedger
from domain.commands.issue import AssignIssue, RaiseIssue, ReportIssueProgress
from domain.model.issue import Category, Issue, Severity, Source
from storage.eventstore import open_ledger
from tests.factories import a_county, meta

ISSUES = 100
ROUNDS = 10


@contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    schema = f"bench_{uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def open_issues(app: SiteLedger, count: int) -> list[UUID]:
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


def rate(
    app: SiteLedger,
    ids: list[UUID],
    step: Callable[[SiteLedger, UUID, str], None],
    rounds: int,
) -> float:
    started = time.perf_counter()
    for n in range(rounds):
        for issue_id in ids:
            step(app, issue_id, f"进展{n}")
    return len(ids) * rounds / (time.perf_counter() - started)


def measure(url: str, rounds: int) -> tuple[float, float]:
    """Commands per second: bare library, service layer (interleaved halves)."""
    with open_ledger(url) as app:
        bare_ids, service_ids = open_issues(app, ISSUES), open_issues(app, ISSUES)
        half = rounds // 2
        bare_rate = rate(app, bare_ids, bare, half)
        service_rate = rate(app, service_ids, service, half)
        bare_rate = (bare_rate + rate(app, bare_ids, bare, half)) / 2
        service_rate = (service_rate + rate(app, service_ids, service, half)) / 2
    return bare_rate, service_rate


def run(postgres: str, *, quick: bool = False) -> None:
    rounds = 4 if quick else ROUNDS
    print("## Service layer against the bare library (load + command + save)\n")
    print("| store | bare library cmd/s | service layer cmd/s | ratio (target ≥ 0.6) |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder, postgres_schema(postgres) as pg:
        for name, url in (
            ("SQLite file", f"sqlite:///{folder}/bench.sqlite3"),
            ("PostgreSQL", pg),
        ):
            bare_rate, served = measure(url, rounds)
            ratio = served / bare_rate
            print(f"| {name} | {bare_rate:,.0f} | {served:,.0f} | {ratio:.2f} |")
    print()
