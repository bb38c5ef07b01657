"""Visits (走访 / 检查): planned, checked in on site, answered, confirmed, finished."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import VisitResponse
from domain.commands import visit as c
from domain.model.visit import Visit

blp = Blueprint("visits", __name__, url_prefix="/visits", description=__doc__)
KIND = Kind(Visit, VisitResponse, "visit_id")

register(blp, KIND, c.PlanVisit)
for path, command in (
    ("check-in", c.CheckIn),
    ("answers", c.AnswerItem),
    ("answer-sheet", c.AnswerItems),
    ("notes", c.AddVisitNote),
    ("confirmation", c.ConfirmVisit),
    ("check-out", c.FinishVisit),
    ("cancellation", c.CancelVisit),
):
    action(blp, KIND, path, command)
