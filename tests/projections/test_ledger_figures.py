"""The ledgers' figures for a spring built by hand (see `hand_built`), worked out by
hand: on-time and satisfaction rates, overdue as of given days, warning colours."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from api.demo.clock import Clock, stamping
from domain.app import SiteLedger
from domain.commands.project import AdvanceStage
from domain.commands.visit import CheckIn, PlanVisit
from domain.model.issue import Issue
from domain.model.project import Stage
from domain.model.visit import Kind
from domain.services.sweeps import sweep
from projections import Views, open_views
from projections.board import ProjectFilters
from projections.board_read import Board, departments
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.visit_ledger import VisitFilters
from projections.warnings import WarningRules
from storage.eventstore import MEMORY, open_ledger, store_env
from tests.conftest import fresh_schema
from tests.factories import a_county, meta
from tests.projections.hand_built import (
    GPS,
    LAND,
    POWER,
    Builder,
    Spring,
    at,
    build,
)

APRIL, MAY = AsOf.end_of(date(2026, 4, 30)), AsOf.end_of(date(2026, 5, 31))
MID_APRIL = AsOf.end_of(date(2026, 4, 18))


@pytest.fixture(scope="module", params=["memory", "postgres"])
def spring(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[SiteLedger, Views, Spring, Clock]]:
    """The spring in memory, and on PostgreSQL (whose SQL differs: arrays, types)."""
    with ExitStack() as stack:
        url = MEMORY
        if request.param == "postgres":
            server = request.getfixturevalue("postgres_server")
            url = stack.enter_context(fresh_schema(server))
        app = stack.enter_context(open_ledger(url))
        views = stack.enter_context(open_views(store_env(url)))
        clock = stack.enter_context(stamping(Clock(at(1, 1))))
        built = build(app, clock)
        views.catch_up(app)
        yield app, views, built, clock


def totals(views: Views, as_of: AsOf) -> dict[str, Any]:
    (row,) = views.issues.summary("", "jurisdiction", IssueFilters(as_of))
    return row


def test_at_the_end_of_april_two_of_seven_are_resolved_one_on_time(spring: Any) -> None:
    _, views, _, _ = spring
    row = totals(views, APRIL)
    assert (row["received"], row["resolved"], row["resolved_on_time"]) == (7, 2, 1)
    assert (row["open"], row["overdue"], row["overdue_long"]) == (5, 1, 1)
    assert row["on_time_rate"] == 0.5
    assert row["satisfaction_rate"] == 1.0  # satisfied and basically satisfied
    assert row["mean_days_to_close"] == 7.5  # (8 + 7) / 2


def test_at_the_end_of_may_two_of_three_were_on_time_and_two_of_three_satisfied(
    spring: Any,
) -> None:
    _, views, _, _ = spring
    row = totals(views, MAY)
    assert (row["resolved"], row["resolved_on_time"], row["open"]) == (3, 2, 4)
    assert row["on_time_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["satisfaction_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["overdue"] == 3  # C, G (moved to 05-15) and H (05-02)
    assert row["mean_days_to_close"] == pytest.approx((8 + 7 + 26) / 3, abs=0.01)


def test_overdue_uses_the_deadline_in_force_on_the_day_asked(spring: Any) -> None:
    _, views, built, _ = spring
    page = views.issues.page("", IssueFilters(MID_APRIL, overdue=True), Page())
    assert [row["id"] for row in page] == [str(built.problems["G"])]
    assert page[0]["due_then"] == "2026-04-15"
    # Every column as it stood then: the transfer to 05-15 came on 04-20.
    assert (page[0]["due_on"], page[0]["department"]) == ("2026-04-15", POWER)
    assert page[0]["days_overdue"] == 3
    later = views.issues.page("", IssueFilters(APRIL, overdue=True), Page())
    assert [row["id"] for row in later] == [str(built.problems["C"])]


def test_departments_are_counted_by_where_each_problem_was_on_the_day_asked(
    spring: Any,
) -> None:
    """G was with the power company, overdue, until its transfer on 04-20."""
    _, views, built, _ = spring
    rows = views.issues.summary("", "department", IssueFilters(MID_APRIL))
    by = {row["group"]: row for row in rows}
    assert (by[POWER]["open"], by[POWER]["overdue"]) == (2, 1)  # G and H; G
    assert (by[LAND]["open"], by[LAND]["overdue"]) == (2, 0)  # C and D
    listed = views.issues.page(
        "", IssueFilters(MID_APRIL, department=POWER, overdue=True), Page()
    )
    assert [row["id"] for row in listed] == [str(built.problems["G"])]
    # As it stood then: with 供电 (it moved to 自然资源 on 04-20).
    assert (listed[0]["department_then"], listed[0]["department"]) == (POWER, POWER)
    later = views.issues.page("", IssueFilters(APRIL, department=POWER), Page())
    assert str(built.problems["G"]) not in {row["id"] for row in later}


def test_departments_after_the_transfer_count_it_where_it_went(spring: Any) -> None:
    _, views, _, _ = spring
    rows = views.issues.summary("", "department", IssueFilters(APRIL))
    by = {row["group"]: row for row in rows}
    assert (by[POWER]["received"], by[POWER]["resolved"], by[POWER]["open"]) == (
        3,
        2,
        1,
    )
    assert (by[LAND]["received"], by[LAND]["open"], by[LAND]["overdue"]) == (3, 3, 1)
    assert by[""]["received"] == 1  # F; E was withdrawn as a duplicate


def test_departments_are_charged_for_what_they_leave_overdue(spring: Any) -> None:
    # As of 05-31. 供电: A on time, B late, H open past 05-02; rated 2 of 2 satisfied.
    # 自然资源: D on time, C and G open past their limits; D rated unsatisfied.
    # No first response came within its 2 working days (A and B were accepted on
    # 04-07 and 04-08, due 04-05 and 04-07 after Qingming; D on 04-30, due 04-08).
    # 供电 100 x (40 x 1/3 + 15 x 1 + 10 x 1) / 100 = 38.33; 自然资源 23.33:
    # it ranked first on the on-time rate of what it had resolved (1 of 1).
    _, views, _, _ = spring
    ranked = departments(views, "", IssueFilters(MAY))
    assert [(r["rank"], r["group"], r["score"]) for r in ranked] == [
        (1, POWER, 38.33),
        (2, LAND, 23.33),
    ]
    assert ranked[1]["parts"] == {
        "on_time": 0.3333,
        "overdue": 0.0,
        "first_response": 0.0,
        "satisfaction": 0.0,
        "escalations": 1.0,
    }
    assert (ranked[1]["response_due"], ranked[1]["responded_on_time"]) == (3, 0)


def warnings(views: Views, as_of: AsOf) -> dict[str, tuple[str | None, list[Any]]]:
    rows = Board(views, as_of, WarningRules()).page("", ProjectFilters(), None, Page())
    return {
        row["id"]: (row["warning"], [(r.code, r.value) for r in row["reasons"]])
        for row in rows
    }


def test_warning_colours_and_their_reasons_at_the_end_of_april(spring: Any) -> None:
    _, views, built, _ = spring
    found = warnings(views, APRIL)
    assert found[str(built.county.project_id)] == (
        "yellow",
        [("groundbreaking_late", 60)],
    )
    assert found[str(built.p1)] == ("red", [("problems_long_overdue", 1)])
    assert found[str(built.p2)] == ("red", [("groundbreaking_late", 119)])
    assert found[str(built.p3)] == ("blue", [("deadline_soon", 1)])


def test_in_mid_april_the_first_project_was_only_yellow(spring: Any) -> None:
    _, views, built, _ = spring
    colour, reasons = warnings(views, MID_APRIL)[str(built.p1)]
    assert colour == "yellow"
    assert reasons == [("problems_overdue", 1), ("investment_behind", 0.1778)]


def test_a_new_month_without_a_visit_turns_a_project_blue(spring: Any) -> None:
    _, views, built, _ = spring
    found = warnings(views, AsOf(at(5, 1, 12)))
    assert found[str(built.county.project_id)] == ("red", [("groundbreaking_late", 61)])
    colour, reasons = found[str(built.p3)]
    assert colour == "blue"
    assert [code for code, _ in reasons] == ["deadline_soon", "not_visited_this_month"]


@contextmanager
def a_spring_of_its_own() -> Iterator[tuple[SiteLedger, Views, Spring, Clock]]:
    """For a test that adds to the spring: the shared one must stay as built."""
    with (
        open_ledger(MEMORY) as app,
        open_views(store_env(MEMORY)) as views,
        stamping(Clock(at(1, 1))) as clock,
    ):
        built = build(app, clock)
        views.catch_up(app)
        yield app, views, built, clock


def test_the_board_as_of_a_day_holds_only_projects_registered_by_then() -> None:
    with a_spring_of_its_own() as (app, views, built, clock):
        late = Builder(app, clock).project(
            built.county, date(2026, 3, 1), "9000", on=at(6, 15)
        )
        views.catch_up(app)
        assert str(late) not in warnings(views, MAY)
        assert str(late) in warnings(views, AsOf(at(6, 20)))
        quarter = Board(views, AsOf.end_of(date(2026, 3, 31)), WarningRules())
        listed = [row["id"] for rows in quarter.lists("", 50).values() for row in rows]
        assert listed  # P0 and P2, late to start
        assert str(late) not in listed  # it would be on the yellow list, late too


def test_a_stage_recorded_later_leaves_an_earlier_warning_as_it_was() -> None:
    """P2 was late to start all spring; breaking ground in June changes no warning
    as of May (the investment rules of a project under way would have made it red
    for investment behind, as if it had been under way then)."""
    with a_spring_of_its_own() as (app, views, built, clock):
        before = warnings(views, MAY)[str(built.p2)]
        clock.set(at(6, 10))
        app.execute(
            AdvanceStage(project_id=built.p2, stage=Stage.UNDER_CONSTRUCTION), meta()
        )
        views.catch_up(app)
        assert warnings(views, MAY)[str(built.p2)] == before
        assert before[0] == "red"
        assert [code for code, _ in before[1]] == ["groundbreaking_late"]
        _, after = warnings(views, AsOf(at(6, 11)))[str(built.p2)]
        assert [code for code, _ in after] == ["investment_behind"]  # under way


def test_a_visit_checked_in_next_month_stays_in_the_month_it_was_planned_for_then() -> (
    None
):
    with (
        open_ledger(MEMORY) as app,
        open_views(store_env(MEMORY)) as views,
        stamping(Clock(at(4, 27))) as clock,
    ):
        county, visit_id = a_county(app, departments=True), uuid4()
        plan = PlanVisit(
            visit_id=visit_id,
            officer_ids=(county.officer_id,),
            kind=Kind.SERVICE,
            planned_for=date(2026, 4, 28),
            enterprise_id=county.enterprise_id,
        )
        app.execute(plan, meta())
        clock.set(at(5, 2))
        app.execute(CheckIn(visit_id=visit_id, gps=GPS), meta())
        views.catch_up(app)

        def months(as_of: AsOf, **asked: str) -> list[str]:
            found = VisitFilters(as_of, **asked)
            return [row["group"] for row in views.visits.summary("", "month", found)]

        assert months(APRIL) == ["2026-04"]
        assert months(APRIL, month_from="2026-04", month_to="2026-04") == ["2026-04"]
        assert months(MAY) == ["2026-05"]


def test_the_sweep_flags_what_the_ledger_counts_overdue_once(spring: Any) -> None:
    app, views, built, clock = spring
    clock.set(at(6, 1, 1))
    flagged = sweep(app, views, at(6, 1, 1))
    overdue = views.issues.page(
        "", IssueFilters(AsOf(at(6, 1, 1)), overdue=True), Page()
    )
    assert sorted(flagged) == sorted(built.problems[k] for k in "CGH")
    assert sorted(str(i) for i in flagged) == sorted(row["id"] for row in overdue)
    assert sweep(app, views, at(6, 2, 1)) == []
    history = app.history(built.problems["C"])
    assert type(history[-1]) is Issue.DeadlinePassed
    assert history[-1].meta.device_id == "sweep"
