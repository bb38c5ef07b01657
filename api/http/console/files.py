"""The console's files: a ledger as XLSX (the API's own export), the monthly 通报 as
PDF. Both read what the ledgers read, for the signed-in reader's jurisdiction."""

import re
from collections.abc import Sequence
from functools import partial

from flask import Response, abort, g, request

from api import readings, tables
from api.http.console.pages import board_of, rules_filters, when
from api.http.console.web import blp, page, principal
from api.http.ledger_http import caption, file
from api.http.services import current_views, services
from api.pool_tables import POOL, batches_columns
from api.report import monthly_report
from api.tables import Column
from projections.batches import batches, pool
from projections.board import ProjectFilters
from projections.dates import AsOf
from projections.visit_ledger import VisitFilters

MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")


@blp.route("/export/<table>.xlsx")
def export(table: str) -> Response:
    """The board, problem or visit ledger, the pool or this year's four batches by
    quarter, as the clerk prints it."""
    at, scope, views = when(), principal().jurisdiction, current_views()
    columns: Sequence[Column]
    if table in ("pool", "batches"):
        return pooled(table, at, scope)
    if table == "board":
        cadence = services().settings.cadence()
        read = partial(
            readings.projects,
            board_of(at),
            scope,
            ProjectFilters(),
            None,
            cadence=cadence,
            assessment=services().settings.assessment_rules(),
        )
        columns = tables.BOARD
    elif table == "issues":
        read = partial(readings.issues, views, scope, rules_filters(at))
        columns = tables.ISSUES
    elif table == "visits":
        read = partial(readings.visits, views, scope, VisitFilters(at))
        columns = tables.VISITS
    else:
        abort(404)
    named = caption(scope, at)
    return file(table, ("xlsx", g.lang), columns, readings.each(read), named)


def pooled(table: str, at: AsOf, scope: str) -> Response:
    facts, year = current_views().pool.facts(scope, at), at.today.year
    named = caption(scope, at)
    if table == "pool":
        return file(table, ("xlsx", g.lang), POOL, pool(facts, at), named)
    rows = batches(facts, at, scope, period="quarter", year=year, group_by="all")
    name, columns = f"batches-by-all-quarter-{year}", batches_columns("all")
    return file(name, ("xlsx", g.lang), columns, rows, named)


def asked_month() -> str:
    month = request.args.get("month") or AsOf.of(None).month
    if not MONTH.match(month):
        abort(400)
    return month


@blp.route("/report")
def report() -> str:
    return page("console/report.html", month=asked_month())


@blp.route("/report.pdf")
def report_pdf() -> Response:
    month = asked_month()
    found = services()
    rules = found.settings.warning_rules()
    weights = found.settings.ranking_weights()
    body = monthly_report(
        current_views(), rules, principal().jurisdiction, month, weights
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="report-{month}.pdf"'},
    )
