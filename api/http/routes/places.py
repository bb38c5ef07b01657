"""The register of places (行政区划): jurisdictions by code, level and name (admins)."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import PlaceResponse
from domain.commands import place as c
from domain.model.place import Place

blp = Blueprint("places", __name__, url_prefix="/places", description=__doc__)
KIND = Kind(Place, PlaceResponse, "place_id")

register(blp, KIND, c.RegisterPlace)
action(blp, KIND, "rename", c.RenamePlace)
