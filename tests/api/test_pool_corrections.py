"""A node's day corrected later moves its project between the four batches' periods
only as of the correction: the batches read each fact as recorded by as_of. Over
HTTP, on SQLite and PostgreSQL."""

from typing import Any

import pytest

from tests.api import bodies as b
from tests.api.conftest import Api
from tests.api.test_pool import JULY_END, JUNE_END, on

GROUND = {"milestone": "groundbreaking"}
REASON = {"reason": "按施工许可核发后的实际开工日期更正"}


@pytest.fixture(scope="module")
def corrected(store_api: Api) -> Api:
    lead, steward = store_api.as_("admin"), store_api.as_("supervisor")
    with on("01-05"):
        sent = lead.post("/projects", b.a_project(store_api.home))
    project = sent.get_json()["id"]
    steps = (
        ("01-10", lead, "pool", {"on": "2026-01-10"}),
        ("04-20", steward, "milestones", GROUND | {"on": "2026-04-20"}),
        ("07-05", steward, "milestones", GROUND | {"on": "2026-03-30"} | REASON),
    )
    for day, sender, route, body in steps:
        with on(day):
            done = sender.post(f"/projects/{project}/{route}", body)
        assert done.status_code == 200, done.get_json()
    store_api.catch_up()
    return store_api


def started_by_month(api: Api, as_of: str) -> dict[str, Any]:
    found = api.as_("auditor").get(
        "/board/statistics/batches", query_string={"as_of": as_of}
    )
    assert found.status_code == 200, found.get_json()
    return {row["period"]: row["started"] for row in found.get_json()["groups"]}


def test_before_the_correction_the_project_started_in_april(corrected: Api) -> None:
    months = started_by_month(corrected, JUNE_END)
    assert (months["2026-03"], months["2026-04"]) == (0, 1)


def test_after_it_in_march(corrected: Api) -> None:
    months = started_by_month(corrected, JULY_END)
    assert (months["2026-03"], months["2026-04"]) == (1, 0)
