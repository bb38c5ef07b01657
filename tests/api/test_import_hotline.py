"""`siteledger import hotline FILE` on SQLite and PostgreSQL: a 12345 export's
tickets become problems once, however often the file is imported; bad rows are
refused with their line and reason, and store nothing."""

import csv
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from api.cli import main
from api.settings import Settings
from domain.model.intake import SubjectKind
from domain.model.issue import Issue
from projections import open_views
from projections.dates import AsOf

HEADINGS = ["工单编号", "来电时间", "来电人", "联系电话", "诉求内容", "所属区域"]
HEADINGS += ["地址", "主体类型", "问题分类", "承办单位"]
PLACE = "610502"


def ticket(n: int) -> list[Any]:
    return [
        f"GD2026{n:06d}",
        "2026-05-06 09:15:00",
        f"张{n}",
        f"1380013{n % 10000:04d}",
        f"个体户反映门店前道路施工占道{n}天，影响经营",
        "平都镇",
        f"城南路{n}号",
        "个体工商户",
        "施工建设",
        "县住建局",
    ]


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/events.sqlite3"
    else:
        url = request.getfixturevalue("postgres_url")
    return {"SITELEDGER_DATABASE_URL": url, "LC_ALL": "C.UTF-8"}


def an_export(path: Path, rows: list[list[Any]], title: bool = True) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        if title:
            sheet.append(["12345政务服务便民热线工单导出"])
        for row in [HEADINGS, *rows]:
            sheet.append(row)
        book.save(path)
        return path
    with path.open("w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        if title:
            writer.writerow(["12345政务服务便民热线工单导出"])
        writer.writerows([HEADINGS, *rows])
    return path


def imported(env: dict[str, str], path: Path) -> Result:
    return CliRunner().invoke(
        main, ["import", "hotline", str(path), "--jurisdiction", PLACE], env=env
    )


def problems(env: dict[str, str]) -> list[dict[str, Any]]:
    """The hotline problems the ledger lists, every one."""
    settings = Settings.from_env(env)
    with settings.open_ledger() as app, open_views(settings.store_env()) as views:
        views.catch_up(app)
        filters = settings.warning_rules().issue_filters(AsOf.of(None))
        return views.issues.page("", filters, page_of(10_000))


def page_of(limit: int) -> Any:
    from projections.issue_sql import Page

    return Page(None, limit)


def test_a_thousand_tickets_import_once_however_often(
    env: dict[str, str], tmp_path: Path
) -> None:
    export = an_export(tmp_path / "12345.xlsx", [ticket(n) for n in range(1000)])
    first, second = imported(env, export), imported(env, export)
    assert first.exit_code == 0, first.output
    assert "1000 problems raised, 0 imported before, 0 refused" in first.output
    assert second.exit_code == 0, second.output
    assert "0 problems raised, 1000 imported before, 0 refused" in second.output
    rows = problems(env)
    assert len(rows) == 1000
    assert len({row["ticket_number"] for row in rows}) == 1000
    row = next(r for r in rows if r["ticket_number"] == "GD2026000007")
    assert (row["source"], row["jurisdiction"], row["category"]) == (
        "hotline_12345",
        PLACE,
        "construction",
    )
    assert (row["subject_kind"], row["subject_name"]) == (
        SubjectKind.INDIVIDUAL_BUSINESS.value,
        "张7",
    )


def test_only_the_masked_phone_is_kept(env: dict[str, str], tmp_path: Path) -> None:
    export = an_export(tmp_path / "12345.csv", [ticket(5678)])
    assert imported(env, export).exit_code == 0
    settings = Settings.from_env(env)
    (row,) = problems(env)
    with settings.open_ledger() as app:
        raised = app.load(Issue, UUID(row["id"]))
        stored = [
            n.state for n in app.recorder.select_notifications(start=1, limit=100)
        ]
    assert raised.ticket is not None
    assert raised.ticket.phone == "138****5678"
    assert raised.ticket.called_at is not None
    assert raised.ticket.called_at.isoformat() == "2026-05-06T09:15:00+08:00"
    assert not any(b"13800135678" in state for state in stored)


def test_bad_rows_are_refused_by_line_and_store_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    good = [ticket(n) for n in range(3)]
    no_number = ticket(3)
    no_number[0] = ""
    bad_phone = ticket(4)
    bad_phone[3] = "12345"
    twice = ticket(0)  # the first row's ticket again
    bad_kind = ticket(6)
    bad_kind[7] = "社会组织"
    export = an_export(
        tmp_path / "12345.csv", [*good, no_number, bad_phone, twice, bad_kind]
    )
    result = imported(env, export)
    assert result.exit_code == 1
    assert "3 problems raised, 0 imported before, 4 refused" in result.output
    # The title is line 1 and the headings line 2: tickets start on line 3.
    assert "line 6: number: a ticket number is 1 to 40" in result.output
    assert "line 7: phone: is not a phone number (5 digits)" in result.output
    assert "line 8: ticket GD2026000000 is on line 3 already" in result.output
    assert "line 9: 主体类型: '社会组织' is none of" in result.output
    assert len(problems(env)) == 3


def test_a_file_that_is_no_export_imports_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "notes.csv"
    export.write_text("名称,备注\n甲,乙\n", encoding="utf-8")
    result = imported(env, export)
    assert result.exit_code == 1
    assert "no heading row with 工单编号 and 诉求内容" in result.output
    assert "nothing imported" in result.output
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "not an XLSX workbook" in imported(env, broken).output
