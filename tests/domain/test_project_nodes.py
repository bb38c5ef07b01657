"""A project's node plan alone: planned once, revised with a reason, in order."""

from datetime import date

import pytest
from eventsourcing.application import project_aggregate

from domain.errors import InvalidValue, RuleBroken
from domain.model.project import Milestone
from domain.model.project_nodes import NODES
from tests.domain.test_project import registered_project
from tests.factories import meta

PLAN = {"permits": date(2026, 5, 1), "groundbreaking": date(2026, 6, 1)}


def test_every_milestone_is_a_node_of_the_plan() -> None:
    assert set(NODES) == {milestone.value for milestone in Milestone}


def test_a_project_stored_before_node_plans_has_an_empty_one() -> None:
    project = registered_project()
    assert (project.node_plan, project.original_plan, project.plan_revisions) == (
        {},
        {},
        0,
    )


def test_a_revision_keeps_the_original_and_counts() -> None:
    project = registered_project()
    project.plan_nodes(meta(), PLAN)
    project.revise_plan(meta(), {"groundbreaking": date(2026, 7, 1)}, "用地延后")
    assert project.node_plan["groundbreaking"] == date(2026, 7, 1)
    assert project.original_plan["groundbreaking"] == date(2026, 6, 1)
    assert project.plan_revisions == 1
    replayed = project_aggregate(None, project.collect_events())
    assert replayed is not None
    assert replayed.node_plan == project.node_plan
    assert replayed.original_plan == project.original_plan


@pytest.mark.parametrize(
    "nodes",
    [
        {},
        {"moon": date(2026, 5, 1)},
        {"completion": date(2026, 5, 1), "groundbreaking": date(2026, 6, 1)},
        {"permits": date(1999, 5, 1)},
    ],
)
def test_a_plan_out_of_order_or_unknown_is_refused(nodes: dict[str, date]) -> None:
    with pytest.raises(InvalidValue):
        registered_project().plan_nodes(meta(), nodes)


def test_a_second_plan_or_a_revision_without_one_is_refused() -> None:
    project = registered_project()
    with pytest.raises(RuleBroken, match="plan it first"):
        project.revise_plan(meta(), PLAN, "调整")
    project.plan_nodes(meta(), PLAN)
    with pytest.raises(RuleBroken, match="revise it"):
        project.plan_nodes(meta(), PLAN)
