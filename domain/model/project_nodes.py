"""The node plan of a key project (倒排工期、挂图作战): planned dates per node, revised
only by an event with a reason, the original kept; its entry into the statistics
(入库纳统) and its monthly assessments (三色预警). The part of `Project` that holds
them, in a module of its own; its events are `Project.*` as the project's others are."""

from datetime import date
from itertools import pairwise
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta, plausible_date

# Every node, in the order a project passes them (the Milestone enum's values).
NODES = (
    "signed",  # 签约
    "land",  # 供地
    "permits",  # 手续办结 (施工许可)
    "groundbreaking",  # 开工
    "topping_out",  # 主体封顶
    "completion",  # 竣工
    "production",  # 投产
)


class Project(Aggregate):
    """What a project's node plan adds to it. Projects stored before it (and their
    snapshots) have none: an absent attribute reads as an empty plan."""

    @property
    def node_plan(self) -> dict[str, date]:
        """The plan in force."""
        held: dict[str, date] = self.__dict__.get("planned_nodes", {})
        return held

    @property
    def original_plan(self) -> dict[str, date]:
        held: dict[str, date] = self.__dict__.get("original_nodes", {})
        return held

    @property
    def plan_revisions(self) -> int:
        held: int = self.__dict__.get("revisions", 0)
        return held

    class NodesPlanned(Aggregate.Event):
        meta: Meta
        nodes: dict[str, date]

    def plan_nodes(self, meta: Meta, nodes: dict[str, date]) -> None:
        if self.node_plan:
            raise RuleBroken("the project has a node plan already: revise it")
        self._nodes_planned(meta=meta, nodes=in_order(nodes))

    @event(NodesPlanned)
    def _nodes_planned(self, meta: Meta, nodes: dict[str, date]) -> None:
        self.planned_nodes = dict(nodes)
        self.original_nodes = dict(nodes)
        self.revisions = 0

    class NodePlanRevised(Aggregate.Event):
        meta: Meta
        nodes: dict[str, date]  # the nodes revised (or added), with their new dates
        reason: str

    def revise_plan(self, meta: Meta, nodes: dict[str, date], reason: str) -> None:
        if not self.node_plan:
            raise RuleBroken("the project has no node plan yet: plan it first")
        changed = {k: v for k, v in nodes.items() if self.node_plan.get(k) != v}
        if not changed:
            raise RuleBroken("the plan holds these dates already")
        in_order({**self.node_plan, **nodes})
        self._node_plan_revised(
            meta=meta, nodes=changed, reason=rules.REASON.check("reason", reason)
        )

    @event(NodePlanRevised)
    def _node_plan_revised(
        self, meta: Meta, nodes: dict[str, date], reason: str
    ) -> None:
        self.planned_nodes = {**self.node_plan, **nodes}
        self.revisions = self.plan_revisions + 1

    # 入库纳统 and the monthly assessment (三色预警) -------------------------------

    @property
    def statistics_on(self) -> date | None:
        """The day the project entered the statistics database (入库), if it has."""
        held: date | None = self.__dict__.get("entered_statistics_on")
        return held

    @property
    def assessed_months(self) -> tuple[str, ...]:
        held: tuple[str, ...] = tuple(self.__dict__.get("months_assessed", ()))
        return held

    class EnteredStatistics(Aggregate.Event):
        meta: Meta
        on: date

    def enter_statistics(self, meta: Meta, on: date) -> None:
        if self.statistics_on == plausible_date("on", on):
            raise RuleBroken(f"the project entered the statistics on {on} already")
        self._entered_statistics(meta=meta, on=on)

    @event(EnteredStatistics)
    def _entered_statistics(self, meta: Meta, on: date) -> None:
        self.entered_statistics_on = on

    class Assessed(Aggregate.Event):
        meta: Meta
        month: str
        colour: str | None
        reasons: list[dict[str, Any]]
        rules: dict[str, Any]

    def record_assessment(
        self,
        meta: Meta,
        month: str,
        colour: str | None,
        reasons: list[dict[str, Any]],
        rules: dict[str, Any],
    ) -> None:
        if month in self.assessed_months:
            raise RuleBroken(f"the project is assessed for {month} already")
        self._assessed(
            meta=meta, month=month, colour=colour, reasons=reasons, rules=rules
        )

    @event(Assessed)
    def _assessed(
        self,
        meta: Meta,
        month: str,
        colour: str | None,
        reasons: list[dict[str, Any]],
        rules: dict[str, Any],
    ) -> None:
        self.months_assessed = [*self.assessed_months, month]


def in_order(nodes: dict[str, date]) -> dict[str, date]:
    """Known nodes, plausible dates, none planned before a node it follows."""
    if not nodes:
        raise InvalidValue("nodes", "must plan at least one node")
    for node, on in nodes.items():
        if node not in NODES:
            raise InvalidValue("nodes", f"no node {node!r}: one of {', '.join(NODES)}")
        plausible_date(node, on)
    ordered = sorted(nodes, key=NODES.index)
    for before, after in pairwise(ordered):
        if nodes[after] < nodes[before]:
            raise InvalidValue(after, f"must not be planned before {before}")
    return {node: nodes[node] for node in ordered}
