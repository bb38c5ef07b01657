"""The monthly 通报 as PDF, from the console's button and from the CLI: its text holds
the ledgers' figures as of the month's end, and its first page is drawn."""

import subprocess
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page

from api.report import month_end
from projections.dates import AsOf
from tests.e2e.client import Api
from tests.e2e.console.conftest import COUNTY, SHOTS, every, sign_in
from tests.e2e.server import cli


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def first_page_png(path: Path, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SHOTS / name
    page = ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", *page, str(path), str(prefix)], check=True
    )
    return prefix.with_suffix(".png")


def inked_share(png: Path) -> float:
    """The share of the page's pixels that are not white."""
    grey = Image.open(png).convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


def expected_lines(api: Api, month: str) -> list[str]:
    end = month_end(month).moment.isoformat()
    row = api.read(
        "/ledgers/issues/summary",
        group_by="month",
        month_from=month,
        month_to=month,
        as_of=end,
    )["groups"][0]
    overdue = every(api, "/ledgers/issues", overdue="true", as_of=end)
    ranked = api.read("/board/departments", as_of=end)["departments"]
    return [
        f"本月受理问题{row['received']}个，办结{row['resolved']}个",
        f"其中按期办结{row['resolved_on_time']}个",
        f"五、逾期未办结问题（{len(overdue)}个）",
        ranked[0]["group"],
    ]


def test_the_console_button_gives_the_months_report_with_the_ledgers_figures(
    page: Page, api: Api, tmp_path: Path
) -> None:
    month = AsOf.of(None).month
    sign_in(page, "supervisor")
    page.goto("/console/report")
    page.fill("input[name=month]", month)
    with page.expect_download() as download:
        page.click("#download-report")
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    text = "".join(pdf_text(saved).split())  # the layout's line breaks aside
    for line in expected_lines(api, month):
        assert line in text
    assert "重点项目服务监管月度通报" in text
    assert inked_share(first_page_png(saved, "report-page-1")) > 0.02


def test_the_cli_writes_the_same_report_for_the_county(
    demo_env: dict[str, str], api: Api, tmp_path: Path
) -> None:
    month = AsOf.of(None).month
    out = tmp_path / "cli.pdf"
    printed = cli(
        demo_env,
        "report",
        "--month",
        month,
        "--jurisdiction",
        COUNTY,
        "--out",
        str(out),
    )
    assert printed.strip() == f"The report of {month} for {COUNTY} written to {out}"
    text = "".join(pdf_text(out).split())
    for line in expected_lines(api, month):
        assert line in text
