"""亮屏公开: the public screen of a jurisdiction's key projects. No sign-in; it shows
exactly the rows `/board/disclosure` exports, in large type, paging by itself."""

import re

from flask import Blueprint, abort, render_template

from api import readings
from api.http.console.i18n import words
from api.http.services import current_views, services
from api.tables_labels import LABELS
from projections.board import ProjectFilters
from projections.board_read import Board
from projections.dates import AsOf
from projections.place_register import place_names

blp = Blueprint("screen", __name__, url_prefix="/screen")
JURISDICTION = re.compile(r"^[0-9]{2,12}$")
ROWS_PER_PAGE = 8
REFRESH_SECONDS = 300  # the page reloads itself with fresh figures
PAGE_SECONDS = 12  # each page of projects stays this long


@blp.route("/<jurisdiction>")
def show(jurisdiction: str) -> str:
    """The disclosure table of a jurisdiction's subtree; 404 where it has none."""
    if not JURISDICTION.match(jurisdiction):
        abort(404)
    at = AsOf.of(None)
    board = Board(current_views(), at, services().settings.warning_rules())
    rows = readings.disclosed(board, jurisdiction, ProjectFilters())
    if not rows:
        abort(404)
    pages = [rows[n : n + ROWS_PER_PAGE] for n in range(0, len(rows), ROWS_PER_PAGE)]
    stages = {code: zh for code, (zh, _) in LABELS["stage"].items()}
    names = place_names(current_views().catalog, jurisdiction)
    named = names.get(jurisdiction)
    return render_template(
        "console/screen.html",
        t=words("zh"),
        jurisdiction=jurisdiction,
        place=lambda code: f"{code} {named.zh}" if named else code,
        pages=pages,
        total=len(rows),
        stages=stages,
        as_of=at,
        refresh=REFRESH_SECONDS,
        page_seconds=PAGE_SECONDS,
    )
