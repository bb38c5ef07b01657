"""Liveness and readiness: each dependency answers, how fast, and which version
this is. Every check runs at once and none is waited for past the health budget,
so a dead dependency is reported, never waited out."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late
from importlib.metadata import version
from typing import Any

from flask.views import MethodView

from api.failures import classify
from api.parsing import Blueprint
from api.schemas.health import HealthResponse
from api.services import Services, services

blp = Blueprint("health", __name__, url_prefix="/health", description="Service health")


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthResponse)
    @blp.alt_response(503, schema=HealthResponse, description="A dependency failed")
    def get(self) -> tuple[dict[str, Any], int, dict[str, str]] | dict[str, Any]:
        """Is the service up, and does each of its dependencies answer?"""
        found = services()
        checks = run_checks(checks_of(found), found.settings.health_timeout_seconds)
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


def checks_of(found: Services) -> dict[str, Callable[[], int | None]]:
    def views() -> int:
        return min(view.position() for view in found.views.all)

    def evidence() -> None:
        found.evidence.blobs.check()

    return {
        "event_store": found.ledger.notification_count,
        "views": views,
        "evidence_store": evidence,
    }


def run_checks(
    checks: dict[str, Callable[[], int | None]], budget: float
) -> dict[str, dict[str, Any]]:
    pool = ThreadPoolExecutor(len(checks), thread_name_prefix="health")
    started = time.perf_counter()
    futures = {name: pool.submit(timed, check) for name, check in checks.items()}
    results = {}
    for name, future in futures.items():
        left = max(0.0, budget - (time.perf_counter() - started))
        try:
            results[name] = future.result(timeout=left)
        except Late:
            results[name] = {"ok": False, "error": f"no answer within {budget} s"}
    pool.shutdown(wait=False)  # a late check ends by its own budget, unwaited
    return results


def timed(check: Callable[[], int | None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        value = check()
    except Exception as error:  # reported, not raised: health says what failed
        failure = classify(error)
        reason = failure.detail if failure else type(error).__name__
        return {"ok": False, "error": reason, "latency_ms": elapsed(started)}
    answer = {"ok": True, "latency_ms": elapsed(started)}
    return answer if value is None else answer | {"value": value}


def elapsed(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
