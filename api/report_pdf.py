"""The monthly 通报 laid out as a PDF (fpdf2) in a CJK font the machine provides."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from api.tables_labels import LABELS

if TYPE_CHECKING:  # api.report loads this module only to make a PDF
    from api.report import MonthlyFigures

# Debian's packages (`make` installs the first); any one of them will do.
FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
FAMILY = "cjk"
RED, GREEN, GREY = (217, 48, 37), (24, 128, 56), (95, 99, 104)
COLOURS = {"received": GREY, "resolved": GREEN, "overdue": RED}
LIST_ROWS = 15  # projects of each colour, overdue problems, printed at most


class FontMissing(RuntimeError):
    """No CJK font on this machine: `make` installs fonts-wqy-microhei."""


def cjk_font() -> Path:
    for path in FONTS:
        if path.exists():
            return path
    raise FontMissing("no CJK font: install fonts-wqy-microhei (make does)")


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def render(figures: "MonthlyFigures") -> bytes:
    pdf = FPDF(orientation="portrait", format="A4")
    font = str(cjk_font())
    pdf.add_font(FAMILY, fname=font)
    pdf.add_font(FAMILY, style="B", fname=font)  # table headings: no bold face there
    pdf.set_title(f"重点项目服务监管月度通报 {figures.month}")
    pdf.set_creation_date(figures.as_of.moment)
    pdf.add_page()
    heading(pdf, figures)
    problems(pdf, figures)
    chart(pdf, figures.months)
    warnings(pdf, figures)
    ranking(pdf, figures.ranking)
    overdue(pdf, figures.overdue)
    return bytes(pdf.output())


def heading(pdf: FPDF, figures: "MonthlyFigures") -> None:
    year, month = figures.month.split("-")
    pdf.set_font(FAMILY, size=20)
    pdf.set_text_color(*RED)
    pdf.cell(
        0,
        14,
        "重点项目服务监管月度通报",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, size=11)
    place = figures.place(figures.scope) if figures.scope else "全部"
    day = figures.as_of.today.isoformat()
    period = f"{year}年{int(month)}月 · 区划 {place} · 数据截至 {day} 24时"
    pdf.cell(0, 8, period, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*RED)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(4)


def section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, size=14)
    pdf.cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=10)


def problems(pdf: FPDF, figures: "MonthlyFigures") -> None:
    row, total = figures.month_row, figures.total_row
    section(pdf, "一、问题办理情况")
    text = (
        f"本月受理问题{row['received']}个，办结{row['resolved']}个，其中按期办结"
        f"{row['resolved_on_time']}个，按期办结率{percent(row['on_time_rate'])}，"
        f"满意率{percent(row['satisfaction_rate'])}。截至月末，累计受理"
        f"{total['received']}个，累计办结{total['resolved']}个，在办{total['open']}个，"
        f"逾期{total['overdue']}个。"
    )
    pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def chart(pdf: FPDF, months: list[dict[str, Any]]) -> None:
    """Received, resolved and overdue by month as grouped bars."""
    section(pdf, "二、近六个月问题受理、办结、逾期情况")
    left, top, height, width = pdf.l_margin + 10, pdf.get_y() + 2, 45.0, 160.0
    peak = max([1, *(m[k] for m in months for k in COLOURS)])
    slot = width / max(1, len(months))
    bar = slot / 4
    for n, month in enumerate(months):
        for k, (key, colour) in enumerate(COLOURS.items()):
            tall = height * month[key] / peak
            pdf.set_fill_color(*colour)
            x = left + n * slot + (k + 0.5) * bar
            pdf.rect(x, top + height - tall, bar, tall, style="F")
            pdf.set_font(FAMILY, size=7)
            pdf.text(x, top + height - tall - 1, str(month[key]))
        pdf.set_font(FAMILY, size=8)
        pdf.text(left + n * slot + bar, top + height + 5, month["group"])
    pdf.set_draw_color(0, 0, 0)
    pdf.line(left, top + height, left + width, top + height)
    legend(pdf, left, top + height + 9)
    pdf.set_y(top + height + 13)


def legend(pdf: FPDF, x: float, y: float) -> None:
    names = {"received": "受理", "resolved": "办结", "overdue": "逾期"}
    pdf.set_font(FAMILY, size=8)
    for key, colour in COLOURS.items():
        pdf.set_fill_color(*colour)
        pdf.rect(x, y - 2.5, 3, 3, style="F")
        pdf.text(x + 4, y, names[key])
        x += 20


def table(
    pdf: FPDF, headings: list[str], rows: list[list[str]], widths: list[int]
) -> None:
    pdf.set_font(FAMILY, size=9)
    pdf.set_fill_color(
        238, 241, 245
    )  # the headings' shade; no colour left from a chart
    pdf.set_draw_color(*GREY)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5) as drawn:
        drawn.row(headings)
        for row in rows:
            drawn.row(row)


def warnings(pdf: FPDF, figures: "MonthlyFigures") -> None:
    found = figures.warnings
    section(pdf, "三、项目三色预警")
    counts = "，".join(
        f"{LABELS['warning'][c][0]}{len(found[c])}个" for c in ("red", "yellow", "blue")
    )
    pdf.multi_cell(
        0, 6, f"月末预警项目：{counts}。", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    rows = [
        [
            LABELS["warning"][c][0],
            p["code"],
            p["name"],
            figures.place(p["jurisdiction"]),
            p["reason_text"],
        ]
        for c in ("red", "yellow")
        for p in found[c][:LIST_ROWS]
    ]
    headings = ["预警", "项目编号", "项目名称", "区划", "预警原因"]
    if rows:
        table(pdf, headings, rows, [16, 26, 48, 40, 60])


def ranking(pdf: FPDF, ranked: list[dict[str, Any]]) -> None:
    section(pdf, "四、责任单位考核排名")
    rows = [
        [
            str(r["rank"]),
            change(r["change"]),
            r["group"],
            str(r["received"]),
            str(r["resolved"]),
            str(r["overdue"]),
            percent(r["on_time_rate"]),
            percent(r["satisfaction_rate"]),
        ]
        for r in ranked
    ]
    headings = [
        "排名",
        "较上月",
        "责任单位",
        "受理",
        "办结",
        "逾期",
        "按期办结率",
        "满意率",
    ]
    table(pdf, headings, rows, [12, 16, 48, 16, 16, 16, 34, 32])


def change(moved: int | None) -> str:
    if moved is None:
        return "新进"
    return f"↑{moved}" if moved > 0 else f"↓{-moved}" if moved < 0 else "—"


def overdue(pdf: FPDF, rows: list[dict[str, Any]]) -> None:
    section(pdf, f"五、逾期未办结问题（{len(rows)}个）")
    shown = [
        [
            r["description"][:40],
            r["project_name"] or r["enterprise_name"] or "",
            r["department_then"] or "",
            r["due_then"] or "",
            str(r["days_overdue"]),
        ]
        for r in rows[:LIST_ROWS]
    ]
    if shown:
        table(
            pdf,
            ["问题", "项目或企业", "责任单位", "办结时限", "逾期天数"],
            shown,
            [70, 40, 32, 26, 22],
        )
