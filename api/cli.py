"""The `siteledger` command: the demo county, any aggregate's history and state."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import click
from eventsourcing.domain import Aggregate

from api.records import aggregate_record, event_record
from api.settings import Settings
from domain.app import SiteLedger
from domain.errors import DomainError


@click.group()
@click.pass_context
def main(context: click.Context) -> None:
    """siteledger: field inspections and the closed loop of enterprises' problems."""
    context.obj = Settings.from_env()


@contextmanager
def ledger() -> Iterator[SiteLedger]:
    settings: Settings = click.get_current_context().obj
    try:
        with settings.open_ledger() as app:
            yield app
    except DomainError as error:
        raise click.ClickException(str(error)) from None


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@main.command()
@click.option(
    "--seed", default=2026, show_default=True, help="Seed of the generated county."
)
def demo(seed: int) -> None:
    """Load a realistic county through the service layer (skipped if data exists)."""
    from api.demo import load_demo

    with ledger() as app:
        if app.notification_count():
            click.echo(
                f"The store holds {app.notification_count()} events; not loading."
            )
            return
        summary = load_demo(app, seed)
    for line in summary:
        click.echo(line)


@main.command()
@click.argument("aggregate_id", type=click.UUID)
def history(aggregate_id: UUID) -> None:
    """Print the timeline of a project, enterprise, officer, visit or problem."""
    with ledger() as app:
        for event in app.history(aggregate_id):
            record = event_record(event)
            click.echo(
                f"v{record['version']:<4} {record['recorded_at']} {record['event']:<28}"
                f" by {record['actor_id']} on {record['device_id']}"
                f" (device {record['device_time']})"
            )
            click.echo(f"      {json.dumps(record['data'], ensure_ascii=False)}")


@main.command()
@click.argument("aggregate_id", type=click.UUID)
@click.option(
    "--as-of", "as_of", help="An instant with its offset, e.g. 2026-05-01T09:00+08:00."
)
@click.option(
    "--version", type=click.IntRange(min=1), help="A version of the aggregate."
)
def show(aggregate_id: UUID, as_of: str | None, version: int | None) -> None:
    """Print an aggregate's state now, as of an instant, or as of a version."""
    if as_of and version:
        raise click.UsageError("give --as-of or --version, not both")
    with ledger() as app:
        if as_of:
            aggregate = app.load_as_of(Aggregate, aggregate_id, parse_instant(as_of))
        else:
            aggregate = app.load(Aggregate, aggregate_id, version=version)
        echo_json(aggregate_record(aggregate))


def parse_instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 instant") from None
    if instant.utcoffset() is None:
        raise click.BadParameter("an instant needs its UTC offset, e.g. +08:00")
    return instant
