"""AWS Lambda entry points (`api/handlers.<function>` in serverless.yml).

Importing this module builds nothing. Each function builds what it needs from
`Settings.from_env()` on its container's first event and keeps it for the next
ones; Lambda runs one event at a time per container, the lock only guards tests.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from apig_wsgi import make_lambda_handler

from api.audit import seal_now
from api.evidence import open_evidence
from api.http.app import create_app
from api.http.services import KEY, Services
from api.migrate import answer_cloudformation, create_tables, is_custom_resource
from api.settings import Settings
from domain.app import SiteLedger
from domain.errors import NotFound
from domain.services.evidence import EvidenceService
from domain.services.sweeps import sweep as flag_overdue
from domain.values import SYSTEM_ACTOR, Meta
from projections import Views, open_views
from projections.dates import LOCAL

T = TypeVar("T")
Event = dict[str, Any]
Handler = Callable[[Event, Any], dict[str, Any]]
log = logging.getLogger("siteledger")
VERIFIER = "evidence-verifier"  # the device the verifier's records name


class Holder(Generic[T]):
    """What a container builds on its first event and keeps for the next ones."""

    def __init__(self, build: Callable[[], T], close: Callable[[T], None]) -> None:
        self._build, self._close = build, close
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    def reset(self) -> None:
        """Closes what was built; the next event builds afresh (tests, a new env)."""
        with self._lock:
            value, self._value = self._value, None
        if value is not None:
            self._close(value)


def holder(build: Callable[[], T], close: Callable[[T], None]) -> Holder[T]:
    return Holder(build, close)


# HTTP API -----------------------------------------------------------------------


@dataclass(frozen=True)
class Http:
    """The Flask app and the adapter that feeds it API Gateway's (v2) events."""

    handle: Handler
    close: Callable[[], None]


def open_http() -> Http:
    logging.getLogger().setLevel(logging.INFO)
    app = create_app(Settings.from_env())
    services: Services = app.extensions[KEY]
    return Http(make_lambda_handler(app, binary_support=True), services.close)


HTTP = holder(open_http, lambda http: http.close())


def api(event: Event, context: Any) -> dict[str, Any]:
    """An HTTP API (payload 2.0) request, answered by the Flask app."""
    return HTTP.get().handle(event, context)


# Scheduled and event-driven jobs --------------------------------------------------


@dataclass(frozen=True)
class Jobs:
    """What the jobs work on: the ledger, its views and the evidence service."""

    settings: Settings
    ledger: SiteLedger
    views: Views
    evidence: EvidenceService

    def close(self) -> None:
        self.views.close()
        self.ledger.close()


def open_jobs() -> Jobs:
    logging.getLogger().setLevel(logging.INFO)
    settings = Settings.from_env()
    with ExitStack() as opened:
        ledger = opened.enter_context(settings.open_ledger())
        views = opened.enter_context(open_views(settings.store_env()))
        jobs = Jobs(settings, ledger, views, open_evidence(settings, ledger))
        opened.pop_all()  # kept open for the container's next events
    return jobs


JOBS = holder(open_jobs, Jobs.close)


def views(event: Event, context: Any) -> dict[str, Any]:
    """Scheduled: catches every view up with the event store, as `views follow`
    does in a loop. Reserved concurrency 1; a second run finds nothing to do."""
    jobs = JOBS.get()
    applied = jobs.views.catch_up(jobs.ledger)
    head = jobs.ledger.recorder.max_notification_id() or 0
    lag = head - min(view.position() for view in jobs.views.all)
    metrics(context, ViewsApplied=applied, ViewsLag=lag)
    return {"applied": applied, "lag": lag}


def evidence(event: Event, context: Any) -> dict[str, Any]:
    """An upload landed in quarantine (EventBridge "Object Created"): verifies it and
    records the verdict, as `POST /evidence/{id}/confirm` does. Confirming again, or
    after the phone did, changes nothing. An object that is no evidence's upload is
    logged and left to the reconciler."""
    jobs = JOBS.get()
    evidence_id = uploaded(event, jobs.settings)
    if evidence_id is None:
        log.warning("not an upload of evidence: %s", json.dumps(event.get("detail")))
        return {"ignored": "not an upload of evidence"}
    meta = Meta(SYSTEM_ACTOR, uuid4(), VERIFIER, datetime.now(UTC))
    try:
        found = jobs.evidence.confirm(evidence_id, meta)
    except NotFound:
        log.warning("an upload for evidence %s, which was never declared", evidence_id)
        return {"ignored": f"no evidence {evidence_id}"}
    jobs.views.catch_up(jobs.ledger)
    return {"evidence": str(evidence_id), "status": found.status.value}


def uploaded(event: Event, settings: Settings) -> UUID | None:
    """The evidence whose upload an S3 "Object Created" event names, if it does."""
    detail = event.get("detail") or {}
    bucket = (detail.get("bucket") or {}).get("name")
    key = (detail.get("object") or {}).get("key")
    quarantine = settings.evidence_quarantine_bucket or settings.evidence_bucket
    prefix = settings.evidence_quarantine_prefix
    if bucket != quarantine or not isinstance(key, str) or not key.startswith(prefix):
        return None
    try:
        return UUID(key.removeprefix(prefix))
    except ValueError:
        return None


def reconcile(event: Event, context: Any) -> dict[str, Any]:
    """Scheduled: removes uploads never confirmed within the grace period and records
    evidence whose object is missing, as `siteledger evidence reconcile` does. A
    second run finds nothing more."""
    jobs = JOBS.get()
    jobs.views.catch_up(jobs.ledger)
    done = jobs.evidence.reconcile(jobs.views.catalog.attached_evidence())
    metrics(
        context, UploadsRemoved=len(done.removed), EvidenceMissing=len(done.missing)
    )
    return {"removed": done.removed, "missing": [str(i) for i in done.missing]}


def sweep(event: Event, context: Any) -> dict[str, Any]:
    """Scheduled: flags the problems whose deadline passed, as `siteledger sweep`
    does, as of the time the schedule fired. A second run flags nothing more."""
    jobs = JOBS.get()
    flagged = flag_overdue(jobs.ledger, jobs.views, fired_at(event))
    metrics(context, DeadlinesFlagged=len(flagged))
    return {"flagged": [str(issue_id) for issue_id in flagged]}


def assess(event: Event, context: Any) -> dict[str, Any]:
    """Scheduled (the 1st of each month): records the assessment of the month
    before the one the schedule fired in, as `siteledger assess` does. A second
    run records nothing more."""
    from api.assess import record_month, rules_of

    jobs = JOBS.get()
    day = fired_at(event).astimezone(LOCAL).date().replace(day=1) - timedelta(days=1)
    month = f"{day.year}-{day.month:02d}"
    done = record_month(jobs.ledger, jobs.views, "", month, rules_of(jobs.settings))
    metrics(context, ProjectsAssessed=done.recorded)
    return {"month": month, "recorded": done.recorded, "already": done.already}


def seal(event: Event, context: Any) -> dict[str, Any]:
    """Scheduled: signs the log's tree head with the KMS key, as `siteledger audit
    seal` does, and puts the seal in the evidence bucket under Object Lock."""
    jobs = JOBS.get()
    made, published = seal_now(jobs.ledger, jobs.settings)
    metrics(context, SealedEntries=made.size)
    return {"size": made.size, "root": made.root, "published": published}


def fired_at(event: Event) -> datetime:
    """When an EventBridge event happened (`time`, UTC); now if it says nothing."""
    stamp = event.get("time")
    if not isinstance(stamp, str):
        return datetime.now(UTC)
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def metrics(context: Any, **values: int) -> None:
    """One log line CloudWatch turns into metrics (embedded metric format): no
    call to CloudWatch, nothing to reach from inside the VPC."""
    function = str(getattr(context, "function_name", "local"))
    names = [{"Name": name, "Unit": "Count"} for name in values]
    namespace = {"Namespace": "siteledger", "Dimensions": [["Function"]]}
    document = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [namespace | {"Metrics": names}],
        },
        "Function": function,
        **values,
    }
    print(json.dumps(document), flush=True)


def migrate(event: Event, context: Any) -> dict[str, Any]:
    """Creates the tables: invoked by CloudFormation on every deploy (a custom
    resource) or by hand (`serverless invoke -f migrate`). Safe to run again."""
    settings = Settings.from_env()
    if is_custom_resource(event):
        return answer_cloudformation(event, context, lambda: create_tables(settings))
    created = create_tables(settings)
    log.info("tables in place: %s", ", ".join(created))
    return {"tables": created}
