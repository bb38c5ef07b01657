"""The pre-landing pool (拟落地重点项目管理库) and the four batches (四个一批), from six
projects sent over HTTP, each step stamped on its own day, whose figures are worked by
hand below (总投资 in 万元); and the statistics by month. On SQLite and PostgreSQL.

| project | place     | level      | total | pooled | signed | started | producing |
| ------- | --------- | ---------- | ----- | ------ | ------ | ------- | --------- |
| Q1      | 610502001 | county     | 10000 | 01-15  | 02-10  | 04-20   |           |
| Q2      | 610502001 | municipal  | 20000 | 02-03  | 03-05  | 03-28   | 06-10     |
| Q3      | 610502002 | county     |  5000 | 03-12 (withdrawn 05-06)                |
| Q4      | 610502002 | provincial | 40000 | 04-08  |        |         |           |
| Q5      | 610503    | municipal  |  8000 | never  | 01-20  | 05-15   |           |
| Q6      | 610502001 | county     |  3000 | 05-20  | 07-02  |         |           |

As of 30 June 2026, by month (planned = entered the pool):
01 planned 1 (10000), signed 1 (8000); 02 planned 1 (20000), signed 1 (10000);
03 planned 1 (5000), signed 1 (20000), started 1 (20000); 04 planned 1 (40000),
started 1 (10000); 05 planned 1 (3000), started 1 (8000), withdrawn 1 (5000);
06 in production 1 (20000). By quarter: Q1 3 (35000) planned, 3 (38000) signed,
1 (20000) started; Q2 2 (43000) planned, 2 (18000) started, 1 (20000) in production,
1 withdrawn. Q6's signing (recorded on 2 July) is in no figure as of June.
"""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest

from api.demo.clock import Clock, stamping
from projections.rebuild import fresh, verify
from tests.api import bodies as b
from tests.api.conftest import CITY_ADMIN, OUTSIDER, Api
from tests.factories import BEIJING

JUNE_END = "2026-06-30T23:00:00+08:00"
JULY_END = "2026-07-31T23:00:00+08:00"
PROJECTS = {  # code: place, level, total, plan for 2026
    "Q1": ("610502001", "county", "10000", "5000"),
    "Q2": ("610502001", "municipal", "20000", "10000"),
    "Q3": ("610502002", "county", "5000", "2500"),
    "Q4": ("610502002", "provincial", "40000", "20000"),
    "Q5": ("610503", "municipal", "8000", "4000"),
    "Q6": ("610502001", "county", "3000", "1500"),
}
STEPS: tuple[tuple[str, str, str, dict[str, str]], ...] = (  # day, code, route, body
    ("01-15", "Q1", "pool", {}),
    ("01-20", "Q5", "milestones", {"milestone": "signed"}),
    ("02-03", "Q2", "pool", {}),
    ("02-10", "Q1", "milestones", {"milestone": "signed"}),
    ("03-05", "Q2", "milestones", {"milestone": "signed"}),
    ("03-12", "Q3", "pool", {}),
    ("03-28", "Q2", "milestones", {"milestone": "groundbreaking"}),
    ("04-02", "Q2", "investment", {"month": "2026-03", "cumulative": "3000"}),
    ("04-08", "Q4", "pool", {}),
    ("04-20", "Q1", "milestones", {"milestone": "groundbreaking"}),
    ("05-03", "Q1", "investment", {"month": "2026-04", "cumulative": "2000"}),
    ("05-06", "Q3", "pool/withdrawal", {"reason": "企业投资计划调整"}),
    ("05-15", "Q5", "milestones", {"milestone": "groundbreaking"}),
    ("05-20", "Q6", "pool", {}),
    ("06-02", "Q2", "investment", {"month": "2026-05", "cumulative": "9000"}),
    ("06-10", "Q2", "milestones", {"milestone": "production"}),
    ("07-02", "Q6", "milestones", {"milestone": "signed"}),
)


@contextmanager
def on(day: str) -> Iterator[None]:
    """Events made inside are stamped at nine that morning, Beijing time."""
    with stamping(
        Clock(datetime.fromisoformat(f"2026-{day}T09:00").replace(tzinfo=BEIJING))
    ):
        yield


def sender(api: Api, code: str, route: str) -> Any:
    if route in ("pool", "pool/withdrawal"):
        return api.as_(CITY_ADMIN)
    return api.as_(OUTSIDER if PROJECTS[code][0] == "610503" else "supervisor")


@pytest.fixture(scope="module")
def scenario(store_api: Api) -> tuple[Api, dict[str, str]]:
    ids = {}
    for code, (place, level, total, plan) in PROJECTS.items():
        body = b.a_project(store_api.home) | {"code": code, "name": f"四个一批{code}"}
        body |= {"jurisdiction": place, "level": level, "total_investment": total}
        body |= {"planned_investment": plan}
        with on("01-05"):
            sent = store_api.as_(CITY_ADMIN).post("/projects", body)
        assert sent.status_code == 201, sent.get_json()
        ids[code] = sent.get_json()["id"]
    for day, code, route, body in STEPS:
        dated = body if "month" in body else {"on": f"2026-{day}"} | body
        with on(day):
            sent = sender(store_api, code, route).post(
                f"/projects/{ids[code]}/{route}", dated
            )
        assert sent.status_code == 200, (code, route, sent.get_json())
    store_api.catch_up()
    return store_api, ids


@pytest.fixture(scope="module")
def city(scenario: tuple[Api, dict[str, str]]) -> Api:
    return scenario[0]


@pytest.fixture(scope="module")
def ids(scenario: tuple[Api, dict[str, str]]) -> dict[str, str]:
    """Each project's id by its code."""
    return scenario[1]


def read(api: Api, path: str, **query: Any) -> Any:
    asked = {"jurisdiction": "6105", "as_of": JUNE_END} | query
    found = api.as_(CITY_ADMIN).get(f"/board/statistics/{path}", query_string=asked)
    assert found.status_code == 200, found.get_json()
    return found.get_json()


def batches(api: Api, **query: Any) -> dict[tuple[str, str], tuple[int, ...]]:
    """(period, group): planned, signed, started, producing, withdrawn, with the
    total investment of the first four."""
    return {
        (row["period"], row["group"]): (
            *(
                figure
                for batch in ("planned", "signed", "started", "producing")
                for figure in (row[batch], int(row[f"{batch}_investment"]))
            ),
            row["withdrawn"],
        )
        for row in read(api, "batches", **query)["groups"]
    }


def test_the_four_batches_by_month_are_the_hand_worked_ones(city: Api) -> None:
    assert batches(city) == {
        ("2026-01", "6105"): (1, 10000, 1, 8000, 0, 0, 0, 0, 0),
        ("2026-02", "6105"): (1, 20000, 1, 10000, 0, 0, 0, 0, 0),
        ("2026-03", "6105"): (1, 5000, 1, 20000, 1, 20000, 0, 0, 0),
        ("2026-04", "6105"): (1, 40000, 0, 0, 1, 10000, 0, 0, 0),
        ("2026-05", "6105"): (1, 3000, 0, 0, 1, 8000, 0, 0, 1),
        ("2026-06", "6105"): (0, 0, 0, 0, 0, 0, 1, 20000, 0),
    }


def test_by_quarter_and_county(city: Api) -> None:
    assert batches(city, period="quarter") == {
        ("2026-Q1", "6105"): (3, 35000, 3, 38000, 1, 20000, 0, 0, 0),
        ("2026-Q2", "6105"): (2, 43000, 0, 0, 2, 18000, 1, 20000, 1),
    }
    assert batches(city, period="quarter", group_by="county") == {
        ("2026-Q1", "610502"): (3, 35000, 2, 30000, 1, 20000, 0, 0, 0),
        ("2026-Q2", "610502"): (2, 43000, 0, 0, 1, 10000, 1, 20000, 1),
        ("2026-Q1", "610503"): (0, 0, 1, 8000, 0, 0, 0, 0, 0),
        ("2026-Q2", "610503"): (0, 0, 0, 0, 1, 8000, 0, 0, 0),
    }


def test_by_level_for_the_year(city: Api) -> None:
    assert batches(city, period="year", group_by="level") == {
        ("2026", "county"): (3, 18000, 1, 10000, 1, 10000, 0, 0, 1),
        ("2026", "municipal"): (1, 20000, 2, 28000, 2, 28000, 1, 20000, 0),
        ("2026", "provincial"): (1, 40000, 0, 0, 0, 0, 0, 0, 0),
    }


def test_what_is_recorded_later_counts_only_as_of_later(city: Api) -> None:
    july = batches(city, period="quarter", as_of=JULY_END)
    assert july[("2026-Q3", "6105")] == (0, 0, 1, 3000, 0, 0, 0, 0, 0)
    assert batches(city, as_of="2026-02-28T23:00:00+08:00") == {
        ("2026-01", "6105"): (1, 10000, 1, 8000, 0, 0, 0, 0, 0),
        ("2026-02", "6105"): (1, 20000, 1, 10000, 0, 0, 0, 0, 0),
    }


def test_a_past_year_lists_every_period_and_a_coming_one_none(city: Api) -> None:
    zeros = (0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert batches(city, period="quarter", year=2025) == {
        (f"2025-Q{quarter}", "6105"): zeros for quarter in (1, 2, 3, 4)
    }
    assert batches(city, year=2027) == {}


def test_the_pool_says_where_each_project_stands(city: Api) -> None:
    june = read(city, "pool")
    assert june["counts"] == {
        "pooled": 2,
        "signed": 0,
        "started": 1,
        "in_production": 1,
        "withdrawn": 1,
    }
    assert [(row["code"], row["status"]) for row in june["items"]] == [
        ("Q1", "started"),
        ("Q2", "in_production"),
        ("Q3", "withdrawn"),
        ("Q4", "pooled"),
        ("Q6", "pooled"),
    ]
    q3 = june["items"][2]
    assert (q3["withdrawn_on"], q3["reason"]) == ("2026-05-06", "企业投资计划调整")
    march = read(city, "pool", as_of="2026-03-31T23:00:00+08:00")["items"]
    assert [(row["code"], row["status"]) for row in march] == [
        ("Q1", "signed"),
        ("Q2", "started"),
        ("Q3", "pooled"),
    ]


def test_a_county_reads_its_own_pool_only(city: Api) -> None:
    found = city.as_("supervisor").get(
        "/board/statistics/pool", query_string={"as_of": JUNE_END}
    )
    assert [row["code"] for row in found.get_json()["items"]] == [
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Q6",
    ]
    away = city.as_(OUTSIDER).get(
        "/board/statistics/batches", query_string={"as_of": JUNE_END}
    )
    assert sum(row["planned"] for row in away.get_json()["groups"]) == 0


def test_statistics_by_month_are_as_of_each_months_end(city: Api) -> None:
    asked = {"group_by": "month", "jurisdiction": "6105", "as_of": JUNE_END}
    found = city.as_(CITY_ADMIN).get("/board/statistics", query_string=asked)
    assert found.status_code == 200, found.get_json()
    rows = {
        row["group"]: (
            *(row["in_plan"], row["started"], row["start_rate"]),
            *(row["planned"], row["completed"], row["completion_rate"]),
        )
        for row in found.get_json()["groups"]
    }
    assert rows == {
        "2026-01": (6, 0, "0.0000", "43000", "0", "0.0000"),
        "2026-02": (6, 0, "0.0000", "43000", "0", "0.0000"),
        "2026-03": (6, 1, "0.1667", "43000", "3000", "0.0698"),
        "2026-04": (6, 2, "0.3333", "43000", "5000", "0.1163"),
        "2026-05": (6, 3, "0.5000", "43000", "11000", "0.2558"),
        "2026-06": (6, 3, "0.5000", "43000", "11000", "0.2558"),
    }


def test_a_months_row_is_what_as_of_its_last_moment_answers(city: Api) -> None:
    get = city.as_(CITY_ADMIN).get
    query = {"jurisdiction": "6105", "as_of": JUNE_END}
    months = get("/board/statistics", query_string=query | {"group_by": "month"})
    april = next(r for r in months.get_json()["groups"] if r["group"] == "2026-04")
    end = {"as_of": "2026-04-30T23:59:59.999999+08:00", "group_by": "city"}
    (city_then,) = get("/board/statistics", query_string=query | end).get_json()[
        "groups"
    ]
    assert city_then | {"group": "2026-04"} == april


def test_the_batches_export_names_places_and_batches(city: Api) -> None:
    query = {"jurisdiction": "6105", "as_of": JUNE_END, "group_by": "county"}
    data = (
        city.as_(CITY_ADMIN)
        .get(
            "/board/statistics/batches",
            query_string=query | {"period": "quarter", "format": "csv"},
        )
        .data
    )
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert head[:3] == ["期间", "县（市、区）", "区划名称"]
    assert {
        "谋划一批（个）",
        "签约一批（个）",
        "开工一批（个）",
        "投产一批（个）",
    } < set(head)
    first = dict(zip(head, rows[0], strict=True))
    assert (first["期间"], first["县（市、区）"], first["谋划一批（个）"]) == (
        "2026-Q1",
        "610502",
        "3",
    )


def test_the_pool_export_shows_names_not_codes(city: Api) -> None:
    query = {"jurisdiction": "6105", "as_of": JUNE_END, "format": "csv"}
    data = city.as_(CITY_ADMIN).get("/board/statistics/pool", query_string=query).data
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    by_code = {row[head.index("项目编号")]: row for row in rows}
    assert by_code["Q4"][head.index("状态")] == "在库待签约"
    assert by_code["Q4"][head.index("级别")] == "省级重点"
    assert by_code["Q3"][head.index("出库原因")] == "企业投资计划调整"


def test_the_views_rebuilt_from_the_log_equal_the_followed_ones(city: Api) -> None:
    views, app = city.services.views, city.services.ledger
    for kind in ("pool", "board", "progress"):
        live = views.by_name()[kind]
        assert verify(app, live, fresh(views, kind, "poolcheck")) == [], kind


@pytest.mark.parametrize(
    "case",
    [
        ("Q5", "pool", {"on": "2026-02-01"}, 409),  # signed on 20 January
        ("Q4", "pool", {"on": "2026-06-01"}, 409),  # in the pool already
        ("Q5", "pool/withdrawal", {"on": "2026-06-01", "reason": "不落地"}, 409),
        ("Q4", "pool/withdrawal", {"on": "2026-03-01", "reason": "不落地"}, 409),
        ("Q4", "pool/withdrawal", {"on": "2026-06-01", "reason": ""}, 422),
        ("Q4", "pool/withdrawal", {"on": "2026-06-01"}, 422),
        ("Q4", "pool", {"on": "2026-13-01"}, 422),
        ("Q4", "pool", {"on": "1899-01-01"}, 422),
    ],
)
def test_a_refused_pool_move_is_a_problem_and_stores_nothing(
    city: Api, ids: dict[str, str], case: tuple[str, str, dict[str, str], int]
) -> None:
    code, route, body, status = case
    before = city.events()
    found = city.as_(CITY_ADMIN).post(f"/projects/{ids[code]}/{route}", body)
    assert found.status_code == status, found.get_json()
    assert found.mimetype == "application/problem+json"
    assert city.events() == before


@pytest.mark.parametrize(
    "query",
    [{"period": "week"}, {"year": 1999}, {"group_by": "stage"}, {"year": "soon"}],
)
def test_bad_batch_arguments_are_a_problem(city: Api, query: dict[str, Any]) -> None:
    found = city.as_(CITY_ADMIN).get("/board/statistics/batches", query_string=query)
    assert found.status_code == 422
    assert found.mimetype == "application/problem+json"


def test_a_project_never_pooled_reads_as_before(city: Api, ids: dict[str, str]) -> None:
    found = city.as_(OUTSIDER).get(f"/projects/{ids['Q5']}")
    assert found.status_code == 200
    assert found.get_json()["pooled_on"] is None
    assert found.get_json()["milestones"]["signed"] == "2026-01-20"
