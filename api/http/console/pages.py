"""The console's ledgers: the board, the problem ledger with its charts, the visit
ledger, a handler's queue. Each reads through the same readings as the JSON API."""

from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flask import abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from api import readings
from api.http.console import charts
from api.http.console.web import blp, page, principal
from api.http.services import current_views, services
from api.tables import reason_text
from projections.batches import batches, pool, tally
from projections.board import ProjectFilters
from projections.board_read import Board, against
from projections.dates import LOCAL, AsOf
from projections.issue_sql import IssueFilters, Page
from projections.visit_ledger import VisitFilters

WARNINGS = ("red", "yellow", "blue", "none")
STAGES = ("planning", "pre_construction", "under_construction", "commissioned")
OPEN_STATUSES = ("raised", "assigned", "accepted", "resolution_proposed")
STATUSES = (*OPEN_STATUSES, "closed", "withdrawn")
PAGE = 50


def when() -> AsOf:
    """As of the `as_of` date asked for (its end, local time), or now."""
    asked = request.args.get("as_of", "")
    if not asked:
        return AsOf.of(None)
    try:
        moment = datetime.fromisoformat(asked)
    except ValueError:
        abort(400)
    if moment.tzinfo is None and len(asked) <= 10:
        return AsOf.end_of(moment.date())
    return AsOf.of(moment if moment.tzinfo else moment.replace(tzinfo=LOCAL))


def choice(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


def board_of(at: AsOf) -> Board:
    return Board(current_views(), at, services().settings.warning_rules())


@blp.route("/")
def home() -> Response:
    return redirect(url_for("console.board"))


@blp.route("/board")
def board() -> str:
    at = when()
    warning, stage = choice("warning", WARNINGS), choice("stage", STAGES)
    found, scope = board_of(at), principal().jurisdiction
    filters, settings = ProjectFilters(stage=stage), services().settings
    read = partial(
        readings.projects,
        found,
        scope,
        filters,
        None,
        cadence=settings.cadence(),
        assessment=settings.assessment_rules(),
    )
    every = readings.every(read)
    counts = Counter(row["warning"] or "none" for row in every)
    shown = [row for row in every if warning in (None, row["warning"] or "none")]
    shown.sort(
        key=lambda row: (WARNINGS.index(row["warning"] or "none"), row["position"])
    )
    for row in shown:
        row["reason_texts"] = [reason_text(r, g.lang) for r in row["reasons"]]
    facts, year = current_views().pool.facts(scope, at), at.today.year
    quarters = batches(facts, at, scope, period="quarter", year=year, group_by="all")
    return page(
        "console/board.html",
        rows=shown,
        counts=counts,
        warning=warning,
        stage=stage,
        stages=STAGES,
        as_of=at,
        places=charts.places(every),
        pool_counts=tally(pool(facts, at)),
        quarters=quarters,
    )


def rules_filters(at: AsOf, **terms: Any) -> IssueFilters:
    return services().settings.warning_rules().issue_filters(at, **terms)


def month_end_before(at: AsOf) -> AsOf:
    """The end of the month before as_of's."""
    first = at.today.replace(day=1)
    return AsOf.end_of(first - timedelta(days=1))


def ranking_with_change(scope: str, at: AsOf) -> list[dict[str, Any]]:
    """Departments ranked as of now, each with its rank at last month's end."""
    weights = services().settings.ranking_weights()
    before = rules_filters(month_end_before(at))
    return against(current_views(), scope, rules_filters(at), before, weights)


@blp.route("/issues")
def issues() -> str:
    at, scope, views = when(), principal().jurisdiction, current_views()
    status = choice("status", STATUSES)
    overdue = True if request.args.get("overdue") == "1" else None
    department = request.args.get("department") or None
    filters = rules_filters(at, status=status, overdue=overdue, department=department)
    after = request.args.get("after", type=int)
    rows, following = readings.issues(views, scope, filters, Page(after, PAGE))
    months = views.issues.summary(scope, "month", rules_filters(at))
    ranked = ranking_with_change(scope, at)
    return page(
        "console/issues.html",
        rows=rows,
        following=following,
        months=charts.monthly(months[-12:]),
        by_department=charts.rates(ranked),
        ranked=ranked,
        as_of=at,
        status=status,
        overdue=overdue,
        department=department,
        statuses=STATUSES,
    )


@blp.route("/visits")
def visits() -> str:
    at, scope, views = when(), principal().jurisdiction, current_views()
    after = request.args.get("after", type=int)
    rows, following = readings.visits(views, scope, VisitFilters(at), Page(after, PAGE))
    unvisited = {
        kind: readings.every(partial(readings.unvisited, views, scope, kind, at))
        for kind in ("project", "enterprise")
    }
    return page(
        "console/visits.html",
        rows=rows,
        following=following,
        unvisited=unvisited,
        as_of=at,
    )


@blp.route("/queue")
def queue() -> str:
    """What is assigned to the reader's department and still open, due first."""
    at, me = when(), principal()
    rows: list[dict[str, Any]] = []
    if me.department:
        filters = rules_filters(at, department=me.department)
        read = partial(readings.issues, current_views(), me.jurisdiction, filters)
        rows = [row for row in readings.every(read) if row["open"]]
        rows.sort(key=lambda row: (row["due_then"] or "9999", row["position"]))
    return page("console/queue.html", rows=rows, as_of=at)
