"""`siteledger evidence reconcile`: the evidence store and the ledger agree again."""

import click

from api.evidence import open_evidence
from api.settings import Settings
from projections import open_views

PAGE = 500


@click.group()
def evidence() -> None:
    """Photo evidence: reconcile the store with the ledger."""


@evidence.command()
def reconcile() -> None:
    """Remove uploads never confirmed within the grace period, and record evidence
    whose stored object is missing. Prints what it did; safe to run repeatedly."""
    settings: Settings = click.get_current_context().obj
    with settings.open_ledger() as ledger, open_views(settings.store_env()) as views:
        views.catch_up(ledger)
        done = open_evidence(settings, ledger).reconcile(
            views.catalog.attached_evidence()
        )
    for name in done.removed:
        click.echo(f"removed upload {name}: never confirmed")
    for evidence_id in done.missing:
        click.echo(f"evidence {evidence_id}: its stored object is missing (recorded)")
    click.echo(
        f"{len(done.removed)} abandoned uploads removed,"
        f" {len(done.missing)} missing objects recorded."
    )
