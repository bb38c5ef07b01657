"""The monthly 通报: the month's figures as of its last moment, gathered through the
same reads as the ledgers and the board, then laid out as a PDF (api/report_pdf)."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from api import readings
from api.tables import reason_text
from projections import Views
from projections.board import ProjectFilters
from projections.board_read import Board, against
from projections.dates import AsOf
from projections.issue_sql import IssueFilters
from projections.place_register import PlaceName, place_names
from projections.ranking import RankingWeights
from projections.warnings import WarningRules

MONTHS_CHARTED = 6


@dataclass(frozen=True)
class MonthlyFigures:
    """What one month's report says, every figure as of the month's end."""

    scope: str
    month: str
    as_of: AsOf
    month_row: dict[str, Any]  # the problems received this month
    total_row: dict[str, Any]  # every problem received by the month's end
    warnings: dict[str, list[dict[str, Any]]]  # red, yellow, blue
    ranking: list[dict[str, Any]]  # departments, with the change on last month
    months: list[dict[str, Any]]  # the last months' figures, for the chart
    overdue: list[dict[str, Any]]  # problems overdue at the month's end
    places: dict[str, PlaceName]  # the register's names of the subtree's places

    def place(self, code: str) -> str:
        """A jurisdiction as the report names it: its code and its name."""
        found = self.places.get(code)
        return f"{code} {found.zh}" if found else code


def month_end(month: str) -> AsOf:
    year, number = (int(part) for part in month.split("-"))
    first_next = date(year + number // 12, number % 12 + 1, 1)
    return AsOf.end_of(first_next - timedelta(days=1))


def previous(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"


def gather(
    views: Views, rules: WarningRules, scope: str, month: str, weights: RankingWeights
) -> MonthlyFigures:
    at = month_end(month)

    def filters(when: AsOf, **terms: Any) -> IssueFilters:
        return rules.issue_filters(when, **terms)

    month_rows = views.issues.summary(
        scope, "month", filters(at, month_from=month, month_to=month)
    )
    totals = views.issues.summary(scope, "month", filters(at))
    overdue = readings.every(
        partial(readings.issues, views, scope, filters(at, overdue=True))
    )
    return MonthlyFigures(
        scope=scope,
        month=month,
        as_of=at,
        month_row=month_rows[0] if month_rows else empty_figures(),
        total_row=merged(totals),
        warnings=warned(Board(views, at, rules), scope),
        ranking=ranking(views, rules, scope, month, weights),
        months=charted(views, rules, scope, month),
        overdue=overdue,
        places=place_names(views.catalog, scope),
    )


def empty_figures() -> dict[str, Any]:
    keys = ("received", "resolved", "resolved_on_time", "open", "overdue", "rated")
    return dict.fromkeys(keys, 0) | {"on_time_rate": None, "satisfaction_rate": None}


def merged(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One row of figures from several groups' counts (rates left to the ledger)."""
    total = empty_figures()
    for row in rows:
        for key in ("received", "resolved", "open", "overdue"):
            total[key] += row[key]
    return total


def warned(board: Board, scope: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {"red": [], "yellow": [], "blue": []}
    for row in board.scan(scope, ProjectFilters()):
        if row["warning"]:
            row["reason_text"] = "；".join(reason_text(r, "zh") for r in row["reasons"])
            found[row["warning"]].append(row)
    return found


def ranking(
    views: Views, rules: WarningRules, scope: str, month: str, weights: RankingWeights
) -> list[dict[str, Any]]:
    """Departments ranked as of the month's end, with the change on last month's."""
    now = rules.issue_filters(month_end(month))
    before = rules.issue_filters(month_end(previous(month)))
    return against(views, scope, now, before, weights)


def charted(
    views: Views, rules: WarningRules, scope: str, month: str
) -> list[dict[str, Any]]:
    """The figures of the months charted, up to this one, as of its end."""
    first = month
    for _ in range(MONTHS_CHARTED - 1):
        first = previous(first)
    filters = rules.issue_filters(month_end(month), month_from=first, month_to=month)
    return views.issues.summary(scope, "month", filters)


def monthly_report(
    views: Views, rules: WarningRules, scope: str, month: str, weights: RankingWeights
) -> bytes:
    """The month's 通报 as PDF bytes."""
    from api.report_pdf import render  # fpdf2 loads only for a report

    return render(gather(views, rules, scope, month, weights))
