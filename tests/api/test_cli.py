"""The `siteledger` command on a SQLite file: demo, history, show."""

import json
import re
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import CliRunner, Result

from api.cli import main

NOTABLE = re.compile(r"^\s+([0-9a-f-]{36})\s+(.+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path: Path = tmp_path_factory.mktemp("cli") / "events.sqlite3"
    # English whatever the shell's locale (test_cli_messages_follow_the_locale).
    return {"SITELEDGER_DATABASE_URL": f"sqlite:///{path}", "LC_ALL": "C.UTF-8"}


@pytest.fixture(scope="module")
def loaded(env: dict[str, str]) -> Result:
    """The demo county loaded once into the module's store."""
    return CliRunner().invoke(main, ["demo", "--seed", "7"], env=env)


@pytest.fixture(scope="module")
def notable(loaded: Result) -> dict[str, str]:
    """The ids the summary suggests trying, by what each shows."""
    return {what: found for found, what in NOTABLE.findall(loaded.stdout)}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def shown(env: dict[str, str], *args: str) -> dict[str, Any]:
    result = run(env, "show", *args)
    assert result.exit_code == 0, result.output
    state: dict[str, Any] = json.loads(result.stdout)
    return state


def test_demo_loads_the_county_and_summarises_it(loaded: Result) -> None:
    assert loaded.exit_code == 0, loaded.output
    assert "projects 170" in loaded.stdout
    assert "problems by status:" in loaded.stdout
    assert "demo county" in loaded.stderr  # the progress bar


@pytest.mark.usefixtures("loaded")
def test_a_second_demo_leaves_the_store_alone(env: dict[str, str]) -> None:
    again = run(env, "demo")
    assert again.exit_code == 0
    assert "events; not loading" in again.stdout


def test_history_prints_the_timeline(
    env: dict[str, str], notable: dict[str, str]
) -> None:
    result = run(env, "history", notable["a key project from signing to production"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("v1 ")
    assert "Project.Registered" in result.stdout
    assert "Project.StageAdvanced" in result.stdout
    assert "supervisor-phone" in result.stdout
    actors = re.findall(r" by (\S+) on ", result.stdout)
    assert actors
    assert not [a for a in actors if re.fullmatch(r"[0-9a-f-]{36}", a)]  # names


def test_show_with_a_version_gives_the_state_then(
    env: dict[str, str], notable: dict[str, str]
) -> None:
    problem = notable["a problem sent back, closed and rated"]
    assert shown(env, problem, "--version", "1")["status"] == "raised"
    assert shown(env, problem, "--version", "2")["status"] == "assigned"
    assert shown(env, problem)["status"] == "closed"


def test_show_as_of_an_instant_gives_the_state_the_server_knew(
    env: dict[str, str], notable: dict[str, str]
) -> None:
    project = notable["a key project from signing to production"]
    timeline = run(env, "history", project).stdout
    first_recorded = timeline.split()[1]  # "v1 <recorded_at> Project.Registered …"
    then = shown(env, project, "--as-of", first_recorded)
    assert then["version"] == 1
    assert then["stage"] == "planning"
    assert shown(env, project)["stage"] == "operating"


@pytest.mark.parametrize("command", ["history", "show"])
def test_an_unknown_id_is_refused_clearly(env: dict[str, str], command: str) -> None:
    unknown = str(uuid4())
    result = run(env, command, unknown)
    assert result.exit_code != 0
    assert f"{unknown} not found" in result.output


@pytest.mark.parametrize(
    "language", [{"LC_ALL": "zh_CN.UTF-8"}, {"SITELEDGER_LANGUAGE": "zh"}]
)
def test_cli_messages_follow_the_locale(
    env: dict[str, str], language: dict[str, str]
) -> None:
    unknown = str(uuid4())
    result = run(env | language, "show", unknown)
    assert result.exit_code != 0
    assert f"{unknown}不存在" in result.output


@pytest.mark.parametrize(
    "case",
    [
        ("2026-05-01T09:00", "UTC offset"),
        ("0001-01-02T00:00+00:00", "must fall in 2000 to 2100"),
        ("9999-12-30T00:00+00:00", "must fall in 2000 to 2100"),
    ],
    ids=["no offset", "year 1", "year 9999"],
)
@pytest.mark.parametrize("command", ["show", "export", "sweep"])
def test_an_instant_without_offset_or_out_of_years_is_refused(
    env: dict[str, str],
    notable: dict[str, str],
    tmp_path: Path,
    command: str,
    case: tuple[str, str],
) -> None:
    instant, said = case
    project = notable["a key project from signing to production"]
    args = {
        "show": ["show", project],
        "export": ["export", "board", "--out", str(tmp_path / "b.csv")],
        "sweep": ["sweep"],
    }[command]
    result = run(env, *args, "--as-of", instant)
    assert (result.exit_code, said in result.output) == (2, True), result.output


@pytest.mark.usefixtures("loaded")
def test_report_writes_the_months_pdf(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = run(env, "report", "--month", "2026-11", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "The report of 2026-11 for every jurisdiction" in result.stdout
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("month", ["2026-13", "november", "2026-1"])
def test_report_refuses_what_is_not_a_month(env: dict[str, str], month: str) -> None:
    result = run(env, "report", "--month", month)
    assert result.exit_code == 2
    assert "is not a month (YYYY-MM" in result.output
