"""The `siteledger` command: the demo county, any aggregate's history and state."""

import json
from datetime import datetime
from typing import Any
from uuid import UUID

import click
from eventsourcing.domain import Aggregate

from api.cli.args import instant, ledger
from api.cli.assess import assess_command
from api.cli.audit import audit
from api.cli.departments import departments
from api.cli.evidence import evidence
from api.cli.export import export_command
from api.cli.failures import Jobs
from api.cli.imports import import_group
from api.cli.migrate import migrate_command
from api.cli.report import report_command
from api.cli.serve import serve_command
from api.cli.users import token, users, welcome
from api.cli.views import sweep_command, views
from api.places_register import places
from api.readings import with_actor_names
from api.records import aggregate_record, event_record
from api.settings import Settings
from projections import open_views


@click.group(cls=Jobs)
@click.option("--debug", is_flag=True, help="Show a failure's traceback.")
@click.pass_context
def main(context: click.Context, *, debug: bool) -> None:
    """siteledger: field inspections and the closed loop of enterprises' problems."""
    context.obj = Settings.from_env()


main.add_command(views)
main.add_command(sweep_command)
main.add_command(export_command)
main.add_command(report_command)
main.add_command(evidence)
main.add_command(migrate_command)
main.add_command(serve_command)
main.add_command(audit)
main.add_command(places)
main.add_command(assess_command)
main.add_command(import_group)
main.add_command(departments)
main.add_command(users)
main.add_command(token)
main.add_command(welcome)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@main.command()
@click.option(
    "--seed", default=2026, show_default=True, help="Seed of the generated county."
)
@click.option(
    "--past/--no-past",
    default=True,
    show_default=True,
    help="Also a year of the county's work before today, each event at its time.",
)
def demo(seed: int, past: bool) -> None:
    """Load a realistic county through the service layer (skipped if data exists)."""
    from api.demo.history import load_demo_with_past

    with ledger() as app:
        if app.notification_count():
            click.echo(
                f"The store holds {app.notification_count()} events; not loading."
            )
            return
        summary = load_demo_with_past(app, seed, past=past)
    for line in summary:
        click.echo(line)


@main.command()
@click.argument("aggregate_id", type=click.UUID)
def history(aggregate_id: UUID) -> None:
    """Print the timeline of a project, enterprise, officer, visit or problem."""
    settings: Settings = click.get_current_context().obj
    with ledger() as app, open_views(settings.store_env()) as views:
        views.catch_up(app)
        records = [event_record(event) for event in app.history(aggregate_id)]
        for record in with_actor_names(views, records):
            actor = record["actor_name"] or record["actor_id"]
            click.echo(
                f"v{record['version']:<4} {record['recorded_at'].isoformat()} {record['event']:<28}"
                f" by {actor} on {record['device_id']}"
                f" (device {record['device_time'].isoformat()})"
            )
            click.echo(f"      {json.dumps(record['data'], ensure_ascii=False)}")


@main.command()
@click.argument("aggregate_id", type=click.UUID)
@click.option(
    "--as-of",
    "as_of",
    callback=instant,
    help="An instant with its offset, e.g. 2026-05-01T09:00+08:00.",
)
@click.option(
    "--version", type=click.IntRange(min=1), help="A version of the aggregate."
)
def show(aggregate_id: UUID, as_of: datetime | None, version: int | None) -> None:
    """Print an aggregate's state now, as of an instant, or as of a version."""
    if as_of and version:
        raise click.UsageError("give --as-of or --version, not both")
    with ledger() as app:
        if as_of:
            aggregate = app.load_as_of(Aggregate, aggregate_id, as_of)
        else:
            aggregate = app.load(Aggregate, aggregate_id, version=version)
        echo_json(aggregate_record(aggregate))


# Accounts ---------------------------------------------------------------------------
