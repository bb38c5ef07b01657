"""Versioned inspection checklists (检查清单)."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import ChecklistResponse
from domain.commands import checklist as c
from domain.model.checklist import ChecklistTemplate

blp = Blueprint("checklists", __name__, url_prefix="/checklists", description=__doc__)
KIND = Kind(ChecklistTemplate, ChecklistResponse, "template_id")

register(blp, KIND, c.CreateChecklistTemplate)
action(blp, KIND, "versions", c.PublishChecklistVersion)
action(blp, KIND, "retirement", c.RetireChecklistTemplate)
