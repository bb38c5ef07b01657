"""A province's export of 100,000 visits, over a real server process: every row is
in the file, as CSV and as XLSX, and the worker's peak memory stays within 50 MB of
its idle size while it is made and sent.

The store is a county's generated history (the bench's generator) whose visit
ledger rows are then copied, with new ids and positions, up to 100,000: an export
reads what the view holds, so copies of real rows test the file's path (view,
pages, cells, file, socket) honestly, at a size the generator would take a quarter
of an hour to reach."""

import csv
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook

from api.exports import TITLE_ROWS
from bench.load import load
from bench.scenario import Scenario
from projections import open_views
from storage.eventstore import open_ledger, store_env
from tests.e2e.client import add_user, login
from tests.e2e.copied_rows import copy_rows
from tests.e2e.server import Server, memory_mb, running

VISITS = 100_000
MEMORY_LIMIT_MB = 50
EXPORT = "/ledgers/visits"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("big-exports")
    url = f"sqlite:///{folder}/events.sqlite3"
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        load(app, Scenario(counties=1), lambda _: None)
        views.catch_up(app, limit=2000)
    copy_rows(folder / "events.views.sqlite3", "view_visits", VISITS)
    env = {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
        "SITELEDGER_SERVER_WORKERS": "1",  # one worker's memory and streams
    }
    add_user(env, "province", "61", "supervisor")
    return env


@pytest.fixture(scope="module")
def server(province: dict[str, str]) -> Iterator[Server]:
    with running(province) as found:
        yield found


@pytest.fixture(scope="module")
def session(server: Server) -> requests.Session:
    found = requests.Session()
    found.headers["Authorization"] = f"Bearer {login(server.base_url, 'province')}"
    return found


def reset_peak(process: Path) -> None:
    (process / "clear_refs").write_text("5")  # VmHWM back to VmRSS (Linux ≥ 4.0)


@pytest.fixture(scope="module")
def idle(server: Server, session: requests.Session) -> float:
    """The worker's resident size once warm: a page and small files of each kind
    read, so the modules and caches an export uses are loaded."""
    for fmt in ("json", "csv", "xlsx"):
        answer = session.get(
            server.base_url + "/ledgers/issues/summary",
            params={"group_by": "month", "format": fmt},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
    assert session.get(server.base_url + EXPORT, timeout=60).status_code == 200
    return memory_mb(server.worker(), "VmRSS")


def streamed(
    server: Server, session: requests.Session, fmt: str, into: io.BufferedWriter
) -> float:
    """Reads the export into a file as it comes; answers the worker's peak (MB)."""
    process = server.worker()
    reset_peak(process)
    with session.get(
        server.base_url + EXPORT, params={"format": fmt}, stream=True, timeout=300
    ) as answer:
        assert answer.status_code == 200, answer.text
        assert "Content-Length" not in answer.headers  # sent as it is made
        for piece in answer.iter_content(1 << 16):
            into.write(piece)
    return memory_mb(process, "VmHWM")


def test_a_province_csv_of_100000_visits_holds_every_row_in_flat_memory(
    server: Server, session: requests.Session, idle: float
) -> None:
    with tempfile.TemporaryFile() as out:
        fmt = "csv"
        peak = streamed(server, session, fmt, out)  # type: ignore[arg-type]
        out.seek(0)
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        rows = list(csv.reader(text))
    assert rows[0][0] == "序号"
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, VISITS + 1)]
    figures = f"{fmt}: worker {idle:.0f} MB idle, peak {peak:.0f} MB"
    assert peak - idle < MEMORY_LIMIT_MB, figures
    print(figures)


def test_a_province_xlsx_of_100000_visits_holds_every_row_in_flat_memory(
    server: Server, session: requests.Session, idle: float
) -> None:
    with tempfile.TemporaryFile() as out:
        fmt = "xlsx"
        peak = streamed(server, session, fmt, out)  # type: ignore[arg-type]
        out.seek(0)
        book = load_workbook(out, read_only=True)
        sheet = book.worksheets[0]
        serials = [row[0] for row in sheet.iter_rows(values_only=True)]
        book.close()
    assert serials[TITLE_ROWS] == "序号"
    assert serials[TITLE_ROWS + 1 :] == list(range(1, VISITS + 1))
    figures = f"{fmt}: worker {idle:.0f} MB idle, peak {peak:.0f} MB"
    assert peak - idle < MEMORY_LIMIT_MB, figures
    print(figures)
