"""Key projects (重点项目): registration, stewards, stage, milestones, investment."""

from api.parsing import Blueprint
from api.resources import Kind, action, register
from api.schemas.resources import ProjectResponse
from domain.commands import project as c
from domain.model.project import Project

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
    ("suspension", c.SuspendProject),
    ("resumption", c.ResumeProject),
    ("move", c.MoveProject),
):
    action(blp, KIND, path, command)
