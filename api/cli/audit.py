"""`siteledger audit …`: seal the log's tree head, verify the log against its chain
and seals, export a bundle an outsider checks offline."""

import json
import sys

import click

from api.audit import (
    NoAuditKey,
    Timed,
    recorder,
    seal_now,
    signing_key,
    verify_timed,
    verifying_key,
)
from api.settings import Settings
from domain.damage import forged_snapshots, scan
from storage.bundle import NothingSealed, export
from storage.chain_sql import ChainExists
from storage.seals import public_text


def settings() -> Settings:
    found: Settings = click.get_current_context().obj
    return found


@click.group()
def audit() -> None:
    """Tamper evidence: the hash chain over the log, its signed heads, proofs."""


@audit.command()
def seal() -> None:
    """Sign the current tree head (size, root, time) and store it."""
    given = settings()
    try:
        with given.open_ledger() as app:
            made, _ = seal_now(app, given)
    except NoAuditKey as missing:
        raise click.ClickException(str(missing)) from None
    click.echo(f"sealed {made.size} entries, root {made.root}, at {made.sealed_at}")


@audit.command("key")
def show_key() -> None:
    """Print the public key seals are signed with (base64): the one to pin."""
    try:
        click.echo(public_text(signing_key(settings()).public_key()))
    except NoAuditKey as missing:
        raise click.ClickException(str(missing)) from None


@audit.command("verify")
def verify_log() -> None:
    """Check every stored event and receipt against the chain, and the chain
    against the seals; name the first break and exit 1 if there is one."""
    given = settings()
    with given.open_ledger() as app:
        timed = verify_timed(app, given)
        damaged = scan(app.recorder, app.mapper) + forged_snapshots(app)
    report = timed.report
    for found in sorted(report.breaks):
        click.echo(str(found))
    for history in damaged:
        click.echo(f"damaged: {history}")
    summary(timed)
    if report.first is not None:
        click.echo(f"BROKEN: first at {report.first}", err=True)
        sys.exit(1)
    if damaged:
        click.echo(
            "DAMAGED: the chain holds, but not every event can be read", err=True
        )
        sys.exit(1)
    if report.seals == 0:
        click.echo("verified, but no seal signed by the audit key: unsealed", err=True)
    else:
        click.echo("verified")


def summary(timed: Timed) -> None:
    report, megabytes = timed.report, timed.report.stored_bytes / 1e6
    click.echo(
        f"{report.entries} entries ({report.events} events, {report.receipts}"
        f" receipts), {report.seals} seals, root {report.root.hex()}"
    )
    click.echo(
        f"checked {megabytes:.1f} MB in {timed.seconds:.2f} s"
        f" ({megabytes / max(timed.seconds, 1e-9):.1f} MB/s; hashlib alone on the"
        f" same rows {megabytes / max(timed.hashlib_seconds, 1e-9):.1f} MB/s)"
    )


@audit.command("export")
@click.option(
    "--from",
    "first",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="The first position of the chain to export.",
)
@click.option(
    "--to",
    "last",
    type=click.IntRange(min=1),
    default=None,
    help="The last position (default: the newest seal's size).",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
def export_bundle(first: int, last: int | None, out: str) -> None:
    """Write the entries from FROM to TO as stored, their proofs and the signed
    heads, for tools/verify_audit_bundle.py to check offline."""
    given = settings()
    with given.open_ledger() as app:
        try:
            bundle = export(recorder(app), first, last)
        except NothingSealed as missing:
            raise click.ClickException(str(missing)) from None
    if bundle["from"] > bundle["to"]:
        raise click.ClickException(f"--from {first} lies after --to {bundle['to']}")
    with open(out, "w", encoding="utf-8") as file:
        json.dump(bundle, file, ensure_ascii=False)
    key = verifying_key(given)
    click.echo(
        f"wrote positions {bundle['from']} to {bundle['to']} to {out}; check it with"
        f" tools/verify_audit_bundle.py {out} --key {public_text(key) if key else 'KEY'}"
    )


@audit.command()
def adopt() -> None:
    """Chain a store written before the chain, its rows taken as found (run once,
    servers stopped, then seal): from then on every change to them is evident."""
    given = settings()
    with given.open_ledger() as app:
        try:
            count = app.recorder.adopt()  # type: ignore[attr-defined]
        except ChainExists as exists:
            raise click.ClickException(str(exists)) from None
    click.echo(f"chained {count} entries as found; seal now: siteledger audit seal")
