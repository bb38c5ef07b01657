"""The stewards' and agents' evaluation (seed 003: 「项目管家和代办员的考核评价」):
each one's matters and the permits they serve, counted by hand, over HTTP on SQLite
and PostgreSQL, and exported."""

from datetime import datetime
from typing import Any

import pytest

from api.demo.clock import Clock, stamping
from tests.api.approval_run import an_agent, grant_all, steward
from tests.api.conftest import Api
from tests.factories import BEIJING

Body = dict[str, Any]
# (who, opened, closed or None); "other" is the package's second agent, on eia and
# works; the chief agent serves filing, land and build (no agent is put on them).
MATTERS = [
    ("chief", "2026-04-24", "2026-04-29"),
    ("chief", "2026-05-06", "2026-05-15"),
    ("chief", "2026-09-21", None),
    ("other", "2026-05-07", "2026-05-22"),
]


@pytest.fixture(scope="module")
def people(store_api: Api) -> dict[str, str]:
    """The package of test_approvals (five permits granted, works late, eia's
    document late) with a second agent and four matters; who is who."""
    api = store_api
    chief = api.as_("agent")
    with stamping(Clock(datetime(2026, 4, 20, 10, tzinfo=BEIJING))):
        other = an_agent(api)
        package = grant_all(api, (other,), eia=other, works=other)
        who = {"chief": str(chief.officer_id), "other": other}
        for n, (agent, opened, closed) in enumerate(MATTERS):
            matter_id = f"00000000-0000-4000-8000-{n:012d}"
            opening = {
                "matter_id": matter_id,
                "agent_id": who[agent],
                "what": "代办申报材料",
                "for_whom": "秦岭机械",
                "opened_on": opened,
            }
            assert (
                chief.post(f"/packages/{package}/matters", opening).status_code == 200
            )
            if closed is not None:
                closing = {"matter_id": matter_id, "on": closed, "result": "已办结"}
                answer = chief.post(f"/packages/{package}/matter-closure", closing)
                assert answer.status_code == 200, answer.get_json()
    return who | {"steward": steward(api)["officer_id"]}


def evaluation(api: Api, day: str) -> list[Body]:
    answer = api.as_("supervisor").get(
        "/ledgers/approvals/evaluation", query_string={"as_of": f"{day}T20:00:00+08:00"}
    )
    assert answer.status_code == 200, answer.get_json()
    rows: list[Body] = answer.get_json()["people"]
    return rows


COLUMNS = (
    *("permits", "granted", "granted_on_time", "granted_late", "on_time_rate"),
    *("past_limit", "rongque_overdue", "time_cut"),
    *("matters_opened", "matters_closed", "matters_open"),
)
# Worked by hand from test_approvals' steps (working days taken: filing 2 of 5,
# land 7 of 20, eia 12 of 20, works 13 of 20, late against its committed 10, build
# 6 of 15) and the matters above.
Figures = tuple[int | str | None, ...]
EXPECTED: dict[str, dict[str, Figures]] = {
    "2026-12-01": {
        # cuts 0.6, 0.65, 0.6: mean 0.6167
        "chief": (3, 3, 3, 0, "1.000", 0, 0, "0.617", 3, 2, 1),
        # cuts 0.4, 0.35: mean 0.375
        "other": (2, 2, 1, 1, "0.500", 0, 0, "0.375", 1, 1, 0),
        # all five: mean 2.6 / 5
        "steward": (5, 5, 4, 1, "0.800", 0, 0, "0.520", 4, 3, 1),
    },
    "2026-05-14": {
        # filing and land granted; build not begun; the second matter open
        "chief": (3, 2, 2, 0, "1.000", 0, 0, "0.625", 2, 1, 1),
        # eia accepted with a document due 05-12, missing; works returned
        "other": (2, 0, 0, 0, None, 0, 1, None, 1, 0, 1),
        "steward": (5, 2, 2, 0, "1.000", 0, 1, "0.625", 3, 1, 2),
    },
    "2026-06-04": {
        "chief": (3, 2, 2, 0, "1.000", 0, 0, "0.625", 2, 2, 0),
        # eia granted 05-22; works accepted 05-19, 12 working days, past its 10
        "other": (2, 1, 1, 0, "1.000", 1, 0, "0.400", 1, 1, 0),
        # cuts 0.6, 0.65, 0.4: mean 0.55
        "steward": (5, 3, 3, 0, "1.000", 1, 0, "0.550", 3, 3, 0),
    },
}


@pytest.mark.parametrize("day", list(EXPECTED))
def test_each_agent_and_steward_is_counted_as_worked_by_hand(
    store_api: Api, people: dict[str, str], day: str
) -> None:
    rows = evaluation(store_api, day)
    found = {(r["person"], r["role"]): tuple(r[c] for c in COLUMNS) for r in rows}
    expected = {
        (people[who], "steward" if who == "steward" else "agent"): figures
        for who, figures in EXPECTED[day].items()
    }
    assert found == expected


def test_each_row_names_the_person_and_their_projects(
    store_api: Api, people: dict[str, str]
) -> None:
    rows = evaluation(store_api, "2026-12-01")
    assert {r["person_name"] for r in rows} == {"测试agent", "代办员乙", "测试officer"}
    assert {r["projects"] for r in rows} == {1}


def test_the_evaluation_exports_as_a_spreadsheet(
    store_api: Api, people: dict[str, str]
) -> None:
    answer = store_api.as_("supervisor").get(
        "/ledgers/approvals/evaluation",
        query_string={"format": "csv", "lang": "zh", "as_of": "2026-12-01T20:00:00Z"},
    )
    assert answer.status_code == 200
    lines = answer.get_data(as_text=True).splitlines()
    assert "按时办结率" in lines[0]
    assert "考核类别" in lines[0]
    steward_line = next(line for line in lines if "项目管家" in line)
    assert "测试officer" in steward_line


def test_another_county_sees_none_of_them(
    store_api: Api, people: dict[str, str]
) -> None:
    answer = store_api.as_("outsider").get("/ledgers/approvals/evaluation")
    assert answer.get_json()["people"] == []
