"""红黄黑榜 as published (通报): frozen editions of a period's lists, republished only
as a new edition beside the first."""

from typing import Any

from flask.views import MethodView

from api import tables
from api.http import lists
from api.http.ledger_http import DOC, caption, file, scope, wants_file
from api.http.parsing import Blueprint
from api.http.resources import authorized
from api.http.schemas.board_rows import PublishedLists
from api.http.schemas.ledgers import PublishedListsArgs, PublishListsArgs
from projections.dates import AsOf
from projections.warnings import Reason

blp = Blueprint("lists", __name__, url_prefix="/board/lists", description=__doc__)


@blp.route("/publications")
class ListPublications(MethodView):
    @blp.arguments(PublishedListsArgs, location="query")
    @blp.response(200, PublishedLists)
    @blp.doc(**DOC | authorized(404))
    def get(self, args: dict[str, Any]) -> Any:
        """The period's lists as published: every edition published by `as_of`
        (all when absent), each with its rows and figures as they were then;
        `format=csv|xlsx` gives the last of them as one table."""
        period, where = lists.Period.of(args), scope(args)
        found = lists.published(where, period, args["as_of"])
        if asked := wants_file(args):
            last = found["editions"][-1]
            rows = [
                row | {"list": name, "reasons": [Reason(**r) for r in row["reasons"]]}
                for name, shown in last["lists"].items()
                for row in shown
            ]
            named = caption(where, AsOf(last["as_of"]))
            name = f"{period.file_name}-edition-{last['edition']}"
            return file(name, asked, tables.LISTS, rows, named)
        return found

    @blp.arguments(PublishListsArgs)
    @blp.response(201, PublishedLists)
    @blp.doc(**authorized(403, 409))
    def post(self, args: dict[str, Any]) -> Any:
        """Publishes the lists of a period that is over, as of its end (a supervisor
        or admin). Published already, it takes a `reason` and becomes the next
        edition; the earlier ones stay as they were published."""
        period, where = lists.Period.of(args), scope(args)
        return lists.publish(where, period, args["limit"], args["reason"])
