"""A problem, project or visit in the console: its state as of any moment, its
timeline (who, from which device, by both clocks) and its photos."""

import re
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from flask import abort, g, request

from api.http.console.events import event_label
from api.http.console.web import blp, page, principal
from api.http.services import current_views, services
from api.readings import with_actor_names
from api.records import aggregate_record, event_record
from domain.errors import DomainError, NotFound
from domain.model.evidence import Evidence
from domain.model.issue import Issue
from domain.model.project import Project
from domain.model.visit import Visit
from projections.dates import LOCAL

HIDDEN = {"id", "type", "version", "created_on", "modified_on", "meta"}
EMPTY: tuple[Any, ...] = (None, [], {})
MAX_PHOTOS = 12
UUID_TEXT = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


@blp.route("/issues/<uuid:issue_id>")
def issue(issue_id: UUID) -> str:
    return record(Issue, issue_id)


@blp.route("/projects/<uuid:project_id>")
def project(project_id: UUID) -> str:
    return record(Project, project_id)


@blp.route("/visits/<uuid:visit_id>")
def visit(visit_id: UUID) -> str:
    return record(Visit, visit_id)


def asked_instant() -> datetime | None:
    """`as_of` as the date-and-time field sends it (local time), if given."""
    text = request.args.get("as_of", "")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        abort(400)
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def record(kind: type[Aggregate], aggregate_id: UUID) -> str:
    """The page of one aggregate in the reader's jurisdiction; 404 otherwise."""
    scope, ledger = principal().jurisdiction, services().ledger
    version, instant = request.args.get("version", type=int), asked_instant()
    try:
        events = ledger.history(aggregate_id, kind, scope)
        if instant is not None:
            shown = ledger.load_as_of(kind, aggregate_id, instant, scope)
        else:
            shown = ledger.load(kind, aggregate_id, version, scope)
    except NotFound:
        abort(404)
    timeline = named([event_record(e) for e in events])
    state = aggregate_record(shown)
    return page(
        "console/record.html",
        kind=kind.__name__.lower(),
        state=state,
        fields=fields(state),
        timeline=timeline,
        shown=shown.version,
        latest=events[-1].originator_version,
        instant=instant,
        photos=photos(aggregate_id),
        title=state.get("name") or state.get("description") or str(aggregate_id),
    )


def named(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event with its actor's name, its label, and local times."""
    for r in with_actor_names(current_views(), records):
        r["actor"] = r["actor_name"] or str(r["actor_id"])
        r["label"] = event_label(r["event"], g.lang)
        r["recorded_local"] = local(r["recorded_at"])
        r["device_local"] = local(r["device_time"])
    return records


def local(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M:%S")


def fields(state: dict[str, Any]) -> list[tuple[str, Any]]:
    """The state's fields worth showing, ids (alone or in a list, as stewards are)
    replaced by names where known."""
    ids = [str(v) for v in state.values() if isinstance(v, str)]
    ids += [str(v) for vs in state.values() if isinstance(vs, list) for v in vs]
    names = current_views().visits.names([i for i in ids if UUID_TEXT.match(i)])

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(names.get(str(v), str(v)) for v in value)
        return names.get(str(value), value)

    shown = state.items()
    return [(k, named(v)) for k, v in shown if k not in HIDDEN and v not in EMPTY]


def photos(owner_id: UUID) -> list[str]:
    """Short-lived thumbnail URLs of the photos attached to a problem, visit or
    project (the catalog lists evidence by its owner)."""
    found, scope = [], principal().jurisdiction
    rows, _ = current_views().catalog.list(
        "evidence", scope, {"owner_id": str(owner_id)}, None, MAX_PHOTOS
    )
    for row in rows:
        try:
            evidence = services().ledger.load(Evidence, row.id, scope=scope)
            found.append(services().evidence.link(evidence, thumbnail=True).url)
        except DomainError:
            continue  # not verified (yet), rejected, or not an image
    return found
