"""The console's pages over real HTTP on the demo county (`siteledger demo`), signed in
as its supervisor: each page's p50 and p90 against the 300 ms target."""

import tempfile
import time

import requests

from bench.measure import median, percentile
from tests.e2e.server import cli, serve

TARGET_MS = 300.0
PAGES = (
    "/console/board",
    "/console/board?warning=red",
    "/console/issues",
    "/console/visits",
    "/console/queue",
    "/screen/610502",
    "/docs",
)


def signed_in(base_url: str) -> requests.Session:
    session = requests.Session()
    form = {"username": "supervisor", "password": "siteledger-demo", "next": ""}
    answer = session.post(f"{base_url}/console/login", data=form, timeout=30)
    answer.raise_for_status()
    return session


def timed(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    answer = session.get(url, timeout=60)
    answer.raise_for_status()
    return (time.perf_counter() - started) * 1000


def record_page(session: requests.Session, base_url: str) -> str:
    """A problem's page (timeline and state) and a project's, as a reader opens them."""
    board = session.get(f"{base_url}/console/board?warning=red", timeout=30).text
    marker = 'href="/console/projects/'
    start = board.index(marker) + len("href=")
    return board[start + 1 : board.index('"', start + 1)]


def run(*, quick: bool = False) -> dict[str, tuple[float, float]]:
    rounds = 10 if quick else 40
    figures: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "SITELEDGER_EVIDENCE_FOLDER": f"{folder}/evidence",
        }
        cli(env, "demo")
        cli(env, "welcome")
        with serve(env) as base_url:
            session = signed_in(base_url)
            pages = (*PAGES, record_page(session, base_url))
            for page in pages:
                timed(session, base_url + page)  # warm
                samples = [timed(session, base_url + page) for _ in range(rounds)]
                figures[page] = (median(samples), percentile(samples, 90))
    print_pages(figures)
    return figures


def print_pages(figures: dict[str, tuple[float, float]]) -> None:
    print("## Console pages on the demo county (target: p50 ≤ 300 ms)\n")
    print("| page | p50 ms | p90 ms | within target |")
    print("| --- | ---: | ---: | --- |")
    for page, (p50, p90) in figures.items():
        shown = "/console/projects/ID" if "/projects/" in page else page
        ok = "yes" if p50 <= TARGET_MS else "NO"
        print(f"| `{shown}` | {p50:.0f} | {p90:.0f} | {ok} |")
    print()
