"""A supervisor, a handler and an officer of the next county use the console in
Chromium; each page's figures are the API's."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.client import PASSWORD, Api
from tests.e2e.console.conftest import COUNTY, every, shot, sign_in

WARNINGS = ("red", "yellow", "blue")


def test_signing_in_shows_the_board_in_colour_with_the_apis_counts(
    page: Page, api: Api
) -> None:
    sign_in(page, "supervisor")
    expect(page).to_have_url(re.compile("/console/board$"))
    expect(page.locator("h1")).to_have_text("项目看板")
    for colour in WARNINGS:
        listed = every(api, "/board/projects", warning=colour)
        expect(page.locator(f"#count-{colour}")).to_have_attribute(
            "data-count", str(len(listed))
        )
        assert page.locator(f"#board tr[data-warning={colour}]").count() == len(listed)
    tiles = page.locator(".map .place small").all_inner_texts()  # places by name
    assert tiles
    assert all(re.fullmatch(r"\d{9} \S.*", tile) for tile in tiles), tiles
    shot(page, "board")


def test_a_red_project_opens_on_its_timeline(page: Page, api: Api) -> None:
    sign_in(page, "supervisor")
    page.click("#count-red")
    first = page.locator("#board tbody tr").first
    expect(first).to_have_attribute("data-warning", "red")
    reasons = first.locator("td").last.inner_text()
    assert reasons, "a red project says why"
    project_id = first.get_attribute("data-id")
    first.locator("td:nth-child(3) a").click()
    history = api.read(f"/projects/{project_id}/history")["events"]
    expect(page.locator("#timeline li")).to_have_count(len(history))
    expect(page.locator("#shown-version")).to_have_attribute(
        "data-version", str(history[-1]["version"])
    )
    shot(page, "project")


def test_a_problem_is_followed_through_its_timeline_and_seen_as_of_its_first_version(
    page: Page, api: Api
) -> None:
    sign_in(page, "supervisor")
    page.goto("/console/issues?status=closed")
    row = page.locator("#issue-rows tbody tr").first
    issue_id = row.get_attribute("data-id")
    row.locator("a").first.click()
    history = api.read(f"/issues/{issue_id}/history")["events"]
    expect(page.locator("#timeline li")).to_have_count(len(history))
    expect(page.locator("#state tr[data-field=status] td")).to_have_text("已销号")
    shot(page, "issue-now")
    page.locator("#slider").fill("1")  # the as-of slider, moved to the start
    page.wait_for_url(re.compile(r"version=1"))
    then = api.read(f"/issues/{issue_id}", version=1)
    assert then["status"] == "raised"
    expect(page.locator("#state tr[data-field=status] td")).to_have_text("待交办")
    expect(page.locator("#timeline li.future")).to_have_count(len(history) - 1)
    shot(page, "issue-version-1")


def test_the_problem_ledgers_charts_and_ranking_are_the_apis(
    page: Page, api: Api
) -> None:
    sign_in(page, "supervisor")
    page.goto("/console/issues")
    months = api.read("/ledgers/issues/summary", group_by="month")["groups"]
    for month in months[-12:]:
        bars = page.locator(f'#chart-months g[data-month="{month["group"]}"] rect')
        for series in ("received", "resolved", "overdue"):
            expect(
                bars.locator(f"xpath=self::*[@data-series='{series}']")
            ).to_have_attribute("data-value", str(month[series]))
    ranked = api.read("/board/departments")["departments"]
    names = page.locator("#ranking tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.department)"
    )
    assert names == [row["group"] for row in ranked]
    shot(page, "issues")


def test_the_ledger_exports_as_a_spreadsheet(page: Page, api: Api) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    sign_in(page, "supervisor")
    page.goto("/console/issues")
    with page.expect_download() as download:
        page.click("[data-export=issues]")
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    data_rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(data_rows) == len(every(api, "/ledgers/issues"))


def test_the_visit_ledger_names_who_was_not_visited_this_month(
    page: Page, api: Api
) -> None:
    sign_in(page, "supervisor")
    page.goto("/console/visits")
    for kind in ("project", "enterprise"):
        unvisited = every(api, "/ledgers/visits/unvisited", kind=kind)
        expect(page.locator(f"#unvisited-{kind}")).to_have_text(str(len(unvisited)))
    shot(page, "visits")


def test_a_handler_sees_their_departments_open_problems_due_first(
    page: Page, base_url: str
) -> None:
    sign_in(page, "handler-land")
    page.goto("/console/queue")
    rows = page.locator("#issue-rows tbody tr[data-id]")
    assert rows.count() > 0
    due = rows.evaluate_all("rows => rows.map(r => r.children[7].textContent)")
    assert due == sorted(due)
    departments = set(
        rows.evaluate_all("rows => rows.map(r => r.children[4].textContent)")
    )
    assert departments == {"县自然资源局"}
    shot(page, "queue")


def test_an_officer_of_the_next_county_sees_none_of_it(page: Page, api: Api) -> None:
    project = every(api, "/board/projects")[0]
    sign_in(page, "outsider", PASSWORD)
    expect(page.locator("#board tbody tr[data-id]")).to_have_count(0)
    response = page.goto(f"/console/projects/{project['id']}")
    assert response is not None
    assert response.status == 404
    expect(page.locator(".missing")).to_be_visible()
    shot(page, "outsider-404")


def test_english_is_a_click_away(page: Page) -> None:
    sign_in(page, "supervisor")
    page.click("#lang")
    expect(page.locator("h1")).to_have_text("Project board")
    page.goto("/console/issues")
    expect(page.locator("h1")).to_have_text("Problem ledger")
    shot(page, "issues-en")


def test_the_public_screen_shows_the_disclosure_table_and_pages_itself(
    page: Page, api: Api
) -> None:
    published = api.read("/board/disclosure")["items"]
    page.clock.install()
    page.goto(f"/screen/{COUNTY}")
    first = page.locator("table.disclosure").first
    names = first.locator("td.name").all_inner_texts()
    assert names == [row["name"] for row in published[: len(names)]]
    expect(page.locator("header")).to_contain_text(f"共{len(published)}个项目")
    shot(page, "screen")
    page.clock.run_for(13_000)
    expect(first).to_be_hidden()
    expect(page.locator("#pager")).to_contain_text("第2/")


def test_the_docs_page_loads_swagger_ui_from_the_package(page: Page) -> None:
    page.goto("/docs")
    title = page.locator(".swagger-ui .info .title")  # rendered from the whole spec
    expect(title).to_contain_text("siteledger", timeout=30_000)
    shot(page, "docs")
