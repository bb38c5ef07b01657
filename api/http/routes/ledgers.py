"""The problem and visit ledgers (台账): lists, summaries, who was not visited."""

from functools import partial
from typing import Any

from flask.views import MethodView

from api import readings, tables
from api.http.ledger_http import (
    DOC,
    as_of,
    caption,
    file,
    groups_or_file,
    ids,
    issue_filters,
    page,
    page_or_file,
    scope,
    wants_file,
)
from api.http.parsing import Blueprint
from api.http.schemas.ledger_rows import (
    Coverage,
    IssuePage,
    Summary,
    UnvisitedPage,
    VisitPage,
    VisitSummary,
)
from api.http.schemas.ledgers import (
    CoverageArgs,
    IssueLedgerArgs,
    IssueSummaryArgs,
    UnvisitedArgs,
    VisitLedgerArgs,
    VisitSummaryArgs,
)
from api.http.services import current_views, services
from api.http.steering_tables import COVERAGE
from projections.visit_ledger import VisitFilters

blp = Blueprint("ledgers", __name__, url_prefix="/ledgers", description=__doc__)


@blp.route("/issues")
class IssueLedger(MethodView):
    @blp.arguments(IssueLedgerArgs, location="query")
    @blp.response(200, IssuePage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Problems in your jurisdiction, in the order raised, with what is overdue
        as of `as_of`; `format=csv|xlsx` exports every row that matches."""
        asked, when, where, cut = wants_file(args), as_of(args), scope(args), page(args)
        filters, views = issue_filters(when, args), current_views()
        read = partial(readings.issues, views, where, filters)
        return page_or_file(
            read, cut, when, asked, name="issues", columns=tables.ISSUES, where=where
        )


@blp.route("/issues/summary")
class IssueSummary(MethodView):
    @blp.arguments(IssueSummaryArgs, location="query")
    @blp.response(200, Summary)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Received, resolved (closed out), on time, open, overdue, mean days to
        close and satisfaction, per department, category, jurisdiction or month."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        group_by = args.pop("group_by")
        filters = issue_filters(when, args)
        rows = current_views().issues.summary(where, group_by, filters)
        columns = tables.grouped(group_by, tables.ISSUE_FIGURES)
        return groups_or_file(
            rows, group_by, when, asked, name="issues", columns=columns, where=where
        )


@blp.route("/visits")
class VisitLedger(MethodView):
    @blp.arguments(VisitLedgerArgs, location="query")
    @blp.response(200, VisitPage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Visits planned by `as_of` in your jurisdiction, in the order planned."""
        asked, when, where, cut = wants_file(args), as_of(args), scope(args), page(args)
        filters, views = VisitFilters(when, **ids(args)), current_views()
        read = partial(readings.visits, views, where, filters)
        return page_or_file(
            read, cut, when, asked, name="visits", columns=tables.VISITS, where=where
        )


@blp.route("/visits/summary")
class VisitSummaryView(MethodView):
    @blp.arguments(VisitSummaryArgs, location="query")
    @blp.response(200, VisitSummary)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Visits planned, on site, finished and cancelled per officer, enterprise,
        project or month, with the problems they raised."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        group_by = args.pop("group_by")
        filters = VisitFilters(when, **ids(args))
        rows = readings.visit_summary(current_views(), where, group_by, filters)
        columns = tables.grouped(group_by, tables.VISIT_FIGURES)
        return groups_or_file(
            rows, group_by, when, asked, name="visits", columns=columns, where=where
        )


@blp.route("/visits/coverage")
class CoverageView(MethodView):
    @blp.arguments(CoverageArgs, location="query")
    @blp.response(200, Coverage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Each 项目管家's projects visited this month, or each 包抓领导's this quarter,
        as often as the rule asks (settings), worst covered first."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        cadence = services().settings.cadence()
        role = args["role"]
        rows = readings.coverage(current_views(), where, role, when, cadence)
        if asked:
            named = caption(where, when)
            return file(f"coverage-{role}s", asked, COVERAGE, rows, named)
        return {"as_of": when.moment, "role": role, "officers": rows}


@blp.route("/visits/unvisited")
class UnvisitedView(MethodView):
    @blp.arguments(UnvisitedArgs, location="query")
    @blp.response(200, UnvisitedPage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Enterprises (or projects) with no visit checked in during the month of
        `as_of`, up to `as_of`."""
        asked, when, where, cut = wants_file(args), as_of(args), scope(args), page(args)
        kind = args["kind"]
        read = partial(readings.unvisited, current_views(), where, kind, when)
        found = page_or_file(
            read,
            cut,
            when,
            asked,
            name=f"unvisited-{kind}s",
            columns=tables.UNVISITED,
            where=where,
        )
        return found if asked else found | {"month": when.month}
