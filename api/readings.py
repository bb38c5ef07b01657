"""The ledgers' and the board's rows as the API and exports show them: names looked
up, figures that depend on as_of worked out, pages cut."""

from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any

from api.assess import Rules, with_assessments
from projections import Views, people
from projections.assessment import AssessmentRules
from projections.board import ProjectFilters
from projections.board_read import Board, disclosure
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.people import Cadence, with_people
from projections.place_register import names_of
from projections.visit_ledger import VisitFilters
from projections.warnings import Reason

Row = dict[str, Any]
Paged = tuple[list[Row], int | None]
EXPORT_PAGE = 250  # rows read at a time for a file (every row is, however many)
MILESTONES = ("signed", "groundbreaking", "completion", "production")


def cut(rows: list[Row], page: Page) -> Paged:
    """The page and the position the next one starts after (None on the last)."""
    more = len(rows) > page.limit
    kept = rows[: page.limit]
    return kept, kept[-1]["position"] if more and kept else None


def every(read: Callable[[Page], Paged]) -> list[Row]:
    """Every row a paged read gives, in a list (for pages that show them all)."""
    return list(each(read))


def each(read: Callable[[Page], Paged]) -> Iterator[Row]:
    """Every row a paged read gives, a page at a time as they are wanted. The first
    page is read at once, so a read refused (a bad filter, an unknown calendar) is
    refused before a file is begun."""
    rows, after = read(Page(None, EXPORT_PAGE))
    return chain(rows, following(read, after))


def following(read: Callable[[Page], Paged], after: int | None) -> Iterator[Row]:
    while after is not None:
        rows, after = read(Page(after, EXPORT_PAGE))
        yield from rows


def issues(views: Views, scope: str, filters: IssueFilters, page: Page) -> Paged:
    rows, after = cut(views.issues.page(scope, filters, page), page)
    ids = [r[k] for r in rows for k in ("project_id", "enterprise_id") if r[k]]
    names = views.issues.names(ids) if ids else {}
    for row in rows:
        row["project_name"] = names.get(row["project_id"])
        row["enterprise_name"] = names.get(row["enterprise_id"])
    return rows, after


def visits(views: Views, scope: str, filters: VisitFilters, page: Page) -> Paged:
    rows, after = cut(views.visits.page(scope, filters, page), page)
    for row in rows:
        row["officer_ids"] = row["officer_ids"].split(",")
    ids = [o for r in rows for o in r["officer_ids"]]
    ids += [r[k] for r in rows for k in ("project_id", "enterprise_id") if r[k]]
    names = views.visits.names(ids) if ids else {}
    for row in rows:
        place = row["project_id"] or row["enterprise_id"]
        row["place_name"] = names.get(place)
        row["officer_names"] = "、".join(names.get(o, o) for o in row["officer_ids"])
        del row["answers"]
    return rows, after


def visit_summary(
    views: Views, scope: str, group_by: str, filters: VisitFilters
) -> list[Row]:
    rows = views.visits.summary(scope, group_by, filters)
    if group_by in ("officer", "enterprise", "project"):
        names = views.visits.names([row["group"] for row in rows if row["group"]])
        for row in rows:
            row["group_name"] = names.get(row["group"], row["group"])
    return rows


def unvisited(views: Views, scope: str, kind: str, as_of: AsOf, page: Page) -> Paged:
    return cut(views.visits.unvisited(scope, kind, as_of, page), page)


def projects(
    board: Board,
    scope: str,
    filters: ProjectFilters,
    warning: str | None,
    page: Page,
    *,
    cadence: Cadence | None = None,
    assessment: AssessmentRules | None = None,
) -> Paged:
    """A page of the board, with who steers each project and their visits, the
    nodes late, the last monthly assessment and this month's preview."""
    rows, after = cut(board.page(scope, filters, warning, page), page)
    rows = with_people(board.views, rows, board.as_of, cadence or Cadence())
    rules = Rules(assessment or AssessmentRules(), board.rules)
    rows = with_assessments(board.views, rows, board.as_of, rules)
    rows = with_place_names(board.views, rows)
    return [project(row) for row in with_nodes(board.views, rows, board.as_of)], after


def with_place_names(views: Views, rows: list[Row]) -> list[Row]:
    """Rows with their jurisdiction's names from the register (None where none)."""
    names = names_of(views.catalog, [row["jurisdiction"] for row in rows])
    for row in rows:
        found = names.get(row["jurisdiction"])
        row["jurisdiction_name"] = found.zh if found else None
        row["jurisdiction_name_en"] = found.en if found else None
    return rows


def with_nodes(views: Views, rows: list[Row], as_of: AsOf) -> list[Row]:
    """Board rows with the nodes late as of the day, and by how many days."""
    found = views.progress.of([row["id"] for row in rows], as_of)
    for row in rows:
        nodes = found.get(row["id"], [])
        row["late_nodes"] = [
            {"node": n.node, "days_late": n.days_late} for n in nodes if n.late
        ]
    return rows


def project(row: Row) -> Row:
    """A board row: investment this year flattened, milestones and stewards as
    they read, the warning with its reasons."""
    year = row.pop("year")
    row |= {
        "planned_this_year": year.planned,
        "completed_this_year": year.completed,
        "completed_share": year.share,
        "cumulative_investment": year.cumulative,
        "year": year.year,
        "suspended": bool(row["suspended"]),
        "stewards": [s for s in row["stewards"].split(",") if s],
        "milestones": {m: row[f"{m}_on"] for m in MILESTONES if row[f"{m}_on"]},
        **flat_assessments(row),
    }
    for name in ("investment", "annual_plans"):
        del row[name]
    return row


def coverage(
    views: Views, scope: str, role: str, as_of: AsOf, cadence: Cadence
) -> list[Row]:
    """Each steward's (or leader's) projects in the subtree, and those visited as
    often as the rule asks in the period of as_of."""

    def read(page: Page) -> Paged:
        return cut(views.board.page(scope, ProjectFilters(), page, as_of), page)

    return people.coverage(views, each(read), as_of, cadence, role)


def flat_assessments(row: Row) -> Row:
    """The last assessment and the preview as an export's columns show them."""
    last, preview = row.get("assessment"), row.get("assessment_preview")
    return {
        "assessed_month": last and last["month"],
        "assessed_colour": last and last["colour"],
        "assessed_reasons": [Reason(**r) for r in last["reasons"]] if last else None,
        "preview_colour": preview and preview["colour"],
    }


def disclosed(board: Board, scope: str, filters: ProjectFilters) -> list[Row]:
    """The public disclosure table (亮屏公开) of every project in the subtree."""
    projects = board.views.board

    def read(page: Page) -> Paged:
        return cut(projects.page(scope, filters, page, board.as_of), page)

    rows = [disclosure(row, board.as_of) for row in every(read)]
    return with_place_names(board.views, rows)


def with_actor_names(views: Views, records: list[Row]) -> list[Row]:
    """History records, each with its actor's name (None for the service's own)."""
    ids = sorted({str(record["actor_id"]) for record in records})
    names = views.visits.names(ids) if ids else {}
    for record in records:
        record["actor_name"] = names.get(str(record["actor_id"]))
    return records
