"""考核 over HTTP on SQLite and PostgreSQL: a department that sits on overdue problems
ranks below one that resolved late; a period's ranking is published once and stays
as published.

Built by hand (every step at 10:00 Beijing time, limits 2 working days to respond):

| period | 县发改局 (DEVELOPMENT) | 县住建局 (BUILDING) |
| --- | --- | --- |
| May | 1 problem, resolved on time | 1 problem, open past its deadline |
| June | 6 raised 06-01, due 06-10: 1 accepted 06-02 and closed 06-05, 5 untouched | 3 raised 06-01, due 06-10, accepted 06-02: 2 closed 06-05, 1 on 06-15 |

As of 06-30, June: 县发改局 on time 1/(1+5), overdue 1-5/5 = 0, first response
1/6, escalations 1, no rating: 100 x (40/6 + 0 + 15/6 + 10) / 85 = 22.55.
县住建局 on time 2/3, no open problem, first response 3/3, escalations 1:
100 x (40 x 2/3 + 15 + 10) / 65 = 79.49. On the old on-time rate of what was
resolved, 县发改局 (1 of 1) ranked above 县住建局 (2 of 3).
"""

from datetime import date, datetime, time
from typing import Any
from uuid import UUID, uuid4

import pytest

from api.demo.clock import Clock, stamping
from domain.commands.base import Command
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    ProposeResolution,
    RaiseIssue,
)
from domain.model.issue import Category, Severity, Source
from tests.api.conftest import DEPARTMENT as BUILDING
from tests.api.conftest import Api
from tests.factories import BEIJING, meta

DEVELOPMENT = "县发改局"
JUNE = "month_from=2026-06&month_to=2026-06&as_of=2026-06-30T23:59%2B08:00"


class Spring:
    def __init__(self, api: Api) -> None:
        self.api, self.clock = api, Clock(self.at(date(2026, 5, 4)))

    @staticmethod
    def at(day: date) -> datetime:
        return datetime.combine(day, time(10), BEIJING)

    def on(self, day: date, *commands: Command) -> None:
        self.clock.set(self.at(day))
        for command in commands:
            self.api.services.ledger.execute(command, meta())

    def problem(self, raised: date, department: str, due: date) -> UUID:
        issue_id = uuid4()
        self.on(
            raised,
            RaiseIssue(
                issue_id=issue_id,
                source=Source.HOTLINE,
                category=Category.APPROVALS,
                severity=Severity.MEDIUM,
                description="施工许可办理迟缓",
                project_id=self.api.home.project_id,
            ),
            AssignIssue(issue_id=issue_id, department=department, deadline=due),
        )
        return issue_id

    def resolved(self, issue_id: UUID, accepted: date, closed: date) -> None:
        self.on(accepted, AcceptIssue(issue_id=issue_id))
        self.on(closed, ProposeResolution(issue_id=issue_id, summary="已办结"))
        self.on(closed, CloseOutIssue(issue_id=issue_id, note="核实销号"))


def build(spring: Spring) -> None:
    may, june, due = date(2026, 5, 6), date(2026, 6, 1), date(2026, 6, 10)
    spring.resolved(
        spring.problem(may, DEVELOPMENT, date(2026, 5, 15)), may, date(2026, 5, 8)
    )
    spring.problem(may, BUILDING, date(2026, 5, 15))
    sitting = [spring.problem(june, DEVELOPMENT, due) for _ in range(6)]
    spring.resolved(sitting[0], date(2026, 6, 2), date(2026, 6, 5))
    late = [spring.problem(june, BUILDING, due) for _ in range(3)]
    for issue_id, closed in zip(late, (5, 5, 15), strict=True):
        spring.resolved(issue_id, date(2026, 6, 2), date(2026, 6, closed))


@pytest.fixture(scope="module")
def ranked_api(store_api: Api) -> Api:
    spring = Spring(store_api)
    with stamping(spring.clock):
        build(spring)
    store_api.catch_up()
    return store_api


def rows(api: Api, query: str) -> list[dict[str, Any]]:
    answer = api.as_("supervisor").get(f"/board/departments?{query}")
    assert answer.status_code == 200, answer.get_json()
    found: list[dict[str, Any]] = answer.get_json()["departments"]
    return found


def publish(api: Api, month: str, who: str = "supervisor") -> Any:
    return api.as_(who).post(
        "/board/departments/publications", {"month_from": month, "month_to": month}
    )


def test_sitting_on_overdue_problems_ranks_below_resolving_late(
    ranked_api: Api,
) -> None:
    found = rows(ranked_api, JUNE)
    assert [(r["rank"], r["group"], r["score"]) for r in found] == [
        (1, BUILDING, 79.49),
        (2, DEVELOPMENT, 22.55),
    ]
    development = found[1]
    assert (development["on_time_rate"], development["overdue"]) == (1.0, 5)
    assert development["parts"] == {
        "on_time": 0.1667,
        "overdue": 0.0,
        "first_response": 0.1667,
        "satisfaction": None,
        "escalations": 1.0,
    }


def test_a_published_ranking_is_kept_as_published_and_published_once(
    ranked_api: Api,
) -> None:
    api = ranked_api
    published = publish(api, "2026-05")
    assert published.status_code == 201, published.get_json()
    may = published.get_json()
    assert [(r["rank"], r["group"]) for r in may["departments"]] == [
        (1, DEVELOPMENT),
        (2, BUILDING),
    ]
    assert may["weights"]["on_time"] == 40
    again = publish(api, "2026-05")
    assert again.status_code == 409
    assert "never changes" in again.get_json()["detail"]
    kept = api.as_("auditor").get(
        "/board/departments/publications?month_from=2026-05&month_to=2026-05"
    )
    assert kept.get_json() == may


def test_the_change_is_against_the_period_before(ranked_api: Api) -> None:
    found = rows(ranked_api, JUNE)
    assert [(r["group"], r["previous_rank"], r["change"]) for r in found] == [
        (BUILDING, 2, 1),
        (DEVELOPMENT, 1, -1),
    ]


def test_only_leads_publish_and_only_periods_that_are_over(ranked_api: Api) -> None:
    assert publish(ranked_api, "2026-04", who="handler").status_code == 403
    future = publish(ranked_api, "2099-01")
    assert future.status_code == 409
    missing = ranked_api.as_("supervisor").get(
        "/board/departments/publications?month_from=2026-04&month_to=2026-04"
    )
    assert missing.status_code == 404


def test_what_is_corrected_later_changes_the_live_ranking_not_the_published(
    ranked_api: Api,
) -> None:
    api = ranked_api
    june = publish(api, "2026-06").get_json()
    open_ones = api.as_("supervisor").get(
        "/ledgers/issues?status=assigned&as_of=2026-06-30T23:59%2B08:00"
    )
    spring = Spring(api)
    with stamping(spring.clock):
        for row in open_ones.get_json()["items"]:
            spring.resolved(UUID(row["id"]), date(2026, 7, 1), date(2026, 7, 2))
    api.catch_up()
    now = rows(api, "month_from=2026-06&month_to=2026-06")
    assert [(r["group"], r["overdue"]) for r in now] == [
        (BUILDING, 0),
        (DEVELOPMENT, 0),
    ]
    kept = api.as_("auditor").get(
        "/board/departments/publications?month_from=2026-06&month_to=2026-06"
    )
    assert kept.get_json() == june
    assert kept.get_json()["departments"][1]["overdue"] == 5
