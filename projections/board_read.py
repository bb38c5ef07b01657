"""Reads that combine the board with the ledgers: warnings, lists, rankings."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from projections.board import ProjectFilters
from projections.board_index import SCALE
from projections.board_warned import UNSURE, Candidates, board_row
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.places import indexed
from projections.ranking import RankingWeights, ranked, with_change
from projections.views import Views
from projections.warnings import WarningRules, assess, elapsed_share, investment

SCAN = 500  # projects read at a time when a filter needs every warning computed
WINDOW = 100  # projects read at a time for a list that stops when it is full
WARNED = {"yellow": "yellow", "red": "black"}  # a warning's colour: its list
DEFAULT_WEIGHTS = RankingWeights()
NOTHING = {"response_due": 0, "responded_on_time": 0, "escalated": 0}
NO_PROBLEMS = {"open": 0, "overdue": 0, "overdue_long": 0, "due_soon": 0}


@dataclass(frozen=True)
class Board:
    """The board as of an instant, under the warning rules in force."""

    views: Views
    as_of: AsOf
    rules: WarningRules

    def assessed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Projects with their problems' figures, last visit, investment this year
        and the warning with its reasons."""
        ids = [row["id"] for row in rows]
        filters = self.rules.issue_filters(self.as_of)
        problems = self.views.issues.per_project(ids, filters) if ids else {}
        visits = self.views.visits.last_visits(ids, self.as_of) if ids else {}
        late = self.views.approvals.past_limit(ids, self.as_of.today) if ids else {}
        return [
            self.one(
                row, problems.get(row["id"]), visits.get(row["id"]), late.get(row["id"])
            )
            for row in rows
        ]

    def one(
        self,
        row: dict[str, Any],
        figures: dict[str, Any] | None,
        last: str | None,
        permits_late: int | None = None,
    ) -> dict[str, Any]:
        found = figures or NO_PROBLEMS
        colour, reasons = assess(
            row,
            found,
            last,
            self.as_of,
            self.rules,
            permits_past_limit=permits_late or 0,
        )
        return {
            **row,
            "warning": colour,
            "reasons": reasons,
            "open_problems": found["open"],
            "overdue_problems": found["overdue"],
            "last_visit_at": last,
            "year": investment(row, self.as_of),
        }

    def page(
        self, scope: str, filters: ProjectFilters, warning: str | None, page: Page
    ) -> list[dict[str, Any]]:
        """A page of assessed projects (one more than the limit when more follow);
        `warning` keeps one colour ("none" for projects without a warning)."""
        if warning is None:
            return self.assessed(
                self.views.board.page(scope, filters, page, self.as_of)
            )
        kept: list[dict[str, Any]] = []
        for row in self.scan(scope, filters, page.after):
            if (row["warning"] or "none") == warning:
                kept.append(row)
                if len(kept) > page.limit:
                    break
        return kept

    def scan(
        self,
        scope: str,
        filters: ProjectFilters,
        after: int | None = None,
        size: int = SCAN,
    ) -> Iterator[dict[str, Any]]:
        """Every project of the subtree past a position, assessed, in order, read
        `size` at a time."""
        while True:
            rows = self.views.board.page(scope, filters, Page(after, size), self.as_of)
            yield from self.assessed(rows[:size])
            if len(rows) <= size:
                return
            after = rows[size - 1]["position"]

    def lists(self, scope: str, limit: int) -> dict[str, list[dict[str, Any]]]:
        """红黄黑榜: commended (no warning and investment on pace, best first),
        yellow-warned and red-warned projects (in the order registered), `limit` of
        each. Each list reads until it is full, not every project of the scope."""
        return {"red": self.commended(scope, limit), **self.warned(scope, limit)}

    def warned(self, scope: str, limit: int) -> dict[str, list[dict[str, Any]]]:
        """The first `limit` yellow- and red-warned projects, in the order registered:
        of an indexed place, only those that can be warned (`board_warned`) are read,
        and of those only the ones that make a list, or whose permits decide, are
        assessed."""
        found: dict[str, list[dict[str, Any]]] = {"yellow": [], "black": []}
        if not indexed(scope):
            for row in self.scan(scope, ProjectFilters(), size=WINDOW):
                placed(found, row, limit)
                if all(len(rows) >= limit for rows in found.values()):
                    break
            return found
        candidates = Candidates(self.views, self.as_of, self.rules)
        after: int | None = None
        while any(len(rows) < limit for rows in found.values()):
            room = {colour: limit - len(rows) for colour, rows in found.items()}
            window = candidates.window(scope, after, WINDOW)
            wanted = []
            for row in window:
                colour = candidates.colour(row)
                kept = WARNED.get(colour or "")
                if kept is not None and room[kept] > 0:
                    room[kept] -= 1
                elif colour != UNSURE:
                    continue
                wanted.append(board_row(row))
            for row in self.assessed(wanted):
                placed(found, row, limit)
            if len(window) < WINDOW:
                break
            after = window[-1]["position"]
        return found

    def commended(self, scope: str, limit: int) -> list[dict[str, Any]]:
        """Projects with no warning whose year's completed share is at least the
        year's elapsed share, best share first: read from the board's index of
        shares, best first, until `limit` are found or the shares fall behind."""
        pace = elapsed_share(self.as_of)
        if not indexed(scope):
            rows = [
                row for row in self.scan(scope, ProjectFilters()) if on_pace(row, pace)
            ]
            rows.sort(key=lambda row: (-row["year"].share, row["position"]))
            return rows[:limit]
        found: list[dict[str, Any]] = []
        after: tuple[int, int] | None = None
        while len(found) < limit:
            window = self.views.board.best(scope, self.as_of.month, after, WINDOW)
            ahead = [row for row in window if Decimal(row["best"]) / SCALE >= pace]
            then = self.visited(
                [
                    {k: v for k, v in row.items() if k != "best"}
                    for row in ahead
                    if row["registered_at"] <= self.as_of.stamp
                ]
            )
            found += [row for row in self.assessed(then) if on_pace(row, pace)]
            if len(ahead) < WINDOW:
                break
            after = (window[-1]["best"], window[-1]["position"])
        return found[:limit]

    def visited(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The projects visited this month: one not is warned blue, so is no
        candidate for the red list, and is not assessed."""
        ids = [row["id"] for row in rows]
        last = self.views.visits.last_visits(ids, self.as_of) if ids else {}
        start = self.as_of.month_start
        return [row for row in rows if (last.get(row["id"]) or "") >= start]


def placed(
    found: dict[str, list[dict[str, Any]]], row: dict[str, Any], limit: int
) -> None:
    """An assessed project onto the list of its warning, if that list has room."""
    kept = found.get(WARNED.get(row["warning"], ""))
    if kept is not None and len(kept) < limit:
        kept.append(row)


def on_pace(row: dict[str, Any], pace: Decimal) -> bool:
    """An assessed project the red list commends: no warning, its year on pace."""
    share = row["year"].share
    return row["warning"] is None and share is not None and share >= pace


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter (1 to 4)."""
    return date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - timedelta(days=1)


def departments(
    views: Views,
    scope: str,
    filters: IssueFilters,
    weights: RankingWeights = DEFAULT_WEIGHTS,
) -> list[dict[str, Any]]:
    """Departments scored and ranked (考核, see `projections.ranking`)."""
    summary = views.issues.summary(scope, "department", filters)
    extra = views.issues.ranking_figures(scope, filters)
    rows = [row | extra.get(row["group"], NOTHING) for row in summary if row["group"]]
    return ranked(rows, weights)


def against(
    views: Views,
    scope: str,
    now: IssueFilters,
    before: IssueFilters,
    weights: RankingWeights = DEFAULT_WEIGHTS,
) -> list[dict[str, Any]]:
    """Departments ranked as of `now`, each with its rank as of `before` and how
    far it moved (the console's and the monthly report's 「排名变化」)."""
    earlier = departments(views, scope, before, weights)
    ranks = {row["group"]: row["rank"] for row in earlier}
    return with_change(departments(views, scope, now, weights), ranks)


def period_before(filters: IssueFilters) -> IssueFilters | None:
    """The same number of months just before the months asked, as of their end
    (None unless both ends were asked)."""
    if filters.month_from is None or filters.month_to is None:
        return None
    first, last = month_index(filters.month_from), month_index(filters.month_to)
    if last < first or first - (last - first) <= 12:  # none before the year 1
        return None
    before_last = first - 1
    before_first = before_last - (last - first)
    end = AsOf.end_of(month_last_day(before_last))
    when = end if end.moment < filters.as_of.moment else filters.as_of
    return replace(
        filters,
        as_of=when,
        month_from=month_name(before_first),
        month_to=month_name(before_last),
    )


def month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_name(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def month_last_day(index: int) -> date:
    following = index + 1
    return date(following // 12, following % 12 + 1, 1) - timedelta(days=1)


def disclosure(row: dict[str, Any], as_of: AsOf) -> dict[str, Any]:
    """A project as the public disclosure table (亮屏公开) shows it."""
    year = investment(row, as_of)
    started = row["groundbreaking_on"] or row["planned_start"]
    finished = row["completion_on"] or row["planned_finish"]
    return {
        "name": row["name"],
        "jurisdiction": row["jurisdiction"],
        "start_year": int(started[:4]),
        "end_year": int(finished[:4]),
        "location": row["location"],
        "stage": row["stage"],
        "total_investment": row["total_investment"],
        "planned_this_year": year.planned,
        "completed_this_year": year.completed,
        "completed_share": year.share,
    }
