"""Tables as files: CSV (UTF-8 with a byte-order mark, as Excel wants Chinese) and
XLSX (openpyxl), for the API and the command line alike."""

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from api.tables import Column, tabulate

FORMATS = ("json", "csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


def csv_bytes(headings: list[str], cells: list[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings)
    for row in cells:
        writer.writerow(["" if cell is None else cell for cell in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str, columns: list[Column], headings: list[str], cells: list[list[Any]]
) -> bytes:
    """One sheet: bold headings, then the cells; rates as percentages."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    sheet.append([styled(sheet, heading, font=bold) for heading in headings])
    for row in cells:
        sheet.append(
            [
                styled(sheet, cell, column=column)
                for column, cell in zip(columns, row, strict=True)
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def styled(
    sheet: Any, value: Any, column: Column | None = None, font: Font | None = None
) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if column is not None and column.kind == "rate":
        cell.number_format = RATE_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


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
