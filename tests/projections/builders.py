"""Commands and look-ups the view tests share."""

from datetime import date, timedelta
from uuid import UUID, uuid4

from domain.app import SiteLedger
from domain.commands.base import Command
from domain.commands.issue import RaiseIssue
from domain.model.issue import Category, Severity, Source
from projections import CatalogRow, Views
from tests.factories import County, meta

DUE = date.today() + timedelta(days=60)  # a deadline is never before its assignment


def run(app: SiteLedger, *commands: Command) -> None:
    for command in commands:
        app.execute(command, meta())


def raise_issue(
    app: SiteLedger,
    county: County,
    description: str = "项目用地指标未落实",
    severity: Severity = Severity.HIGH,
) -> UUID:
    issue_id = uuid4()
    run(
        app,
        RaiseIssue(
            issue_id=issue_id,
            source=Source.HOTLINE,
            category=Category.LAND,
            severity=severity,
            description=description,
            project_id=county.project_id,
        ),
    )
    return issue_id


def one(views: Views, aggregate_id: UUID) -> CatalogRow:
    row = views.catalog.get(aggregate_id)
    assert row is not None
    return row


def ids(views: Views, kind: str, scope: str = "", **filters: str) -> set[UUID]:
    rows, _ = views.catalog.list(kind, scope, filters, None, 1000)
    return {row.id for row in rows}
