"""Tables as files: CSV (UTF-8 with a byte-order mark, as Excel wants Chinese; a plain
table) and XLSX (openpyxl) laid out for a clerk to print: a title, the jurisdiction and
the as-of time above the headings, widths, frozen headings, landscape fit to width.
For the API, the console and the command line alike."""

import csv
import io
import tempfile
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any

from api.tables import LANGUAGES, Column, Places, cells_of, place_name
from api.tables_labels import SHEETS
from projections.dates import LOCAL

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
TITLE_ROWS = 2  # the title, then the jurisdiction, as-of time and unit
MIN_WIDTH, MAX_WIDTH, MEASURED = 6, 48, 500  # columns sized by their first rows

CHUNK_ROWS = 500  # rows of a streamed CSV a piece
FILE_PIECE = 256 * 1024  # bytes of a made XLSX sent a piece


@dataclass(frozen=True)
class Caption:
    """What a printed table says above its headings: whose, and as of when; and
    the register's names of the places its rows lie in."""

    jurisdiction: str
    as_of: datetime | None = None
    places: Places = field(default_factory=dict)


def csv_bytes(
    columns: list[Column], headings: list[str], cells: Iterable[list[Any]]
) -> bytes:
    """A plain table; rates as the ledgers show them (66.7%, not 0.6667)."""
    return b"".join(csv_chunks(columns, headings, cells))


def csv_chunks(
    columns: list[Column], headings: list[str], cells: Iterable[list[Any]]
) -> Generator[bytes, None, None]:
    """The same table in pieces of CHUNK_ROWS rows, as the cells come, each
    encoded as it is written: the text of the whole table is never held."""
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(headings)
    rates = [column.kind == "rate" for column in columns]
    for n, row in enumerate(cells, start=1):
        writer.writerow(
            [
                f"{cell:.1%}" if rate and cell is not None else as_text(cell)
                for rate, cell in zip(rates, row, strict=True)
            ]
        )
        if n % CHUNK_ROWS == 0:
            yield text.getvalue().encode("utf-8")
            text.seek(0)
            text.truncate()
    yield text.getvalue().encode("utf-8")


def as_text(cell: Any) -> Any:
    """A CSV cell: text a spreadsheet would take for a formula (a problem's
    description is anyone's words) is quoted, as OWASP advises, so it shows as
    written and never runs."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def sheet_title(name: str, lang: str) -> str:
    """The table's title in a language: `lists-2026-q2` is 红黄黑榜（2026-q2）."""
    for prefix, (zh, en) in SHEETS.items():
        if name == prefix or name.startswith(prefix + "-"):
            rest = name[len(prefix) + 1 :]
            if not rest:
                return zh if lang == "zh" else en
            return f"{zh}（{rest}）" if lang == "zh" else f"{en} ({rest})"
    return name


def caption_line(caption: Caption, columns: list[Column], lang: str) -> str:
    when = caption.as_of.astimezone(LOCAL) if caption.as_of else None
    place = caption.jurisdiction or ("全部" if lang == "zh" else "all")
    name = place_name(caption.jurisdiction, lang, caption.places)
    place += f" {name}" if name else ""
    money = any("万元" in column.zh for column in columns)
    if lang == "zh":
        parts = [f"区划：{place}"]
        parts += [f"截至：{when:%Y-%m-%d %H:%M}（北京时间）"] if when else []
        parts += ["金额单位：万元"] if money else []
        return "　".join(parts)
    parts = [f"Jurisdiction: {place}"]
    parts += [f"as of {when:%Y-%m-%d %H:%M} (UTC+8)"] if when else []
    parts += ["amounts in 10,000 yuan"] if money else []
    return " · ".join(parts)


def width(value: Any) -> int:
    """Columns a value takes: a Chinese character two, a date ten."""
    if isinstance(value, date):
        return 11
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def widths(headings: list[str], cells: list[list[Any]]) -> list[int]:
    found = [width(h) + 2 for h in headings]
    for row in cells[:MEASURED]:
        found = [max(w, width(v) + 2) for w, v in zip(found, row, strict=True)]
    return [min(MAX_WIDTH, max(MIN_WIDTH, w)) for w in found]


def set_up_printing(
    sheet: Any,  # a write-only sheet: its stubs omit what it takes from a sheet
    headings: list[str],
    cells: list[list[Any]],  # the first rows, to size the columns by
) -> None:
    """Widths, headings frozen and repeated on each page, landscape fit to width."""
    from openpyxl.utils import get_column_letter

    for n, size in enumerate(widths(headings, cells), start=1):
        sheet.column_dimensions[get_column_letter(n)].width = size
    heading_row = TITLE_ROWS + 1
    sheet.freeze_panes = f"A{heading_row + 1}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


@dataclass(frozen=True)
class Layout:
    """A sheet's title, columns, headings and caption line."""

    title: str
    columns: list[Column]
    headings: list[str]
    caption: str


def xlsx_chunks(
    layout: Layout, cells: Iterable[list[Any]]
) -> Generator[bytes, None, None]:
    """The workbook in pieces: made in a temporary file (a zip's directory comes at
    its end, so nothing can be sent before the last row is written), then read out."""
    with tempfile.TemporaryFile() as out:
        write_xlsx(out, layout, cells)
        out.seek(0)
        while piece := out.read(FILE_PIECE):
            yield piece


def write_xlsx(out: IO[bytes], layout: Layout, cells: Iterable[list[Any]]) -> None:
    """One sheet: a title and caption, bold headings, then the cells; rates as
    percentages, dates as dates. openpyxl's write-only mode writes each row as it
    comes (strings inline), so the workbook's size is on disk, never in memory."""
    from openpyxl import Workbook  # here, not at start: a cold start never pays for it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(layout.title))
    rows = iter(cells)
    first = list(islice(rows, MEASURED))
    set_up_printing(sheet, layout.headings, first)

    def cell(value: Any, column: Column | None = None, font: Any = None) -> "Cell":
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # text, never a formula, whatever it starts with
        if font is not None:
            made.font = font
        elif column is not None and column.kind == "rate":
            made.number_format = RATE_FORMAT
        elif isinstance(value, date):
            made.number_format = DATE_FORMAT
        return made

    sheet.append([cell(layout.title, font=Font(bold=True, size=16))])
    sheet.append([cell(layout.caption, font=Font(size=10))])
    sheet.append([cell(heading, font=Font(bold=True)) for heading in layout.headings])
    for row in chain(first, rows):
        sheet.append([cell(v, c) for c, v in zip(layout.columns, row, strict=True)])
    book.save(out)


def sheet_name(title: str) -> str:
    """A title as Excel takes a sheet's name: 31 characters, none of []:*?/\\."""
    kept = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)
    return kept[:31]


def export(
    fmt: str,
    name: str,
    columns: Iterable[Column],
    rows: Iterable[Mapping[str, Any]],
    lang: str,
    *,
    caption: Caption | None = None,
) -> bytes:
    """The rows as a CSV or XLSX file, headed in a language, in memory."""
    return b"".join(export_chunks(fmt, name, columns, rows, lang, caption=caption))


def export_chunks(
    fmt: str,
    name: str,
    columns: Iterable[Column],
    rows: Iterable[Mapping[str, Any]],
    lang: str,
    *,
    caption: Caption | None = None,
) -> Generator[bytes, None, None]:
    """The same file in pieces, made as the rows come (every row, however many): a
    CSV a few hundred rows a piece, an XLSX once its last row is written. A format
    or language it cannot write is refused here, before any piece is made."""
    chosen, caption = list(columns), caption or Caption("")
    if lang not in LANGUAGES:
        raise ValueError(f"no headings in {lang!r}")
    headings = [column.heading(lang) for column in chosen]
    cells = cells_of(chosen, rows, lang, caption.places)
    if fmt == "csv":  # written as the cells are made: no second copy of the table
        return csv_chunks(chosen, headings, cells)
    if fmt == "xlsx":
        line = caption_line(caption, chosen, lang)
        return xlsx_chunks(
            Layout(sheet_title(name, lang), chosen, headings, line), cells
        )
    raise ValueError(f"no export as {fmt!r}")
