"""Liveness and readiness: the store answers, and which version this is."""

from importlib.metadata import version
from typing import Any

from flask.views import MethodView

from api.parsing import Blueprint
from api.schemas.health import HealthResponse
from api.services import services

blp = Blueprint("health", __name__, url_prefix="/health", description="Service health")


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthResponse)
    def get(self) -> dict[str, Any]:
        """Is the service up and its event store reachable?"""
        ledger = services().ledger
        return {
            "status": "ok",
            "version": version("siteledger"),
            "events": ledger.notification_count(),
        }
