"""`siteledger report`: the monthly 通报 as a PDF, the figures as of the month's end."""

import re
from pathlib import Path

import click

from api.report import monthly_report
from api.report_pdf import FontMissing
from api.settings import Settings
from projections import open_views

MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")


def month_argument(context: click.Context, param: click.Parameter, value: str) -> str:
    if not MONTH.match(value):
        raise click.BadParameter(f"{value!r} is not a month (YYYY-MM, e.g. 2026-11)")
    return value


@click.command("report")
@click.option("--month", required=True, callback=month_argument, help="YYYY-MM.")
@click.option(
    "--jurisdiction",
    default="",
    help="The county (or any jurisdiction) the report covers, e.g. 610502; every"
    " jurisdiction in the store by default.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write; report-YYYY-MM.pdf by default.",
)
def report_command(*, month: str, jurisdiction: str, out: Path | None) -> None:
    """Write the monthly report (月度通报) of a jurisdiction as PDF."""
    settings: Settings = click.get_current_context().obj
    target = out or Path(f"report-{month}.pdf")
    with settings.open_ledger() as app, open_views(settings.store_env()) as views:
        views.catch_up(app)
        try:
            rules, weights = settings.warning_rules(), settings.ranking_weights()
            body = monthly_report(views, rules, jurisdiction, month, weights)
        except FontMissing as missing:
            raise click.ClickException(str(missing)) from None
    target.write_bytes(body)
    place = jurisdiction or "every jurisdiction"
    click.echo(f"The report of {month} for {place} written to {target}")
