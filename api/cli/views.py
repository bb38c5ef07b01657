"""`siteledger views …` and `siteledger sweep`: keep the read models current,
rebuild them from scratch, check them, and flag passed deadlines."""

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType

import click
from tqdm import tqdm

from api.cli.args import instant
from api.settings import Settings
from domain.app import SiteLedger
from domain.damage import scan
from domain.services.sweeps import (
    EscalationRule,
    escalate_overdue,
    sweep,
    sweep_documents,
)
from projections import Views, open_views
from projections.rebuild import Moving, drop, fresh, rebuild, swap, verify_all
from projections.views import KINDS, catch_up
from storage.eventstore import sqlite_file

VIEW = click.Choice(list(KINDS))


@contextmanager
def opened() -> Iterator[tuple[SiteLedger, Views]]:
    """The store and its views. A SQLite file that is not there is refused: opened,
    it would be a new empty store, whose views would verify as equal."""
    settings: Settings = click.get_current_context().obj
    path = sqlite_file(settings.database_url)
    if path is not None and not Path(path).is_file():
        raise click.ClickException(
            f"no event store at {path}: check SITELEDGER_DATABASE_URL"
        )
    with settings.open_ledger() as app, open_views(settings.store_env()) as views:
        yield app, views


@click.group()
def views() -> None:
    """Read models: follow the log, rebuild from scratch, verify."""


@views.command()
def status() -> None:
    """Print each view's position against the log's head."""
    with opened() as (app, found):
        head = app.notification_count()
        for kind, view in found.by_name().items():
            click.echo(f"{kind:<8} {view.position():>10} of {head}")


@views.command()
@click.option(
    "--interval", default=1.0, show_default=True, help="Seconds between polls."
)
@click.option("--batch", default=500, show_default=True, help="Notifications a batch.")
def follow(interval: float, batch: int) -> None:
    """Keep every view current until SIGINT or SIGTERM (a batch in hand is finished)."""
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = [signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)]
    try:
        with opened() as (app, found):
            click.echo(f"following {app.name} every {interval} s", err=True)
            while not stopping.is_set():
                if not catch_up(app, found.all, batch, batches=1):
                    stopping.wait(interval)
            positions = ", ".join(
                f"{k} {v.position()}" for k, v in found.by_name().items()
            )
            click.echo(f"stopped at {positions}", err=True)
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])


@views.command("rebuild")
@click.argument("kind", required=False, type=VIEW)
def rebuild_views(kind: str | None) -> None:
    """Rebuild a view (every view when none is named, in one pass over the log)
    from scratch in fresh tables, then swap them in for the live ones."""
    with opened() as (app, found):
        names = [kind] if kind else list(KINDS)
        rebuilt = [fresh(found, name, "next") for name in names]
        head = app.notification_count()
        with tqdm(
            total=head, desc=kind or "views", unit="event", file=sys.stderr
        ) as bar:
            rebuild(app, rebuilt, progress=bar.update)
        for name, view in zip(names, rebuilt, strict=True):
            position = view.position()
            swap(found.by_name()[name], view)
            click.echo(f"{name}: rebuilt to {position} and swapped in")
        found.catch_up(app)
        report_damage(app)


@views.command("verify")
@click.argument("kind", required=False, type=VIEW)
def verify_views(kind: str | None) -> None:
    """Rebuild views in scratch tables (in one pass over the log) and compare them
    with the live ones in the database; exit 1 and print the differences if any."""
    with opened() as (app, found):
        names = [kind] if kind else list(KINDS)
        scratches = [fresh(found, name, "verify") for name in names]
        lives = [found.by_name()[name] for name in names]
        try:
            differences = verify_all(app, lives, scratches)
        except Moving as moving:
            raise click.ClickException(str(moving)) from None
        finally:
            for scratch in scratches:
                drop(scratch)
        for name, lines in zip(names, differences, strict=True):
            click.echo(f"{name}: {'equal' if not lines else 'DIFFERENT'}")
            for line in lines:
                click.echo(f"  {line}")
        failed = report_damage(app) or any(differences)
    if failed:
        sys.exit(1)


def report_damage(app: SiteLedger) -> bool:
    """Names each damaged history the views had to pass over; True if any."""
    damaged = scan(app.recorder, app.mapper)
    for found in damaged:
        click.echo(f"damaged: {found} (passed over by every view)")
    return bool(damaged)


@click.command("sweep")
@click.option(
    "--as-of",
    "as_of",
    callback=instant,
    help="An instant with its offset (default: now).",
)
def sweep_command(as_of: datetime | None) -> None:
    """Record a deadline-passed event for each open problem past its deadline, and
    escalate those past it by the configured working days (提级)."""
    settings: Settings = click.get_current_context().obj
    with opened() as (app, found):
        flagged = sweep(app, found, as_of)
        documents = sweep_documents(app, found, as_of)
        rule = EscalationRule(
            settings.escalate_after_working_days, settings.escalate_to
        )
        escalated = escalate_overdue(app, found, rule, as_of) if rule.after else []
    click.echo(f"flagged {len(flagged)} problems past their deadline")
    for issue_id in flagged:
        click.echo(f"  {issue_id}")
    click.echo(f"flagged {len(documents)} permits whose 容缺 documents are overdue")
    for package_id, permit_id in documents:
        click.echo(f"  {package_id} {permit_id}")
    if rule.after:
        click.echo(f"escalated {len(escalated)} problems to {rule.to}")
        for issue_id in escalated:
            click.echo(f"  {issue_id}")
