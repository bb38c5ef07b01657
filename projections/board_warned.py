"""Who can be on the yellow and black lists (黄榜, 黑榜) as of an instant, found
through indexes instead of by assessing every project in turn.

A project is warned yellow or red (`projections.warnings.assess`) only for one of
four reasons: groundbreaking late against its planned start, its year's investment
behind the elapsed share, a problem open past its deadline, a permit open past its
committed limit. `Candidates.window` walks a place's projects in the order
registered (the board's `places` index) and keeps, in SQL, those that can have one
of them then: planned to start before the day and not broken ground by it; a share
of the month (the board's `shares` index) below the pace that warns; an open
problem past its deadline then (the problem ledger's own expressions, by its index
of projects); a permit accepted and not granted then, its committed limit passed in
calendar days (the approvals ledger's state then, by its index of projects). Each
comes with what decides its colour besides its board row, so `colour` tells the
colour exactly (as `assess` would) but for a permit, whose limit counts working
days: then it is `UNSURE`, and the full assessment decides.
"""

import math
from dataclasses import dataclass
from typing import Any

from projections.board_index import SCALE
from projections.dates import AsOf
from projections.issue_sql import DUE_THEN, OPEN_THEN
from projections.views import Views
from projections.warnings import (
    RED,
    YELLOW,
    WarningRules,
    assess,
    elapsed_share,
)

Row = dict[str, Any]
UNSURE = "unsure"  # a colour only the permits' working days decide
FLAGS = ("walked", "overdue", "overdue_long", "permits", "behind")  # what `window` adds
PROBLEM = f"SELECT 1 FROM {{issues}} r WHERE r.project_id = b.id AND {OPEN_THEN}"
PERMIT = (
    "SELECT 1 FROM {permits} r JOIN {permit_states} s ON s.id = r.id"
    " AND s.version = (SELECT MAX(t.version) FROM {permit_states} t"
    " WHERE t.id = r.id AND t.effective_on <= :today)"
    " WHERE r.project_id = b.id AND s.status = 'accepted'"
    " AND s.granted_on IS NULL AND s.accepted_on <= :today AND {calendar_late}"
)
# Its committed limit in calendar days passed: working days never outrun them.
CALENDAR_LATE = {
    "sqlite": "date(s.accepted_on, '+' || s.committed_days || ' days') < :today",
    "postgres": "CAST(s.accepted_on AS date) + CAST(s.committed_days AS integer)"
    " < CAST(:today AS date)",
}
BEHIND = (
    "SELECT 1 FROM {shares} s WHERE s.place = :place AND s.month = :month"
    " AND s.position = b.position AND s.share < :behind"
)


def found(query: str) -> str:
    """Whether a project's subquery finds a row: a scalar subquery, probed for each
    project walked (PostgreSQL would hash an EXISTS over every project's rows)."""
    return f"(({query} LIMIT 1) IS NOT NULL)"


# The board's columns first: the cheapest test ends the OR for most candidates.
# Ordered by the place index's own position (`walked`), the walk stops at the limit:
# by the board's, SQLite assessed every project of the place, then sorted them.
CANDIDATES = (
    "SELECT * FROM (SELECT b.*, p.position AS walked,"
    f" {found(PROBLEM + f' AND {DUE_THEN} < :today')} AS overdue,"
    f" {found(PROBLEM + f' AND {DUE_THEN} < :long_ago')} AS overdue_long,"
    f" {found(PERMIT)} AS permits, {found(BEHIND)} AS behind"
    " FROM {places} p JOIN {board} b ON b.position = p.position"
    " WHERE p.place = :place AND p.position > :after"
    " AND b.registered_at <= :as_of) c"
    " WHERE (c.planned_start < :today"
    " AND (c.groundbreaking_on IS NULL OR c.groundbreaking_on > :today))"
    " OR c.behind OR c.overdue OR c.permits"
    " ORDER BY c.walked LIMIT :limit"
)


@dataclass(frozen=True)
class Candidates:
    """The projects of a place that can be warned yellow or red as of an instant."""

    views: Views
    as_of: AsOf
    rules: WarningRules

    def window(self, place: str, after: int | None, limit: int) -> list[Row]:
        """Up to `limit` of them past a position, in the order registered, each
        with its `FLAGS`."""
        statement, params = self.query(place, after, limit)
        with self.views.board.transaction(write=False) as cursor:
            cursor.execute(statement, params)
            return [dict(row) for row in cursor.fetchall()]

    def query(
        self, place: str, after: int | None, limit: int
    ) -> tuple[str, dict[str, Any]]:
        """The window's statement, rendered for the views' database, and its
        parameters."""
        board, issues, approvals = (
            self.views.board,
            self.views.issues,
            self.views.approvals,
        )
        tables = {
            "board": board.table(),
            "places": board.table("places"),
            "shares": board.table("shares"),
            "issues": issues.table(),
            "deadlines": issues.table("deadlines"),
            "states": issues.table("states"),
            "permits": approvals.table(),
            "permit_states": approvals.table("states"),
        }
        late = CALENDAR_LATE[board.dialect.name]
        statement = board.dialect.render(CANDIDATES, tables, {"calendar_late": late})
        params = self.rules.issue_filters(self.as_of).params() | {
            "place": place,
            "month": self.as_of.month,
            "behind": self.behind(),
            "after": -1 if after is None else after,
            "limit": limit,
        }
        return statement, params

    def behind(self) -> int:
        """The share (in ten-thousandths, as `shares` keeps it) below which a
        project's pace can warn this month: a whole share is below x when it is
        below x rounded up; one more keeps the decimals' rounding on the safe side
        (`colour` decides from the row itself)."""
        pace = max(self.rules.red_pace, self.rules.yellow_pace)
        return math.ceil(pace * elapsed_share(self.as_of) * SCALE) + 1

    def colour(self, row: Row) -> str | None:
        """The colour `assess` gives a candidate (None for neither yellow nor red),
        or `UNSURE` where only its permits can warn it."""
        problems = {"overdue": row["overdue"], "overdue_long": row["overdue_long"]}
        # Blue (not visited, deadlines near) puts no project on these lists.
        colour, _ = assess(row, problems, None, self.as_of, self.rules)
        if colour in (RED, YELLOW):
            return colour
        return UNSURE if row["permits"] else None


def board_row(row: Row) -> Row:
    """A candidate as the board reads it, without what `candidates` added."""
    return {k: v for k, v in row.items() if k not in FLAGS}
