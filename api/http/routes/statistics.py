"""Statistics a leader reports upward (seed 000: 「开(复)工率95%」; seed 001: 「完成投资
566.2亿元,占年度投资计划的123.6%」), who has not reported a month's investment, the
pre-landing pool (seed 001: 「拟落地重点项目管理库」) and 四个一批 (seed 004)."""

from collections.abc import Iterator
from typing import Any

from flask.views import MethodView

from api.http.ledger_http import (
    DOC,
    as_of,
    caption,
    file,
    groups_or_file,
    scope,
    wants_file,
)
from api.http.parsing import Blueprint
from api.http.schemas.batches import (
    BatchesArgs,
    BatchesResponse,
    PoolArgs,
    PoolResponse,
)
from api.http.schemas.statistics import (
    StatisticsArgs,
    StatisticsResponse,
    UnreportedArgs,
    UnreportedResponse,
)
from api.http.services import current_views
from api.http.steering_tables import UNREPORTED, statistics_columns
from api.pool_tables import POOL, batches_columns
from projections.batches import batches, pool, tally
from projections.board import ProjectFilters
from projections.dates import AsOf
from projections.issue_sql import Page
from projections.statistics import statistics, unreported

blp = Blueprint(
    "statistics", __name__, url_prefix="/board/statistics", description=__doc__
)
CHUNK = 1000


def projects(where: str, when: AsOf) -> Iterator[dict[str, Any]]:
    """The subtree's projects registered by as_of, as the board keeps them."""
    board, after = current_views().board, None
    while True:
        rows = board.page(where, ProjectFilters(), Page(after, CHUNK), when)
        yield from rows[:CHUNK]
        if len(rows) <= CHUNK:
            return
        after = rows[CHUNK - 1]["position"]


@blp.route("")
class Statistics(MethodView):
    @blp.arguments(StatisticsArgs, location="query")
    @blp.response(200, StatisticsResponse)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Per level, stage, industry, county, city or jurisdiction: projects, those
        in the year's plan, those started and 开(复)工率, the year's planned and
        completed investment and the share, as of `as_of`."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        group_by = args["group_by"]
        rows = statistics(projects(where, when), when, group_by)
        columns = statistics_columns(group_by)
        return groups_or_file(
            rows, group_by, when, asked, name="statistics", columns=columns, where=where
        )


@blp.route("/unreported")
class Unreported(MethodView):
    @blp.arguments(UnreportedArgs, location="query")
    @blp.response(200, UnreportedResponse)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Projects under way with a plan for the year that have no investment
        figure for `month` (default: the month before as_of's) by as_of."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        month = args["month"] or previous_month(when)
        rows = unreported(projects(where, when), when, month)
        if asked:
            named = caption(where, when)
            return file(f"unreported-{month}", asked, UNREPORTED, rows, named)
        return {"as_of": when.moment, "month": month, "items": rows}


@blp.route("/pool")
class Pool(MethodView):
    @blp.arguments(PoolArgs, location="query")
    @blp.response(200, PoolResponse)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """The pre-landing pool (拟落地重点项目管理库) as of `as_of`: every project
        entered, with the days it was entered, signed, started and put into
        production, and where it stands; and how many stand where."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        rows = pool(current_views().pool.facts(where, when), when)
        if asked:
            return file("pool", asked, POOL, rows, caption(where, when))
        return {"as_of": when.moment, "counts": tally(rows), "items": rows}


@blp.route("/batches")
class Batches(MethodView):
    @blp.arguments(BatchesArgs, location="query")
    @blp.response(200, BatchesResponse)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """四个一批 per month, quarter or year of `year` begun by `as_of`, overall
        or per level, county, city or jurisdiction: projects entered in the pool
        (谋划), signed, started and put into production in the period, with their
        total investment, and those withdrawn from the pool."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        year, period, group_by = (
            args["year"] or when.today.year,
            args["period"],
            args["group_by"],
        )
        facts = current_views().pool.facts(where, when)
        rows = batches(facts, when, where, period=period, year=year, group_by=group_by)
        if asked:
            named = f"batches-by-{group_by}-{period}-{year}"
            columns = batches_columns(group_by)
            return file(named, asked, columns, rows, caption(where, when))
        shown = {"period": period, "year": year, "group_by": group_by}
        return {"as_of": when.moment, "groups": rows} | shown


def previous_month(when: AsOf) -> str:
    year, month = when.today.year, when.today.month
    return f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
