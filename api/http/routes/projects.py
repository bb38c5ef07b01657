"""Key projects (重点项目): registration, stewards, stage, milestones, investment."""

from typing import Any
from uuid import UUID

from flask.views import MethodView

from api.http.node_plans import nodes_of
from api.http.parsing import Blueprint
from api.http.resources import Kind, action, authorized, register
from api.http.schemas.nodes import NodeArgs, Nodes
from api.http.schemas.resources import ProjectResponse
from domain.commands import pool
from domain.commands import project as c
from domain.model.project import Project
from projections.dates import AsOf

blp = Blueprint("projects", __name__, url_prefix="/projects", description=__doc__)
KIND = Kind(Project, ProjectResponse, "project_id")

register(blp, KIND, c.RegisterProject)
for path, command in (
    ("stewards", c.AssignSteward),
    ("stewards/removal", c.UnassignSteward),
    ("leader", c.AssignLeader),
    ("leader/removal", c.UnassignLeader),
    ("stage", c.AdvanceStage),
    ("stage/correction", c.CorrectStage),
    ("milestones", c.RecordMilestone),
    ("investment", c.ReportInvestment),
    ("investment/correction", c.CorrectInvestment),
    ("annual-plan", c.SetAnnualPlan),
    ("node-plan", c.PlanNodes),
    ("node-plan/revision", c.RevisePlan),
    ("statistics-entry", c.RecordStatisticsEntry),
    ("suspension", c.SuspendProject),
    ("resumption", c.ResumeProject),
    ("move", c.MoveProject),
    ("pool", pool.EnterPool),
    ("pool/withdrawal", pool.LeavePool),
):
    action(blp, KIND, path, command)


@blp.route("/<uuid:aggregate_id>/nodes")
class ProjectNodes(MethodView):
    @blp.arguments(NodeArgs, location="query")
    @blp.response(200, Nodes)
    @blp.doc(**authorized(404))
    def get(self, args: dict[str, Any], aggregate_id: UUID) -> Any:
        """Each node's plan in force and as first planned, how often the plan was
        revised, the day it was reached, and days late as of `as_of`."""
        return nodes_of(aggregate_id, AsOf.of(args["as_of"]))
