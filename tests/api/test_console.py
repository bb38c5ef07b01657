"""The console and the public screen over the test client: signing in, scope, and
nothing loaded from off the machine (the browser tests drive the pages themselves)."""

import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient

from api.report import month_end
from domain.model.officer import Officer
from projections.dates import AsOf
from storage.credentials import hash_password
from tests.api import bodies as b
from tests.api.conftest import AWAY, HOME, OUTSIDER, Api
from tests.api.test_evidence import attached
from tests.photos import jpeg_from_phone

PASSWORD = "a-console-password"
EXTERNAL = re.compile(rb"""(src|href)=["']?(https?:)?//""")


def signed_in(api: Api, who: str) -> FlaskClient:
    client = api.app.test_client()
    client.set_cookie("siteledger_console", api.as_(who).token, path="/console")
    return client


def test_a_page_without_signing_in_sends_the_reader_to_the_login_form(
    api: Api,
) -> None:
    response = api.app.test_client().get("/console/issues?status=closed")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/console/login?next=")


def test_a_wrong_password_is_refused_with_no_session(api: Api) -> None:
    form = {"username": "nobody", "password": "wrong", "next": ""}
    response = api.app.test_client().post("/console/login", data=form)
    assert response.status_code == 401
    assert "用户名或密码错误".encode() in response.data
    assert "Set-Cookie" not in response.headers


def with_password(api: Api, who: str) -> str:
    officer = api.services.ledger.load(Officer, api.as_(who).officer_id)
    api.services.credentials.set(officer.username, officer.id, hash_password(PASSWORD))
    return officer.username


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/console/issues?status=closed", "/console/issues?status=closed"),
        ("https://example.org/console/board", "/console/board"),
        ("//example.org/console/board", "/console/board"),
        ("/health", "/console/board"),
    ],
)
def test_signing_in_lands_on_the_page_asked_for_never_off_the_console(
    api: Api, target: str, landing: str
) -> None:
    form = {"username": with_password(api, "auditor"), "password": PASSWORD}
    response = api.app.test_client().post(
        "/console/login", data=form | {"next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie


@pytest.mark.parametrize(
    "path", ["/console/board", "/console/issues", "/console/visits", "/console/queue"]
)
def test_every_page_is_served_whole_with_nothing_from_off_the_machine(
    api: Api, path: str
) -> None:
    response = signed_in(api, "supervisor").get(path)
    assert response.status_code == 200
    assert EXTERNAL.search(response.data) is None


def test_a_problem_of_another_jurisdiction_is_not_found_as_a_page(api: Api) -> None:
    issue = b.given_issue(api, api.home, "assigned")
    api.catch_up()
    assert (
        signed_in(api, "supervisor").get(f"/console/issues/{issue}").status_code == 200
    )
    response = signed_in(api, OUTSIDER).get(f"/console/issues/{issue}")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_the_outsiders_board_holds_none_of_the_home_countys_projects(
    api: Api,
) -> None:
    page = signed_in(api, OUTSIDER).get("/console/board").data
    assert str(api.home.project_id).encode() not in page
    assert str(api.away.project_id).encode() in page


@pytest.mark.parametrize("jurisdiction", ["99", "abc", "6105021234567"])
def test_the_public_screen_of_a_place_with_no_projects_is_not_found(
    api: Api, jurisdiction: str
) -> None:
    assert api.app.test_client().get(f"/screen/{jurisdiction}").status_code == 404


def test_the_public_screen_needs_no_sign_in_and_shows_the_projects(
    api: Api,
) -> None:
    response = api.app.test_client().get(f"/screen/{HOME}")
    assert response.status_code == 200
    assert EXTERNAL.search(response.data) is None
    assert AWAY != HOME


def test_the_docs_page_loads_swagger_ui_from_this_server(api: Api) -> None:
    client = api.app.test_client()
    page = client.get("/docs").data
    assert EXTERNAL.search(page) is None
    assert b"/docs/assets/swagger-ui-bundle.js" in page
    with client.get("/docs/assets/swagger-ui-bundle.js") as script:
        assert script.status_code == 200
        assert len(script.data) > 100_000


@pytest.mark.parametrize("month", ["2026-13", "26-01", "2026-1"])
def test_a_report_for_a_month_that_is_not_one_is_refused(api: Api, month: str) -> None:
    response = signed_in(api, "supervisor").get(f"/console/report.pdf?month={month}")
    assert response.status_code == 400


def test_a_visits_page_shows_its_photos_thumbnails_served_by_this_server(
    api: Api,
) -> None:
    evidence = attached(api, jpeg_from_phone())
    api.catch_up()
    client = signed_in(api, "supervisor")
    page = client.get(f"/console/visits/{evidence['owner_id']}").data.decode()
    thumbnails = re.findall(r'<img src="([^"]+)"', page)
    assert len(thumbnails) == 1
    with client.get(thumbnails[0].replace("&amp;", "&")) as image:
        assert image.status_code == 200
        assert image.mimetype == "image/jpeg"


def test_the_report_button_gives_a_pdf_of_the_months_figures(
    api: Api, tmp_path: Path
) -> None:
    b.given_issue(api, api.home, "closed")
    api.catch_up()
    month = AsOf.of(None).month
    client = signed_in(api, "supervisor")
    assert client.get("/console/report").status_code == 200
    response = client.get(f"/console/report.pdf?month={month}")
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    text = "".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    end = month_end(month).moment.isoformat()
    row = (
        api.as_("supervisor")
        .get(
            "/ledgers/issues/summary",
            query_string={"group_by": "month", "month_from": month, "month_to": month}
            | {"as_of": end},
        )
        .get_json()["groups"][0]
    )
    assert f"本月受理问题{row['received']}个，办结{row['resolved']}个" in text


@pytest.mark.parametrize("table", ["board", "issues", "visits", "pool"])
def test_each_ledger_exports_as_the_readers_printable_xlsx(
    api: Api, table: str
) -> None:
    client = signed_in(api, "supervisor")
    response = client.get(f"/console/export/{table}.xlsx?lang=en")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet["A2"].value.startswith(f"Jurisdiction: {HOME}")
    assert sheet["A3"].value == "No."


def test_the_board_shows_the_pool_and_this_years_four_batches(api: Api) -> None:
    today = AsOf.of(None).today
    project = api.away.project_id  # the other county's: its board alone shows it
    entered = {"on": today.isoformat()}
    sent = api.as_(OUTSIDER).post(f"/projects/{project}/pool", entered)
    assert sent.status_code == 200, sent.get_json()
    api.catch_up()
    page = signed_in(api, OUTSIDER).get("/console/board").data.decode()
    assert 'id="pool-pooled" data-count="1"' in page
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    row = page.split(f'data-period="{quarter}"')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', row)[0] == "1（52000万元）"
    home = signed_in(api, "supervisor").get("/console/board").data.decode()
    assert 'id="pool-pooled" data-count="0"' in home
    sheet = signed_in(api, OUTSIDER).get("/console/export/batches.xlsx").data
    cells = openpyxl.load_workbook(io.BytesIO(sheet)).worksheets[0]
    assert "谋划一批（个）" in [cell.value for cell in cells[3]]


def test_a_table_the_console_does_not_export_is_not_found(api: Api) -> None:
    response = signed_in(api, "supervisor").get("/console/export/officers.xlsx")
    assert response.status_code == 404


def test_english_is_kept_once_chosen(api: Api) -> None:
    client = signed_in(api, "supervisor")
    assert "Project board" in client.get("/console/board?lang=en").data.decode()
    assert "Problem ledger" in client.get("/console/issues").data.decode()
    assert "问题台账" in client.get("/console/issues?lang=zh").data.decode()


def test_signing_out_ends_the_session(api: Api) -> None:
    client = signed_in(api, "supervisor")
    assert client.post("/console/logout").status_code == 302
    assert client.get("/console/board").status_code == 302


def test_a_page_as_of_a_day_reads_the_ledgers_then(api: Api) -> None:
    client = signed_in(api, "supervisor")
    page = client.get("/console/issues?as_of=2020-01-31").data.decode()
    assert 'value="2020-01-31"' in page
    assert client.get("/console/issues?as_of=yesterday").status_code == 400


def test_a_problems_page_as_of_a_moment_shows_it_as_known_then(api: Api) -> None:
    issue = b.given_issue(api, api.home, "assigned")
    api.catch_up()
    client = signed_in(api, "supervisor")
    before = client.get(f"/console/issues/{issue}?as_of=2000-01-01T00:00")
    assert before.status_code == 404  # not known then
    first = client.get(f"/console/issues/{issue}?version=1").data.decode()
    assert 'data-version="1"' in first
    assert "待交办" in first
    assert client.get(f"/console/issues/{issue}?as_of=soon").status_code == 400


def test_a_projects_page_names_its_stewards_and_owner(api: Api) -> None:
    client = signed_in(api, "supervisor")
    page = client.get(f"/console/projects/{api.home.project_id}").data.decode()
    state = page.split('id="state"')[1].split("</table>")[0]
    assert "owner_enterprise_id" in state
    assert re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", state) is None  # names, not ids
