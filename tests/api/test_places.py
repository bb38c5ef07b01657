"""Places by name: jurisdictions registered by admins with their level and names,
shown beside their codes in every export, list, console page and report, in
Chinese or English; over HTTP on SQLite and PostgreSQL."""

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from api.cli import main
from domain.model.place import Place as Registered
from projections.rebuild import drop, fresh, verify
from storage.eventstore import open_ledger
from tests.api import bodies as b
from tests.api.conftest import CITY_ADMIN, HOME, Api
from tests.api.test_console import signed_in

VILLAGE = "610502001004"
REGISTER = [
    {"code": HOME, "level": "county", "name": "临渭区", "name_en": "Linwei District"},
    {
        "code": "610502001",
        "level": "township",
        "name": "双王街道",
        "name_en": "Shuangwang Subdistrict",
    },
    {"code": VILLAGE, "level": "village", "name": "双王街道第4网格", "name_en": ""},
]


@pytest.fixture(scope="module")
def named(store_api: Api) -> Api:
    """The home county, a township and a grid, and the city above them."""
    for body in REGISTER:
        assert store_api.as_("admin").post("/places", body).status_code == 201
    city = {"code": "6105", "level": "city", "name": "渭南市", "name_en": "Weinan"}
    assert store_api.as_(CITY_ADMIN).post("/places", city).status_code == 201
    return store_api


@pytest.fixture(scope="module")
def village_project(named: Api) -> dict[str, Any]:
    body = b.a_project(named.home) | {"jurisdiction": VILLAGE, "code": "XM-NAMED-1"}
    response = named.as_("supervisor").post("/projects", body)
    assert response.status_code == 201, response.get_json()
    return body


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def cells(data: bytes, heading: str) -> dict[str, str]:
    """Each row's cell under a heading, by the row's code or first cell."""
    head, *rows = rows_of(data)
    at = head.index(heading)
    key = head.index("项目编号") if "项目编号" in head else 0
    return {row[key]: row[at] for row in rows}


def test_the_register_lists_a_place_with_its_level_to_the_places_below(
    named: Api,
) -> None:
    found = named.as_("officer").get("/places", query_string={"code": HOME})
    (place,) = found.get_json()["items"]
    assert (place["label"], place["fields"]) == (
        "临渭区",
        {"code": HOME, "level": "county"},
    )
    above = named.as_("officer").get("/places", query_string={"code": "6105"})
    assert [p["label"] for p in above.get_json()["items"]] == ["渭南市"]


@pytest.mark.parametrize(
    "body",
    [
        {"code": "610502002", "level": "village", "name": "杜桥街道"},  # 9 digits
        {"code": "61050", "level": "county", "name": "五位"},  # no level has 5
        {"code": "61050200a", "level": "township", "name": "字母"},
        {"code": "610502002", "level": "township", "name": " "},
        {"code": "610502002", "level": "hamlet", "name": "杜桥街道"},
        {"code": "610502002", "level": "township", "name": "杜桥", "area": 3},
    ],
)
def test_a_place_that_does_not_hold_together_is_refused_and_nothing_stored(
    named: Api, body: dict[str, Any]
) -> None:
    before = named.events()
    response = named.as_("admin").post("/places", body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert named.events() == before


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("supervisor", "610502003", 403),  # not for the role
        ("admin", "610503", 403),  # another county's
        ("admin", HOME, 409),  # registered already
    ],
)
def test_only_a_place_of_ones_own_new_to_the_register_is_registered(
    named: Api, who: str, code: str, status: int
) -> None:
    level = "county" if len(code) == 6 else "township"
    body = {"code": code, "level": level, "name": "某地"}
    before = named.events()
    assert named.as_(who).post("/places", body).status_code == status
    assert named.events() == before


def test_a_rename_is_an_event_with_its_reason_the_old_name_kept_in_history(
    named: Api,
) -> None:
    admin = named.as_("admin")
    body = {"code": "610502005", "level": "township", "name": "阳郭乡"}
    place = admin.post("/places", body).get_json()
    rename = {"name": "阳郭镇", "name_en": "Yangguo Town", "reason": "撤乡设镇"}
    renamed = admin.post(f"/places/{place['id']}/rename", rename).get_json()
    assert (renamed["name"], renamed["name_en"]) == ("阳郭镇", "Yangguo Town")
    events = admin.get(f"/places/{place['id']}/history").get_json()["events"]
    assert [e["data"]["name"] for e in events] == ["阳郭乡", "阳郭镇"]
    assert events[1]["data"]["reason"] == "撤乡设镇"


@pytest.mark.parametrize(
    ("lang", "heading", "name"),
    [
        ("zh", "区划名称", "双王街道第4网格"),
        ("en", "Jurisdiction name", "双王街道第4网格"),
    ],
)
def test_the_board_export_names_each_projects_place_beside_its_code(
    named: Api, village_project: dict[str, Any], lang: str, heading: str, name: str
) -> None:
    query = {"format": "csv", "lang": lang}
    data = named.as_("supervisor").get("/board/projects", query_string=query).data
    head, *rows = rows_of(data)
    row = next(r for r in rows if village_project["code"] in r)
    at = head.index(heading)
    assert row[at - 1 : at + 1] == [VILLAGE, name]  # no English name: the Chinese


def test_an_english_export_names_a_place_in_english_where_it_has_a_name(
    named: Api, village_project: dict[str, Any]
) -> None:
    query = {"format": "csv", "lang": "en", "group_by": "jurisdiction"}
    b.given_issue(named, named.home, "assigned")
    data = named.as_("supervisor").get("/ledgers/issues/summary", query_string=query)
    assert cells(data.data, "Jurisdiction name")[HOME] == "Linwei District"


def test_an_xlsx_is_captioned_with_the_places_name(named: Api) -> None:
    query = {"format": "xlsx", "lang": "zh"}
    data = named.as_("supervisor").get("/ledgers/issues", query_string=query).data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert str(sheet["A2"].value).startswith(f"区划：{HOME} 临渭区　截至：")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/board/disclosure", {}),
        ("/board/lists", {"year": 2026, "quarter": 4}),
    ],
)
def test_the_disclosure_and_the_quarter_lists_name_the_place(
    named: Api, village_project: dict[str, Any], path: str, query: dict[str, Any]
) -> None:
    asked = query | {"format": "csv", "lang": "zh"}
    data = named.as_("supervisor").get(path, query_string=asked).data
    head, *rows = rows_of(data)
    places = {row[head.index("区划名称")] for row in rows}
    assert "双王街道第4网格" in places


def test_the_console_board_and_the_monthly_report_name_the_places(
    named: Api, village_project: dict[str, Any], tmp_path: Path
) -> None:
    client = signed_in(named, "supervisor")
    page = client.get("/console/board").get_data(as_text=True)
    assert f"{VILLAGE} 双王街道第4网格" in page
    assert f"{HOME} Linwei District" in client.get("/console/board?lang=en").get_data(
        as_text=True
    )
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(client.get("/console/report.pdf?month=2026-11").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"区划 {HOME} 临渭区" in text


def test_the_register_rebuilds_equal_to_the_live_view(named: Api) -> None:
    named.catch_up()
    views, app = named.services.views, named.services.ledger
    scratch = fresh(views, "catalog", "placescheck")
    try:
        assert verify(app, views.catalog, scratch) == []
    finally:
        drop(scratch)


def load(url: str, *args: str) -> Any:
    return CliRunner().invoke(
        main, ["places", "load", *args], env={"SITELEDGER_DATABASE_URL": url}
    )


def test_the_shipped_register_loads_once_and_a_bad_line_loads_nothing(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    first = load(url)
    assert first.output == "53 places registered\n"
    assert load(url).output == "0 places registered\n"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,level,name,name_en\n610503,county,华州区,\n61050,county,x,\n")
    refused = load(url, str(bad))
    assert refused.exit_code == 1
    assert "61050" in refused.output
    with open_ledger(url) as app:
        assert Registered.id_for("610503") not in app.repository
        assert (
            app.load(Registered, Registered.id_for(VILLAGE)).name == "双王街道第4网格"
        )


def test_the_board_and_disclosure_lists_name_the_place_in_both_languages(
    named: Api, village_project: dict[str, Any]
) -> None:
    board = named.as_("supervisor").get("/board/projects?limit=200").get_json()
    row = next(r for r in board["items"] if r["code"] == village_project["code"])
    assert (row["jurisdiction_name"], row["jurisdiction_name_en"]) == (
        "双王街道第4网格",
        "双王街道第4网格",  # no English name registered: the Chinese
    )
    shown = named.as_("supervisor").get("/board/disclosure").get_json()["items"]
    home = [r for r in shown if r["jurisdiction"] == HOME]
    assert {r["jurisdiction_name_en"] for r in home} == {"Linwei District"}
