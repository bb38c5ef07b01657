"""`siteledger import hotline FILE`: a 12345 export's tickets raised as problems, each
ticket once however often the file is imported."""

from dataclasses import dataclass, field
from pathlib import Path

import click

from api.cli import hotline
from api.cli.args import cli_meta
from api.settings import Settings
from domain.app import SiteLedger, Submission
from domain.commands.issue import RaiseIssue
from domain.errors import AlreadyExists, DomainError
from domain.values import jurisdiction

CHUNK = 200  # tickets per transaction


@dataclass
class Report:
    """What an import did: problems raised, tickets there already, rows refused."""

    created: int = 0
    present: int = 0
    refused: list[hotline.Refused] = field(default_factory=list)

    def lines(self, name: str, rows: int) -> list[str]:
        head = (
            f"{name}: {rows} tickets; {self.created} problems raised,"
            f" {self.present} imported before, {len(self.refused)} refused"
        )
        told = sorted(self.refused, key=lambda r: r.line)
        return [head, *(f"  line {r.line}: {r.reason}" for r in told)]


def commands(
    rows: list[hotline.Row], place: str, report: Report
) -> list[tuple[int, RaiseIssue]]:
    """The rows' problems, each ticket number once; the others refused."""
    made: list[tuple[int, RaiseIssue]] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            raised = hotline.command(row, place)
        except DomainError as error:
            report.refused.append(hotline.Refused(row.line, str(error)))
            continue
        number = raised.ticket.number if raised.ticket else ""
        if number in seen:
            reason = f"ticket {number} is on line {seen[number]} already"
            report.refused.append(hotline.Refused(row.line, reason))
            continue
        seen[number] = row.line
        made.append((row.line, raised))
    return made


def import_tickets(
    app: SiteLedger, rows: list[hotline.Row], place: str, device: str
) -> Report:
    """Raises each row's problem with its ticket's claim, a chunk of rows a
    transaction; a ticket claimed before is counted, not raised again."""
    report = Report()
    made = commands(rows, jurisdiction(place), report)
    for start in range(0, len(made), CHUNK):
        chunk = made[start : start + CHUNK]
        submissions = [Submission(raised, cli_meta(device)) for _, raised in chunk]
        for (line, _), result in zip(
            chunk, app.execute_batch(submissions), strict=True
        ):
            if isinstance(result, AlreadyExists):
                report.present += 1
            elif isinstance(result, DomainError):
                report.refused.append(hotline.Refused(line, str(result)))
            else:
                report.created += 1
    return report


@click.group("import")
def import_group() -> None:
    """Bring in what another system exported."""


@import_group.command("hotline")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--jurisdiction",
    "place",
    required=True,
    help="The county (or township) the tickets are for, e.g. 610502.",
)
def hotline_command(file: Path, place: str) -> None:
    """Raise a problem for each ticket of a 12345 export (CSV or XLSX).

    A ticket imported before is not raised again; a row that cannot be raised is
    refused with its line and reason, and the others are raised (exit status 1
    if any was refused). Columns: docs/warnings.md.
    """
    settings: Settings = click.get_current_context().obj
    try:
        rows = hotline.read(file)
        jurisdiction(place)
    except (hotline.Unreadable, DomainError) as error:
        raise click.ClickException(f"{file.name}: {error}; nothing imported") from None
    with settings.open_ledger() as app:
        report = import_tickets(app, rows, place, f"12345 import {file.name}"[:128])
    for line in report.lines(file.name, len(rows)):
        click.echo(line)
    if report.refused:
        raise SystemExit(1)
