"""`siteledger migrate`: the tables the stores need, created where they are missing."""

import click

from api.migrate import create_tables
from api.settings import Settings


@click.command("migrate")
def migrate_command() -> None:
    """Create the event store's, the views' and the credentials' tables where they
    are missing (servers run with SITELEDGER_CREATE_TABLES=n). Safe to run again;
    nothing is ever dropped. On Lambda the `migrate` function does the same."""
    settings: Settings = click.get_current_context().obj
    for name in create_tables(settings):
        click.echo(f"in place: {name}")
