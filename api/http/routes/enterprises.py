"""Enterprises that officers visit and serve (走访企业)."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import EnterpriseResponse
from domain.commands import enterprise as c
from domain.model.enterprise import Enterprise

blp = Blueprint("enterprises", __name__, url_prefix="/enterprises", description=__doc__)
KIND = Kind(Enterprise, EnterpriseResponse, "enterprise_id")

register(blp, KIND, c.RegisterEnterprise)
action(blp, KIND, "profile", c.UpdateEnterpriseProfile)
action(blp, KIND, "move", c.MoveEnterprise)
