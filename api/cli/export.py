"""`siteledger export`: the ledgers, the board and the disclosure table as files."""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from api import approval_readings, meetings, readings, tables
from api.approval_tables import EVALUATION, FIGURES, GROUPS, PERMITS, WORKLOAD
from api.cli.args import instant
from api.exports import Caption, export_chunks
from api.meeting_tables import RHYTHM, TASKS
from api.settings import Settings
from domain.workdays import CalendarUnknown
from projections import Views, open_views
from projections.approval_sql import ApprovalFilters
from projections.board import ProjectFilters
from projections.board_read import Board, departments
from projections.dates import AsOf
from projections.meetings import TaskFilters
from projections.place_register import place_names
from projections.visit_ledger import VisitFilters

Rows = Iterable[dict[str, Any]]


def issues(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters = board.rules.issue_filters(board.as_of)
    return readings.each(lambda p: readings.issues(views, scope, filters, p))


def issue_summary(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    return views.issues.summary(scope, group_by, board.rules.issue_filters(board.as_of))


def visits(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters = VisitFilters(board.as_of)
    return readings.each(lambda p: readings.visits(views, scope, filters, p))


def visit_summary(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    return readings.visit_summary(views, scope, group_by, VisitFilters(board.as_of))


def projects(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters, settings = ProjectFilters(), click.get_current_context().obj
    steering = {
        "cadence": settings.cadence(),
        "assessment": settings.assessment_rules(),
    }
    return readings.each(
        lambda p: readings.projects(board, scope, filters, None, p, **steering)
    )


def ranked(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    settings: Settings = click.get_current_context().obj
    filters = board.rules.issue_filters(board.as_of)
    return departments(views, scope, filters, settings.ranking_weights())


def disclosure(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    return readings.disclosed(board, scope, ProjectFilters())


def approvals(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters = ApprovalFilters(board.as_of.today)
    return readings.every(lambda p: approval_readings.permits(views, scope, filters, p))


def approval_summary(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters = ApprovalFilters(board.as_of.today)
    return approval_readings.summary(views, scope, group_by, filters)


def approval_agents(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    return approval_readings.workload(views, scope, ApprovalFilters(board.as_of.today))


def evaluation(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    filters = ApprovalFilters(board.as_of.today)
    return approval_readings.evaluation(views, scope, filters)


def tasks(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    settings: Settings = click.get_current_context().obj
    kinds, filters = settings.meeting_rhythm(), TaskFilters(board.as_of)
    return readings.each(lambda p: meetings.tasks(views, scope, filters, p, kinds))


def rhythm(views: Views, board: Board, scope: str, group_by: str) -> Rows:
    settings: Settings = click.get_current_context().obj
    return meetings.rhythm(views, scope, board.as_of, settings.meeting_rhythm())


Read = Callable[[Views, Board, str, str], Rows]
KINDS: dict[str, tuple[Read, Callable[[str], tuple[tables.Column, ...]]]] = {
    "issues": (issues, lambda _: tables.ISSUES),
    "issue-summary": (
        issue_summary,
        lambda g: tables.grouped(g, tables.ISSUE_FIGURES),
    ),
    "visits": (visits, lambda _: tables.VISITS),
    "visit-summary": (
        visit_summary,
        lambda g: tables.grouped(g, tables.VISIT_FIGURES),
    ),
    "board": (projects, lambda _: tables.BOARD),
    "departments": (ranked, lambda _: tables.DEPARTMENTS),
    "disclosure": (disclosure, lambda _: tables.DISCLOSURE),
    "approvals": (approvals, lambda _: PERMITS),
    "approval-summary": (approval_summary, lambda _: (GROUPS, *FIGURES)),
    "approval-agents": (approval_agents, lambda _: WORKLOAD),
    "approval-evaluation": (evaluation, lambda _: EVALUATION),
    "tasks": (tasks, lambda _: TASKS),
    "meeting-rhythm": (rhythm, lambda _: RHYTHM),
}


@click.command("export")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="xlsx",
    show_default=True,
)
@click.option(
    "--lang", type=click.Choice(tables.LANGUAGES), default="zh", show_default=True
)
@click.option(
    "--as-of",
    "as_of",
    callback=instant,
    help="An instant with its offset (default: now).",
)
@click.option(
    "--jurisdiction", default="", help="A subtree, e.g. 610502 (default: all)."
)
@click.option(
    "--group-by",
    "group_by",
    default="department",
    show_default=True,
    help="Of a summary.",
)
def export_command(
    *,
    kind: str,
    out: Path,
    fmt: str,
    lang: str,
    as_of: datetime | None,
    jurisdiction: str,
    group_by: str,
) -> None:
    """Write a ledger, a summary, the board, the disclosure table, the approvals
    ledger (its permits, a summary, agents' workload, the evaluation) or the
    meetings' tasks (任务交办单) and rhythm as CSV or XLSX."""
    settings: Settings = click.get_current_context().obj
    when = AsOf.of(as_of)
    read, columns = KINDS[kind]
    with settings.open_ledger() as app, open_views(settings.store_env()) as views:
        views.catch_up(app)
        board = Board(views, when, settings.warning_rules())
        try:
            rows = read(views, board, jurisdiction, group_by)
            chosen = columns(group_by)
        except (ValueError, KeyError, CalendarUnknown) as error:
            raise click.ClickException(str(error)) from None
        places = place_names(views.catalog, jurisdiction)
        caption = Caption(jurisdiction, when.moment, places)
        written = [0]
        pieces = export_chunks(
            fmt, kind, chosen, counted(rows, written), lang, caption=caption
        )
        with out.open("wb") as file:  # written as it is made: every row, flat memory
            file.writelines(pieces)
    click.echo(f"{written[0]} rows written to {out}")


def counted(rows: Rows, seen: list[int]) -> Iterator[dict[str, Any]]:
    for row in rows:
        seen[0] += 1
        yield row
