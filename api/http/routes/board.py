"""The project board: warnings (三色预警), quarterly lists (红黄黑榜), departments
ranked (考核), and the public disclosure table (亮屏公开)."""

from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import abort

from api import assess, readings, tables
from api.http import lists, rankings
from api.http.auth import current_principal
from api.http.ledger_http import (
    DOC,
    as_of,
    caption,
    file,
    issue_filters,
    page,
    page_or_file,
    scope,
    wants_file,
)
from api.http.parsing import Blueprint
from api.http.permissions import publish_refusal
from api.http.resources import authorized
from api.http.schemas.board_rows import (
    BoardPage,
    Disclosure,
    Lists,
    MonthAssessed,
    MonthRecorded,
)
from api.http.schemas.ledger_rows import Departments, PublishedRanking
from api.http.schemas.ledgers import (
    AssessmentArgs,
    AssessMonth,
    BoardArgs,
    DepartmentArgs,
    DisclosureArgs,
    ListsArgs,
    PublicationArgs,
)
from api.http.services import current_views, services
from api.http.steering_tables import ASSESSED
from projections.board import ProjectFilters
from projections.board_read import Board
from projections.dates import AsOf
from projections.warnings import Reason

blp = Blueprint("board", __name__, url_prefix="/board", description=__doc__)


def board(when: AsOf) -> Board:
    return Board(current_views(), when, services().settings.warning_rules())


@blp.route("/projects")
class Projects(MethodView):
    @blp.arguments(BoardArgs, location="query")
    @blp.response(200, BoardPage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Key projects with stage, investment this year, problems, last visit and
        the warning as of `as_of` with the reasons that gave it."""
        asked, when, where, cut = wants_file(args), as_of(args), scope(args), page(args)
        warning = args.pop("warning")
        found, filters = board(when), ProjectFilters(**args)
        settings = services().settings
        read = partial(
            readings.projects,
            found,
            where,
            filters,
            warning,
            cadence=settings.cadence(),
            assessment=settings.assessment_rules(),
        )
        return page_or_file(
            read, cut, when, asked, name="board", columns=tables.BOARD, where=where
        )


@blp.route("/lists")
class QuarterLists(MethodView):
    @blp.arguments(ListsArgs, location="query")
    @blp.response(200, Lists)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """红黄黑榜 at a month's, quarter's or year's end (or now, in one not over):
        projects commended (no warning, investment on pace), yellow-warned,
        red-warned; `format=csv|xlsx` gives the three as one table. Published
        editions: `/board/lists/publications`."""
        period, where = lists.Period.of(args), scope(args)
        when, shown = lists.computed(where, period, args["limit"])
        if asked := wants_file(args):
            rows = [row | {"list": k} for k, v in shown.items() for row in v]
            named = caption(where, when)
            return file(period.file_name, asked, tables.LISTS, rows, named)
        return {
            "year": args["year"],
            "quarter": args["quarter"],
            "month": args["month"],
            "period": period.name,
            "as_of": when.moment,
            **shown,
        }


@blp.route("/departments")
class DepartmentRanking(MethodView):
    @blp.arguments(DepartmentArgs, location="query")
    @blp.response(200, Departments)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Departments scored and ranked (考核) over the problems received in the
        months given, with each one's parts and change since the months before."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        ranked = rankings.current(where, issue_filters(when, args))
        if asked:
            named = caption(where, when)
            return file("departments", asked, tables.DEPARTMENTS, ranked, named)
        return {"as_of": when.moment, "departments": ranked}


@blp.route("/departments/publications")
class RankingPublications(MethodView):
    @blp.arguments(PublicationArgs, location="query")
    @blp.response(200, PublishedRanking)
    @blp.doc(**authorized(404))
    def get(self, args: dict[str, Any]) -> Any:
        """The ranking of the months given as it was published (考核通报)."""
        return rankings.published(scope(args), args["month_from"], args["month_to"])

    @blp.arguments(PublicationArgs)
    @blp.response(201, PublishedRanking)
    @blp.doc(**authorized(403, 409))
    def post(self, args: dict[str, Any]) -> Any:
        """Publishes the ranking of months that are over, as of their end: once (a
        second time is 409, so a retry needs no Idempotency-Key); it never changes
        afterwards, whatever is corrected."""
        return rankings.publish(scope(args), args)


@blp.route("/assessments")
class MonthlyAssessments(MethodView):
    @blp.arguments(AssessmentArgs, location="query")
    @blp.response(200, MonthAssessed)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """三色预警 of a month as recorded: each project's colour and reasons."""
        asked, where, month = wants_file(args), scope(args), args["month"]
        rows = assess.recorded_rows(current_views(), where, month)
        if asked:
            for row in rows:
                row["reason_objects"] = [Reason(**r) for r in row["reasons"]]
            named = caption(where, assess.month_end(month))
            return file(f"assessments-{month}", asked, ASSESSED, rows, named)
        return {"month": month, "items": rows}

    @blp.arguments(AssessMonth)
    @blp.response(201, MonthRecorded)
    @blp.doc(**authorized(403, 409))
    def post(self, args: dict[str, Any]) -> Any:
        """Records the month's assessment of every project in your jurisdiction (or
        the part named), as of the month's end: once a project and month (projects
        assessed before are counted, not assessed again); the month must be over."""
        if (refused := publish_refusal(current_principal())) is not None:
            abort(403, message=refused.replace("PublishRanking", "An assessment"))
        found = services()
        done = assess.record_month(
            found.ledger,
            current_views(),
            scope(args),
            args["month"],
            assess.rules_of(found.settings),
        )
        return {
            "month": done.month,
            "as_of": done.as_of.moment,
            "recorded": done.recorded,
            "already": done.already,
        }


@blp.route("/disclosure")
class PublicDisclosure(MethodView):
    @blp.arguments(DisclosureArgs, location="query")
    @blp.response(200, Disclosure)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """亮屏公开: every key project's name, years, location, stage, investment
        total, this year's plan, completed and its share."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        rows = readings.disclosed(board(when), where, ProjectFilters())
        if asked:
            named = caption(where, when)
            return file("disclosure", asked, tables.DISCLOSURE, rows, named)
        return {"as_of": when.moment, "items": rows}
