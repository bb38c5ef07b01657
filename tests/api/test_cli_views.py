"""`siteledger views …` and `siteledger sweep` on a store of generated history: real
follower processes killed and restarted, two at once, rebuild, verify, sweep."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from api.cli import main
from api.exports import TITLE_ROWS
from bench.load import load
from bench.scenario import Scenario
from projections import open_views
from projections.rebuild import fresh, verify
from projections.views import catch_up
from storage.eventstore import open_ledger, store_env

SEASON = Scenario(seed=11, counties=1, days=90, visits_per_day=3.0)
SITELEDGER = str(Path(sys.executable).with_name("siteledger"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """A store file holding a generated season, its views never caught up."""
    url = f"sqlite:///{tmp_path_factory.mktemp('views') / 'events.sqlite3'}"
    with open_ledger(url) as app:
        load(app, SEASON)
        return url, app.notification_count()


@pytest.fixture
def store(written: tuple[str, int], tmp_path: Path) -> tuple[str, int]:
    """A copy of the generated store for one test, with no views yet."""
    url, head = written
    source = Path(url.removeprefix("sqlite:///"))
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    return f"sqlite:///{copy}", head


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"SITELEDGER_DATABASE_URL": url})


@contextmanager
def following(url: str, batch: int = 20) -> Iterator[subprocess.Popen[bytes]]:
    """A follower process, once it says it follows (its signal handlers are set);
    killed when the block ends if it is still running."""
    env = os.environ | {"SITELEDGER_DATABASE_URL": url}
    args = [SITELEDGER, "views", "follow", "--batch", str(batch), "--interval", "0.05"]
    process = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
    try:
        assert process.stderr is not None
        assert process.stderr.readline().startswith(b"following")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


def positions(url: str) -> list[int]:
    with open_views(store_env(url)) as views:
        return [view.position() for view in views.all]


def wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail("the followers never got there")


def assert_equal_to_a_rebuild(url: str) -> None:
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        assert views.catch_up(app) == 0
        for kind, live in views.by_name().items():
            assert verify(app, live, fresh(views, kind, "check")) == [], kind


def test_a_follower_killed_mid_way_and_started_again_loses_and_repeats_nothing(
    store: tuple[str, int],
) -> None:
    url, head = store
    with following(url) as first:
        wait_for(lambda: min(positions(url)) > 200)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    stopped = positions(url)
    assert min(stopped) < head, "killed too late to be mid-way"
    with following(url) as second:
        wait_for(lambda: min(positions(url)) == head)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=20) == 0
    assert_equal_to_a_rebuild(url)


def test_two_followers_at_once_give_the_same_tables_as_one(
    store: tuple[str, int],
) -> None:
    url, head = store
    with following(url) as one, following(url, batch=33) as other:
        wait_for(lambda: min(positions(url)) == head)
        for process in (one, other):
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
    assert_equal_to_a_rebuild(url)


def test_verify_finds_a_view_equal_to_its_rebuild(store: tuple[str, int]) -> None:
    url, _ = store
    result = run(url, "views", "verify")
    assert result.exit_code == 0, result.output
    assert "issues: equal" in result.stdout


@pytest.mark.parametrize("command", ["verify", "status", "rebuild"])
def test_a_store_file_that_is_not_there_is_refused_not_made(
    command: str, tmp_path: Path
) -> None:
    """A mistyped path must not verify an empty new store as equal."""
    missing = tmp_path / "gone" / "events.sqlite3"
    result = run(f"sqlite:///{missing}", "views", command)
    assert result.exit_code == 1
    assert f"no event store at {missing}" in result.output
    assert not missing.parent.exists()


def tamper(url: str) -> None:
    with open_views(store_env(url)) as views, views.issues.transaction(write=True) as c:
        c.execute(views.issues.sql("UPDATE {rows} SET status = 'closed'"))


def test_verify_exits_1_and_shows_the_rows_that_differ(store: tuple[str, int]) -> None:
    url, _ = store
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        views.catch_up(app)
    tamper(url)
    result = run(url, "views", "verify", "issues")
    assert result.exit_code == 1
    assert "issues: DIFFERENT" in result.stdout
    assert "rows: live only:" in result.stdout
    assert "rows: rebuilt only:" in result.stdout


def test_rebuild_swaps_in_fresh_tables_and_repairs_a_view(
    store: tuple[str, int],
) -> None:
    url, head = store
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        views.catch_up(app)
    tamper(url)
    rebuilt = run(url, "views", "rebuild", "issues")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"issues: rebuilt to {head} and swapped in" in rebuilt.stdout
    assert "issues" in rebuilt.stderr  # the progress bar
    assert run(url, "views", "verify").exit_code == 0


def test_status_shows_each_view_against_the_head(store: tuple[str, int]) -> None:
    url, head = store
    result = run(url, "views", "status")
    assert result.exit_code == 0
    assert f"issues            0 of {head}" in result.stdout


def test_the_sweep_flags_passed_deadlines_once(store: tuple[str, int]) -> None:
    url, _ = store
    first = run(url, "sweep", "--as-of", "2026-01-01T00:00+08:00")
    assert first.exit_code == 0, first.output
    assert "flagged" in first.stdout
    again = run(url, "sweep", "--as-of", "2026-01-01T00:00+08:00")
    assert again.stdout.startswith("flagged 0 problems")


def test_the_sweep_wants_an_instant_with_its_offset(store: tuple[str, int]) -> None:
    url, _ = store
    assert run(url, "sweep", "--as-of", "2026-01-01T00:00").exit_code == 2


@pytest.mark.parametrize(
    ("kind", "extra", "heading"),
    [
        ("issues", [], "问题描述"),
        ("issue-summary", ["--group-by", "category"], "类别"),
        ("visits", [], "走访类型"),
        ("visit-summary", ["--group-by", "month"], "月份"),
        ("board", [], "预警"),
        ("departments", [], "排名"),
        ("disclosure", [], "建设地点"),
        ("approvals", [], "审批事项"),
        ("approval-summary", ["--group-by", "stage"], "平均缩短"),
        ("approval-agents", [], "代办事项"),
        ("approval-evaluation", [], "按时办结率"),
    ],
)
def test_export_writes_each_table_as_xlsx_with_chinese_headings(
    store: tuple[str, int], tmp_path: Path, kind: str, extra: list[str], heading: str
) -> None:
    url, _ = store
    out = tmp_path / f"{kind}.xlsx"
    result = run(
        url,
        "export",
        kind,
        "--out",
        str(out),
        "--as-of",
        "2025-09-30T18:00+08:00",
        *extra,
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert heading in rows[TITLE_ROWS]
    assert len(rows) > TITLE_ROWS + 1


def test_export_as_csv_in_english(store: tuple[str, int], tmp_path: Path) -> None:
    url, _ = store
    out = tmp_path / "board.csv"
    result = run(
        url, "export", "board", "--format", "csv", "--lang", "en", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("No.,Code,Project")


def test_follow_catches_up_and_stops_cleanly_on_sigterm(
    store: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, head = store
    real = catch_up
    calls = []

    def then_terminate(*args: Any, **kwargs: Any) -> int:
        processed = real(*args, **kwargs)
        calls.append(processed)
        if not processed:  # caught up: as if the operator stopped the service
            os.kill(os.getpid(), signal.SIGTERM)
        return processed

    monkeypatch.setattr("api.cli.views.catch_up", then_terminate)
    result = run(url, "views", "follow", "--batch", "1000", "--interval", "0.01")
    assert result.exit_code == 0, result.output
    assert sum(calls) == head
    assert f"issues {head}" in result.stderr
