"""红黄黑榜 as published (通报): a period's lists frozen as an event; a correction made
later never changes them; a republish is a new edition beside the first, both
readable; lists by month, quarter and year. Over HTTP on SQLite and PostgreSQL."""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from api.demo.clock import Clock, stamping
from tests.api import bodies as b
from tests.api.conftest import Api
from tests.factories import BEIJING

MARCH = datetime(2026, 3, 2, 9, tzinfo=BEIJING)
Q3 = {"year": 2026, "quarter": 3}


def sent(api: Api, path: str, body: dict[str, Any], who: str = "supervisor") -> Any:
    found = api.as_(who).post(path, body)
    assert found.status_code in (200, 201), found.get_json()
    return found.get_json()


@pytest.fixture(scope="module")
def behind(store_api: Api) -> tuple[Api, str]:
    """A project registered in March, under way, 3,000 of its 18,000 for the year
    done by August: red-warned (behind pace) at the end of September."""
    with stamping(Clock(MARCH)):
        body = b.a_project(store_api.home) | {"name": "进度滞后项目"}
        project_id = sent(store_api, "/projects", body)["id"]
    path = f"/projects/{project_id}"
    sent(
        store_api,
        f"{path}/milestones",
        {"milestone": "groundbreaking", "on": "2026-03-01"},
        "officer",
    )
    sent(
        store_api,
        f"{path}/investment",
        {"month": "2026-08", "cumulative": "3000"},
        "officer",
    )
    return store_api, project_id


def names(lists: dict[str, Any], which: str) -> list[str]:
    return [row["name"] for row in lists[which]]


def test_a_period_not_over_is_not_published(behind: tuple[Api, str]) -> None:
    api, _ = behind
    found = api.as_("supervisor").post(
        "/board/lists/publications", {"year": 2099, "month": 1}
    )
    assert found.status_code == 409


def test_a_month_and_a_quarter_at_once_are_refused(behind: tuple[Api, str]) -> None:
    api, _ = behind
    found = api.as_("auditor").get("/board/lists", query_string=Q3 | {"month": 9})
    assert found.status_code == 422


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ({"year": 2026, "month": 9}, "2026-09"),
        (Q3, "2026-Q3"),
        ({"year": 2025}, "2025"),
    ],
)
def test_lists_are_given_by_month_quarter_or_year(
    behind: tuple[Api, str], query: dict[str, Any], period: str
) -> None:
    api, _ = behind
    found = api.as_("auditor").get("/board/lists", query_string=query).get_json()
    assert found["period"] == period


def test_a_published_quarter_stays_as_published_and_a_republish_is_beside_it(
    behind: tuple[Api, str],
) -> None:
    api, project_id = behind
    live = api.as_("auditor").get("/board/lists", query_string=Q3).get_json()
    assert names(live, "black") == ["进度滞后项目"]
    first = sent(api, "/board/lists/publications", Q3)
    assert [e["edition"] for e in first["editions"]] == [1]
    assert names(first["editions"][0]["lists"], "black") == ["进度滞后项目"]
    published_at = datetime.fromisoformat(first["editions"][0]["published_at"])

    again = api.as_("supervisor").post("/board/lists/publications", Q3)
    assert again.status_code == 409  # published already: a republish takes a reason

    correction = {"month": "2026-08", "cumulative": "12000", "reason": "统计口径更正"}
    sent(api, f"/projects/{project_id}/investment/correction", correction)
    live = api.as_("auditor").get("/board/lists", query_string=Q3).get_json()
    assert names(live, "black") == []
    read = api.as_("auditor").get("/board/lists/publications", query_string=Q3)
    assert read.get_json()["editions"] == first["editions"]  # unchanged

    republished = sent(
        api, "/board/lists/publications", Q3 | {"reason": "投资数据更正后重新通报"}
    )
    editions = republished["editions"]
    assert [(e["edition"], e["reason"]) for e in editions] == [
        (1, ""),
        (2, "投资数据更正后重新通报"),
    ]
    assert names(editions[0]["lists"], "black") == ["进度滞后项目"]
    assert names(editions[1]["lists"], "black") == []
    assert editions[0]["figures"]["black_count"] == 1

    then = published_at.astimezone(UTC).isoformat()
    as_of = api.as_("auditor").get(
        "/board/lists/publications", query_string=Q3 | {"as_of": then}
    )
    assert [e["edition"] for e in as_of.get_json()["editions"]] == [1]

    data = (
        api.as_("auditor")
        .get("/board/lists/publications", query_string=Q3 | {"format": "csv"})
        .data
    )
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "进度滞后项目" not in {row[head.index("项目名称")] for row in rows}


def test_a_period_never_published_is_not_found(behind: tuple[Api, str]) -> None:
    api, _ = behind
    found = api.as_("auditor").get(
        "/board/lists/publications", query_string={"year": 2025}
    )
    assert found.status_code == 404


def test_only_supervisors_and_admins_publish(behind: tuple[Api, str]) -> None:
    api, _ = behind
    found = api.as_("officer").post(
        "/board/lists/publications", {"year": 2026, "month": 8}
    )
    assert found.status_code == 403
