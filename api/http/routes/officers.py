"""Officers: the system's users, their roles, department and jurisdiction (admins)."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import OfficerResponse
from domain.commands import officer as c
from domain.model.officer import Officer

blp = Blueprint("officers", __name__, url_prefix="/officers", description=__doc__)
KIND = Kind(Officer, OfficerResponse, "officer_id")

register(blp, KIND, c.RegisterOfficer)
for path, command in (
    ("roles", c.GrantRole),
    ("roles/revocation", c.RevokeRole),
    ("department", c.AssignDepartment),
    ("jurisdiction", c.AssignJurisdiction),
    ("deactivation", c.DeactivateOfficer),
):
    action(blp, KIND, path, command)
