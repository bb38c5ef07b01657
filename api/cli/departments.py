"""`siteledger departments map`: problems and handlers recorded under a department's
name before departments were registered, matched to the registered department of
that name or alias; what finds none is listed, with how many and which."""

import sys
from collections import Counter
from datetime import UTC, datetime
from uuid import uuid4

import click

from api.settings import Settings
from domain.app import SiteLedger, Submission
from domain.commands.base import Command, Unit
from domain.commands.department import RegisterDepartment, maybe_named
from domain.commands.matching import MatchIssueDepartment
from domain.commands.officer import AssignDepartment
from domain.errors import DomainError
from domain.model.department import Department
from domain.values import OPERATOR, Meta
from projections import open_views
from projections.unmatched import Unmatched, unmatched

BATCH = 500
SHOWN = 5  # ids shown of a name not matched


@click.group()
def departments() -> None:
    """Departments: match the names recorded before they were registered."""


@departments.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--jurisdiction", required=True, help="Administrative code, e.g. 610502.")
@click.option("--alias", "aliases", multiple=True, help="Another name it is known by.")
def add_department(
    *, code: str, name: str, jurisdiction: str, aliases: tuple[str, ...]
) -> None:
    """Register a department (as an admin does with POST /departments)."""
    settings: Settings = click.get_current_context().obj
    register = RegisterDepartment(
        department_id=uuid4(),
        jurisdiction=jurisdiction,
        code=code,
        name=name,
        aliases=aliases,
    )
    with settings.open_ledger() as app:
        try:
            app.execute(register, operator())
        except DomainError as refused:
            raise click.ClickException(str(refused)) from None
    click.echo(f"Registered {name} as department {register.department_id}.")


@departments.command("map")
@click.option(
    "--dry-run", is_flag=True, help="Report what would be matched; write nothing."
)
def map_command(*, dry_run: bool) -> None:
    """Match each problem's and handler's department name to the registered
    department of that name or alias (nearest their jurisdiction, from it up);
    exit 1 if any is left unmatched."""
    settings: Settings = click.get_current_context().obj
    with settings.open_ledger() as app, open_views(settings.store_env()) as views:
        views.catch_up(app)
        found = unmatched(views)
        unit = Unit(app.repository)
        plan = [
            (each, maybe_named(unit, each.jurisdiction, each.department))
            for each in found
        ]
        matched = [(each, to) for each, to in plan if to is not None]
        left = [each for each, to in plan if to is None]
        refused = [] if dry_run else write(app, matched)
    report(matched, left, refused, dry_run)
    if left or refused:
        sys.exit(1)


def write(
    app: SiteLedger, matched: list[tuple[Unmatched, Department]]
) -> list[tuple[Unmatched, DomainError]]:
    """Sends the matches, a batch at a time; answers those refused, with why."""
    refused = []
    for start in range(0, len(matched), BATCH):
        chunk = matched[start : start + BATCH]
        results = app.execute_batch(
            [Submission(command_for(each, to), operator()) for each, to in chunk]
        )
        refused += [
            (each, result)
            for (each, _), result in zip(chunk, results, strict=True)
            if isinstance(result, DomainError)
        ]
    return refused


def command_for(each: Unmatched, to: Department) -> Command:
    if each.kind == "issue":
        return MatchIssueDepartment(issue_id=each.id)
    return AssignDepartment(officer_id=each.id, department_id=to.id)


def operator() -> Meta:
    return Meta(OPERATOR, uuid4(), "cli", datetime.now(UTC).astimezone())


def report(
    matched: list[tuple[Unmatched, Department]],
    left: list[Unmatched],
    refused: list[tuple[Unmatched, DomainError]],
    dry_run: bool,
) -> None:
    verb = "would match" if dry_run else "matched"
    counts = Counter(
        (each.kind, each.department, to.name, to.code) for each, to in matched
    )
    for (kind, name, to, code), n in sorted(counts.items()):
        click.echo(f"{verb} {n} {kind}(s) of {name} to {to} ({code})")
    unknown = Counter((each.jurisdiction, each.department) for each in left)
    for (place, name), n in sorted(unknown.items()):
        ids = [
            str(e.id) for e in left if (e.jurisdiction, e.department) == (place, name)
        ]
        shown = ", ".join(ids[:SHOWN]) + (" …" if len(ids) > SHOWN else "")
        click.echo(f"not matched: {name} in {place}, {n} of them: {shown}")
    for each, why in refused:
        click.echo(f"refused: {each.kind} {each.id} ({each.department}): {why}")
    click.echo(
        f"{len(matched) - len(refused)} {verb}, {len(left)} not matched"
        + (f", {len(refused)} refused" if refused else "")
    )
