"""A 12345 platform's ticket export (工单导出, CSV or XLSX) read into problems to raise.

Columns are found by their headings (docs/warnings.md lists them), in any order,
under a title row or two; a row that cannot become a problem is refused with its
line and why, and raises nothing.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import uuid4

from domain.commands.issue import RaiseIssue
from domain.errors import DomainError
from domain.model.intake import Subject, SubjectKind, Ticket, mask_phone
from domain.model.issue import Category, Severity, Source

CHINA = timezone(timedelta(hours=8), "CST")
HEADER_SEARCH = 10  # rows above the headings a title may take
# Each field and the headings a platform's export gives it, first found wins.
HEADINGS: dict[str, tuple[str, ...]] = {
    "number": ("工单编号", "工单号"),
    "called_at": ("来电时间", "受理时间"),
    "caller": ("来电人", "来电人姓名", "诉求人"),
    "phone": ("联系电话", "来电号码", "联系方式"),
    "description": ("诉求内容", "工单内容", "问题描述"),
    "region": ("所属区域",),
    "address": ("地址", "事发地址", "诉求地址"),
    "subject": ("诉求主体", "涉及主体", "企业名称"),
    "kind": ("主体类型",),
    "category": ("问题分类", "诉求分类"),
    "urgency": ("紧急程度",),
    "department": ("承办单位",),  # read, not imported: 交办 is the supervisor's
}
REQUIRED = ("number", "description")
KINDS = {
    "个体工商户": SubjectKind.INDIVIDUAL_BUSINESS,
    "个体户": SubjectKind.INDIVIDUAL_BUSINESS,
    "居民": SubjectKind.RESIDENT,
    "群众": SubjectKind.RESIDENT,
    "企业": SubjectKind.ENTERPRISE,
}
CATEGORIES = (  # a word of the platform's classification, and ours
    ("用地", Category.LAND),
    ("土地", Category.LAND),
    ("用电", Category.POWER),
    ("水电", Category.POWER),
    ("供水", Category.POWER),
    ("燃气", Category.POWER),
    ("融资", Category.FINANCE),
    ("资金", Category.FINANCE),
    ("审批", Category.APPROVALS),
    ("手续", Category.APPROVALS),
    ("环保", Category.ENVIRONMENT),
    ("环境", Category.ENVIRONMENT),
    ("用工", Category.LABOUR),
    ("招工", Category.LABOUR),
    ("劳动", Category.LABOUR),
    ("施工", Category.CONSTRUCTION),
    ("建设", Category.CONSTRUCTION),
    ("经营", Category.OPERATIONS),
    ("生产", Category.OPERATIONS),
    ("政策", Category.POLICY),
)
URGENCY = {"一般": Severity.MEDIUM, "较急": Severity.HIGH, "紧急": Severity.HIGH}
URGENCY |= {"特急": Severity.CRITICAL, "低": Severity.LOW}
ANONYMOUS = "匿名"


class Unreadable(ValueError):
    """The file is not an export this reads: nothing of it is imported."""


@dataclass(frozen=True)
class Row:
    """One ticket of the export: its line in the file and its cells by field."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Refused:
    line: int
    reason: str


def read(path: Path) -> list[Row]:
    """Every ticket row of a CSV or XLSX export (blank rows left out)."""
    records = (
        xlsx_records(path) if path.suffix.lower() == ".xlsx" else csv_records(path)
    )
    found = fields_of(records)
    if found is None:
        raise Unreadable(
            "no heading row with 工单编号 and 诉求内容 in its first"
            f" {HEADER_SEARCH} rows"
        )
    columns, records = found
    rows = []
    for line, values in records:
        cells = {
            field: cell(values, at) for field, at in columns.items() if at < len(values)
        }
        if any(cells.values()):
            rows.append(Row(line, cells))
    return rows


def cell(values: list[Any], at: int) -> str:
    value = values[at]
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return "" if value is None else str(value).strip()


def fields_of(
    records: Iterator[tuple[int, list[Any]]],
) -> tuple[dict[str, int], Iterator[tuple[int, list[Any]]]] | None:
    """The column of each field, from the first row that heads the required ones."""
    for _, (_, values) in zip(range(HEADER_SEARCH), records, strict=False):
        headings = [cell(values, at) for at in range(len(values))]
        columns = {
            field: headings.index(name)
            for field, names in HEADINGS.items()
            for name in reversed(names)
            if name in headings
        }
        if all(field in columns for field in REQUIRED):
            return columns, records
    return None


def csv_records(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Records of a CSV with the line each starts on (UTF-8, with or without BOM,
    or GB 18030 as Chinese Excel saves it)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise Unreadable("neither UTF-8 nor GB 18030 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for values in reader:
            yield start, values
            start = reader.line_num + 1
    except csv.Error as error:
        raise Unreadable(f"line {reader.line_num}: {error}") from None


def xlsx_records(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Rows of the workbook's first sheet, numbered as the spreadsheet shows them."""
    from openpyxl import load_workbook  # here: only an import pays for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a zip, XML or format error: not a workbook
        raise Unreadable(f"not an XLSX workbook ({type(error).__name__})") from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def command(row: Row, jurisdiction: str) -> RaiseIssue:
    """The problem a ticket raises, about the market subject it names (or its
    caller); DomainError saying what is wrong with the row."""
    cells = row.cells
    caller = cells.get("caller") or None
    phone = cells.get("phone")
    ticket = Ticket(
        number=cells["number"],
        caller=caller,
        phone=mask_phone(phone) if phone else None,
        called_at=called_at(cells.get("called_at", "")),
    ).check()
    return RaiseIssue(
        issue_id=uuid4(),
        source=Source.HOTLINE,
        category=category(cells.get("category", "")),
        severity=URGENCY.get(cells.get("urgency", ""), Severity.MEDIUM),
        description=cells["description"],
        ticket=ticket,
        subject=Subject(
            kind=kind(cells.get("kind", "")),
            name=cells.get("subject") or caller or ANONYMOUS,
            address=address(cells),
        ).check(),
        jurisdiction=jurisdiction,
    )


def called_at(text: str) -> datetime | None:
    """来电时间 as the platform writes it (local time, seconds optional)."""
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise Bad("来电时间", f"{text!r} is not a date and time") from None
    return found if found.tzinfo else found.replace(tzinfo=CHINA)


def category(text: str) -> Category:
    return next((ours for word, ours in CATEGORIES if word in text), Category.OTHER)


def kind(text: str) -> SubjectKind:
    if not text:
        return SubjectKind.RESIDENT
    if text not in KINDS:
        raise Bad("主体类型", f"{text!r} is none of {', '.join(KINDS)}")
    return KINDS[text]


def address(cells: dict[str, str]) -> str:
    """所属区域 and the address, each once."""
    region, place = cells.get("region", ""), cells.get("address", "")
    if not (region or place):
        raise Bad("地址", "neither 所属区域 nor an address is given")
    if region and place.startswith(region):
        return place
    return " ".join(part for part in (region, place) if part)


class Bad(DomainError):
    """A cell of the export that no problem can be raised from."""

    def __init__(self, heading: str, message: str) -> None:
        super().__init__(f"{heading}: {message}")
