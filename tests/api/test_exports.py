"""Exports a clerk can print: a title, whose and as of when, widths, frozen and
repeated headings, landscape fit to width, sheet names in the file's language."""

import io
from datetime import UTC, datetime

import openpyxl
import pytest

from api.exports import Caption, export
from api.tables import BOARD, ISSUE_FIGURES, ISSUES
from tests.api import bodies as b
from tests.api.conftest import HOME, Api

AS_OF = datetime(2026, 11, 30, 15, 59, tzinfo=UTC)  # 23:59 in China


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def issue_rows(count: int) -> list[dict[str, object]]:
    return [
        {"position": 4354 + n, "description": f"问题{n}", "category": "land"}
        for n in range(count)
    ]


def test_a_sheet_is_titled_and_captioned_in_chinese_with_its_place_and_time() -> None:
    data = export(
        "xlsx", "issues", ISSUES, issue_rows(3), "zh", caption=Caption(HOME, AS_OF)
    )
    sheet = workbook(data).worksheets[0]
    assert sheet.title == "问题台账"
    assert sheet["A1"].value == "问题台账"
    assert sheet["A2"].value == f"区划：{HOME}　截至：2026-11-30 23:59（北京时间）"
    assert sheet["A3"].value == "序号"


def test_serial_numbers_run_from_one_not_the_logs_positions() -> None:
    data = export("xlsx", "issues", ISSUES, issue_rows(3), "zh", caption=Caption(HOME))
    sheet = workbook(data).worksheets[0]
    assert [sheet.cell(row=r, column=1).value for r in (4, 5, 6)] == [1, 2, 3]


def test_the_sheet_prints_landscape_fit_to_width_with_its_headings_on_each_page() -> (
    None
):
    data = export("xlsx", "board", BOARD, [], "en", caption=Caption(HOME, AS_OF))
    sheet = workbook(data).worksheets[0]
    assert sheet.title == "Key project board"
    assert "amounts in 10,000 yuan" in sheet["A2"].value
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None
    assert fit.fitToPage


def test_columns_are_as_wide_as_their_chinese_text() -> None:
    rows = [{"position": 1, "description": "进场道路狭窄，大型设备无法进场"}]
    sheet = workbook(export("xlsx", "issues", ISSUES, rows, "zh")).worksheets[0]
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.column_dimensions["A"].width < 10


@pytest.mark.parametrize(
    ("name", "lang", "title"),
    [
        ("lists-2026-q2", "zh", "红黄黑榜（2026-q2）"),
        ("issues-by-department", "zh", "问题办理汇总（department）"),
        ("unvisited-projects", "en", "Not visited this month (projects)"),
        ("disclosure", "zh", "重点项目建设情况公开"),
    ],
)
def test_each_table_is_named_in_the_files_language(
    name: str, lang: str, title: str
) -> None:
    sheet = workbook(export("xlsx", name, ISSUES, [], lang)).worksheets[0]
    assert sheet.title == title[:31]


def test_the_apis_export_names_the_callers_jurisdiction_and_the_as_of(
    api: Api,
) -> None:
    b.given_issue(api, api.home, "assigned")
    api.catch_up()
    response = api.as_("supervisor").get(
        "/ledgers/issues?format=xlsx&lang=zh&as_of=2030-01-31T12:00%2B08:00"
    )
    sheet = workbook(response.data).worksheets[0]
    assert sheet["A2"].value.startswith(f"区划：{HOME}　截至：2030-01-31 12:00")
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert numbers


def test_csv_rates_read_as_the_ledgers_show_them() -> None:
    rows = [{"group": "县发改局", "on_time_rate": 2 / 3, "satisfaction_rate": None}]
    columns = [c for c in (*ISSUE_FIGURES,) if c.kind == "rate"]
    text = export("csv", "departments", columns, rows, "zh").decode("utf-8-sig")
    assert text.splitlines() == ["按期办结率,满意率", "66.7%,"]


def test_a_file_past_the_streams_a_worker_sends_at_once_is_a_503_problem(
    api: Api,
) -> None:
    slots = api.services.exports
    supervisor = api.as_("supervisor")
    held = 0
    while slots.acquire(blocking=False):  # every stream busy
        held += 1
    try:
        refused = supervisor.get("/ledgers/issues?format=csv")
        assert refused.status_code == 503
        assert refused.mimetype == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0
    finally:
        for _ in range(held):
            slots.release()
    for _ in range(held + 1):  # each file read to its end frees its stream
        sent = supervisor.get("/ledgers/issues?format=xlsx")
        assert sent.status_code == 200
        assert workbook(sent.data).worksheets[0]["A3"].value == "序号"


def test_a_file_left_unread_frees_its_stream_when_closed(api: Api) -> None:
    slots = api.services.exports
    opened = api.as_("supervisor").get("/ledgers/visits?format=csv", buffered=False)
    assert opened.status_code == 200
    assert [slots.acquire(blocking=False) for _ in range(2)] == [True, False]
    slots.release()
    opened.close()
    taken = [slots.acquire(blocking=False) for _ in range(2)]
    assert taken == [True, True]
    for _ in taken:
        slots.release()
