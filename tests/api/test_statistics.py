"""Statistics a leader reports upward, from five projects whose figures are worked
by hand below (万元, as of the end of November 2026): 开(复)工率 and investment
against the year's plan by county, city and level; projects not reporting a month.
Over HTTP on SQLite and PostgreSQL.

| project | county | level      | plan 2026 | broke ground | cumulative to October |
| ------- | ------ | ---------- | --------- | ------------ | --------------------- |
| P1      | 610521 | county     | 10000     | 2026-03-01   | 6000                  |
| P2      | 610521 | municipal  | 5000      | 2026-04-01   | 5000                  |
| P3      | 610521 | county     | 5000      | —            | —                     |
| P4      | 610522 | provincial | 20000     | 2026-05-01   | 15000                 |
| P5      | 610522 | county     | 10000     | —            | —                     |

County 610521: 2 of 3 started, 2/3 = 66.67 %; 11000 of 20000 done, 55 %.
County 610522: 1 of 2 started, 50 %; 15000 of 30000 done, 50 %.
City 6105 (both): 3 of 5 started, 60 %; 26000 of 50000 done, 52 %.
By level: county 1 of 3, 6000 of 25000 (24 %); municipal 1 of 1, 5000 of 5000
(100 %); provincial 1 of 1, 15000 of 20000 (75 %).
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from api.demo.clock import Clock, stamping
from domain.commands.project import RecordMilestone, RegisterProject, ReportInvestment
from domain.model.project import Level, Milestone
from tests.api.conftest import CITY_ADMIN, Api
from tests.factories import BEIJING, meta

MARCH = datetime(2026, 3, 2, 9, tzinfo=BEIJING)
NOVEMBER_END = "2026-11-30T23:00:00+08:00"
PROJECTS = (
    ("P1", "610521", Level.COUNTY, "10000", "2026-03-01", "6000"),
    ("P2", "610521", Level.MUNICIPAL, "5000", "2026-04-01", "5000"),
    ("P3", "610521", Level.COUNTY, "5000", None, None),
    ("P4", "610522", Level.PROVINCIAL, "20000", "2026-05-01", "15000"),
    ("P5", "610522", Level.COUNTY, "10000", None, None),
)


def registered(api: Api, code: str, county: str, level: Level, plan: str) -> UUID:
    project_id = uuid4()
    with stamping(Clock(MARCH)):  # registered by every as_of asked below
        api.services.ledger.execute(
            RegisterProject(
                project_id=project_id,
                code=code,
                name=f"统计项目{code}",
                level=level,
                jurisdiction=county,
                location="产业园",
                owner_enterprise_id=api.home.enterprise_id,
                sector="装备制造",
                planned_start=date(2026, 3, 1),
                planned_finish=date(2027, 12, 31),
                total_investment=Decimal("100000"),
                plan_year=2026,
                planned_investment=Decimal(plan),
            ),
            meta(),
        )
    return project_id


@pytest.fixture(scope="module")
def city(store_api: Api) -> Api:
    ledger = store_api.services.ledger
    for code, county, level, plan, broke, cumulative in PROJECTS:
        project_id = registered(store_api, code, county, level, plan)
        if broke is None or cumulative is None:
            continue
        ground = Milestone.GROUNDBREAKING
        on = date.fromisoformat(broke)
        ledger.execute(
            RecordMilestone(project_id=project_id, milestone=ground, on=on), meta()
        )
        done = Decimal(cumulative)
        ledger.execute(
            ReportInvestment(project_id=project_id, month="2026-10", cumulative=done),
            meta(),
        )
    store_api.catch_up()
    return store_api


def groups(api: Api, group_by: str, **query: Any) -> dict[str, tuple[Any, ...]]:
    asked = {"group_by": group_by, "jurisdiction": "61052", "as_of": NOVEMBER_END}
    found = api.as_(CITY_ADMIN).get("/board/statistics", query_string=asked | query)
    assert found.status_code == 200, found.get_json()
    return {
        row["group"]: (
            row["in_plan"],
            row["started"],
            row["start_rate"],
            row["planned"],
            row["completed"],
            row["completion_rate"],
        )
        for row in found.get_json()["groups"]
    }


def test_county_figures_are_the_hand_worked_ones(city: Api) -> None:
    assert groups(city, "county") == {
        "610521": (3, 2, "0.6667", "20000", "11000", "0.5500"),
        "610522": (2, 1, "0.5000", "30000", "15000", "0.5000"),
    }


def test_the_city_figure_is_the_two_counties_together(city: Api) -> None:
    assert groups(city, "city") == {
        "6105": (5, 3, "0.6000", "50000", "26000", "0.5200"),
    }


def test_figures_by_level(city: Api) -> None:
    assert groups(city, "level") == {
        "county": (3, 1, "0.3333", "25000", "6000", "0.2400"),
        "municipal": (1, 1, "1.0000", "5000", "5000", "1.0000"),
        "provincial": (1, 1, "1.0000", "20000", "15000", "0.7500"),
    }


def test_before_groundbreaking_day_a_project_is_not_started(city: Api) -> None:
    april = groups(city, "city", as_of="2026-04-15T12:00:00+08:00")
    assert april["6105"][:3] == (5, 2, "0.4000")  # P1 and P2 by mid-April


def test_a_county_reads_only_its_own(city: Api) -> None:
    found = city.as_("supervisor").get(
        "/board/statistics",
        query_string={"group_by": "county", "jurisdiction": "610521"},
    )
    assert found.status_code == 404  # outside the home county's 610502


def test_projects_not_reporting_a_month_are_listed(city: Api) -> None:
    get = city.as_(CITY_ADMIN).get
    query = {"jurisdiction": "61052", "as_of": NOVEMBER_END}
    october = get(
        "/board/statistics/unreported", query_string=query | {"month": "2026-10"}
    )
    assert october.get_json()["items"] == []
    november = get(
        "/board/statistics/unreported", query_string=query | {"month": "2026-11"}
    )
    assert sorted(row["code"] for row in november.get_json()["items"]) == [
        "P1",
        "P2",
        "P4",
    ]


def test_the_statistics_export_in_english_with_rates_as_percentages(city: Api) -> None:
    query = {"group_by": "county", "jurisdiction": "61052", "as_of": NOVEMBER_END}
    data = (
        city.as_(CITY_ADMIN)
        .get("/board/statistics", query_string=query | {"format": "csv", "lang": "en"})
        .data
    )
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert head[:2] == ["County", "Name"]
    by_county = {row[0]: row for row in rows}
    assert by_county["610521"][head.index("Start rate")] == "66.7%"
    assert by_county["610522"][head.index("Share of the plan")] == "50.0%"
