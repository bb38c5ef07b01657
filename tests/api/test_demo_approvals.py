"""The demo county's approvals: packages for its projects, agents and their matters,
and a year of figures in the approvals ledger."""

from collections.abc import Iterator
from datetime import date

import pytest

from api.approval_readings import evaluation
from api.demo import load_county
from api.demo.approvals import AGENTS
from projections import Views, open_views
from projections.approval_sql import ApprovalFilters
from storage.eventstore import MEMORY, open_ledger

SEED = 2026
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def views() -> Iterator[Views]:
    with open_ledger(MEMORY) as app, open_views({}) as views:
        load_county(app, SEED)
        views.catch_up(app)
        yield views


def test_the_county_s_projects_in_approvals_have_packages(views: Views) -> None:
    projects = views.approvals.summary("610502", "project", ApprovalFilters(TODAY))
    assert 30 <= len(projects) <= 70  # seed 003: 32 projects, 34 stewards


def test_a_year_of_permits_is_granted_month_by_month(views: Views) -> None:
    months = views.approvals.summary("610502", "month", ApprovalFilters(TODAY))
    granted = [m["group"] for m in months if m["granted"]]
    assert len(granted) >= 10
    assert sum(m["rongque"] for m in months) >= 10  # 容缺 acceptances
    assert sum(m["granted_late"] for m in months) >= 5


def test_the_time_cut_is_near_the_seed_s_half(views: Views) -> None:
    (county,) = views.approvals.summary(
        "610502", "department", ApprovalFilters(TODAY, department="县发改局")
    )
    assert county["granted"] >= 20
    assert 0.3 <= float(county["time_cut"]) <= 0.7  # seed 003: 「平均缩短51%」


def test_every_agent_has_handled_matters(views: Views) -> None:
    loads = views.approvals.workload("610502", TODAY)
    assert len(loads) == len(AGENTS)
    assert all(row["opened"] >= 3 for row in loads)


def test_the_ledger_as_of_midsummer_shows_the_year_half_done(views: Views) -> None:
    def granted(day: date) -> int:
        groups = views.approvals.summary("610502", "permit", ApprovalFilters(day))
        return sum(g["granted"] for g in groups)

    assert 0 < granted(date(2026, 6, 30)) < granted(TODAY)


def test_the_evaluation_lists_every_agent_and_the_stewards(views: Views) -> None:
    rows = evaluation(views, "610502", ApprovalFilters(TODAY))
    agents = [r for r in rows if r["role"] == "agent"]
    stewards = [r for r in rows if r["role"] == "steward"]
    assert len(agents) == len(AGENTS)
    assert all(r["matters_opened"] >= 3 and r["granted"] > 0 for r in agents)
    assert len(stewards) >= 10  # seed 003: 34 stewards for 32 projects
    assert all(r["on_time_rate"] is not None for r in stewards if r["granted"])
