"""`siteledger assess`: the month's 三色预警 recorded as events (docs/warnings.md)."""

import click

from api.assess import record_month, rules_of
from api.cli.views import opened
from api.settings import Settings
from domain.errors import DomainError


@click.command("assess")
@click.option("--month", required=True, help="A month that is over, e.g. 2026-11.")
@click.option(
    "--jurisdiction", default="", help="A subtree, e.g. 610502 (default: all)."
)
def assess_command(month: str, jurisdiction: str) -> None:
    """Record each project's assessment of a month (construction against plan,
    入库纳统, problems long past their limit), as of the month's end; projects
    assessed for the month already are left as they were."""
    settings: Settings = click.get_current_context().obj
    with opened() as (app, views):
        try:
            done = record_month(app, views, jurisdiction, month, rules_of(settings))
        except DomainError as refused:
            raise click.ClickException(str(refused)) from None
    click.echo(
        f"{done.month}: {done.recorded} projects assessed as of"
        f" {done.as_of.moment.isoformat()}, {done.already} assessed before"
    )
