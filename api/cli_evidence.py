"""`siteledger evidence reconcile`: the evidence store and the ledger agree again."""

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import click

from api.evidence import open_evidence
from api.settings import Settings
from domain.values import OPERATOR, Meta
from projections import Views, open_views

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
        done = open_evidence(settings, ledger).reconcile(attached(views), meta)
    for name in done.removed:
        click.echo(f"removed upload {name}: never confirmed")
    for evidence_id in done.missing:
        click.echo(f"evidence {evidence_id}: its stored object is missing (recorded)")
    click.echo(
        f"{len(done.removed)} abandoned uploads removed,"
        f" {len(done.missing)} missing objects recorded."
    )


def attached(views: Views) -> Iterator[UUID]:
    """Every attached piece of evidence, page by page from the catalog."""
    after: str | None = None
    while True:
        rows, after = views.catalog.list(
            "evidence", "", {"status": "attached"}, after, PAGE
        )
        yield from (row.id for row in rows)
        if after is None:
            return


def meta() -> Meta:
    return Meta(
        actor_id=OPERATOR,
        command_id=uuid4(),
        device_id="reconciler",
        device_time=datetime.now(UTC),
    )
