"""Liveness and readiness: each dependency answers, how fast, and which version
this is. The checks run at once on the app's shared threads (api/http/probes.py) and
none is waited for past the health budget, so a dead dependency is reported,
never waited out."""

from importlib.metadata import version
from typing import Any

from flask.views import MethodView

from api.http.parsing import Blueprint
from api.http.probes import Check
from api.http.schemas.health import HealthResponse
from api.http.services import Services, services

blp = Blueprint("health", __name__, url_prefix="/health", description="Service health")


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthResponse)
    @blp.alt_response(503, schema=HealthResponse, description="A dependency failed")
    def get(self) -> tuple[dict[str, Any], int, dict[str, str]] | dict[str, Any]:
        """Is the service up, and does each of its dependencies answer?"""
        found = services()
        budget = found.settings.health_timeout_seconds
        checks = found.probes.run(checks_of(found), budget)
        events = checks["event_store"].pop("value", 0)
        if "value" in checks["views"]:
            checks["views"]["behind"] = max(0, events - checks["views"].pop("value"))
        body = {
            "status": "ok" if all(c["ok"] for c in checks.values()) else "failing",
            "version": version("siteledger"),
            "events": events,
            "dependencies": checks,
        }
        if body["status"] == "ok":
            return body
        return body, 503, {"Retry-After": "5"}


def checks_of(found: Services) -> dict[str, Check]:
    def views() -> int:
        return min(view.position() for view in found.views.all)

    def evidence() -> None:
        found.evidence.blobs.check()

    return {
        "event_store": found.ledger.notification_count,
        "views": views,
        "evidence_store": evidence,
    }
