"""Tables as files: CSV (UTF-8 with a byte-order mark, as Excel wants Chinese) and
XLSX (openpyxl), for the API and the command line alike."""

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from api.tables import Column, tabulate

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

FORMATS = ("json", "csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(headings: list[str], cells: list[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings)
    for row in cells:
        writer.writerow([as_text(cell) for cell in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def as_text(cell: Any) -> Any:
    """A CSV cell: text a spreadsheet would take for a formula (a problem's
    description is anyone's words) is quoted, as OWASP advises, so it shows as
    written and never runs."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def xlsx_bytes(
    title: str, columns: list[Column], headings: list[str], cells: list[list[Any]]
) -> bytes:
    """One sheet: bold headings, then the cells; rates as percentages."""
    from openpyxl import Workbook  # here, not at start: a cold start never pays for it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])

    def cell(value: Any, column: Column | None = None) -> "Cell":
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # text, never a formula, whatever it starts with
        if column is None:
            made.font = Font(bold=True)
        elif column.kind == "rate":
            made.number_format = RATE_FORMAT
        elif isinstance(value, date):
            made.number_format = DATE_FORMAT
        return made

    sheet.append([cell(heading) for heading in headings])
    for row in cells:
        sheet.append([cell(v, c) for c, v in zip(columns, row, strict=True)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(
    fmt: str,
    title: str,
    columns: Iterable[Column],
    rows: Iterable[Mapping[str, Any]],
    lang: str,
) -> bytes:
    """The rows as a CSV or XLSX file, headed in a language."""
    chosen = list(columns)
    headings, cells = tabulate(chosen, rows, lang)
    if fmt == "csv":
        return csv_bytes(headings, cells)
    if fmt == "xlsx":
        return xlsx_bytes(title, chosen, headings, cells)
    raise ValueError(f"no export as {fmt!r}")
