"""The `siteledger` command: the demo county, any aggregate's history and state."""

import json
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import click
from eventsourcing.domain import Aggregate

from api.cli_args import cli_meta, instant
from api.cli_assess import assess_command
from api.cli_audit import audit
from api.cli_departments import departments
from api.cli_evidence import evidence
from api.cli_export import export_command
from api.cli_failures import Jobs
from api.cli_import import import_group
from api.cli_migrate import migrate_command
from api.cli_report import report_command
from api.cli_serve import serve_command
from api.cli_views import sweep_command, views
from api.places_register import places
from api.problem_text import detail_zh
from api.readings import with_actor_names
from api.records import aggregate_record, event_record
from api.settings import Settings
from api.token_modes import build_tokens
from domain.app import SiteLedger
from domain.commands.officer import RegisterOfficer
from domain.errors import DomainError
from domain.model.officer import Officer, Role
from projections import Views, open_views
from storage.credentials import CredentialStore, hash_password, open_credentials


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


@contextmanager
def ledger() -> Iterator[SiteLedger]:
    settings: Settings = click.get_current_context().obj
    try:
        with settings.open_ledger() as app:
            yield app
    except DomainError as error:  # a damaged history too
        told = detail_zh(str(error)) if settings.language == "zh" else str(error)
        raise click.ClickException(told) from None


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

ROLES = click.Choice([role.value for role in Role])
NO_PASSWORDS = "in jwks mode the identity provider keeps passwords and issues tokens"


@dataclass(frozen=True)
class Accounts:
    """What an account command works on: the ledger, its views caught up, passwords."""

    settings: Settings
    ledger: SiteLedger
    views: Views
    credentials: CredentialStore

    def officer(self, username: str) -> Officer:
        """The active officer with the username, however they were registered."""
        officer_id = self.views.catalog.find_officer(username)
        if officer_id is None:
            raise click.ClickException(f"no account named {username}")
        officer = self.ledger.load(Officer, officer_id)
        if not officer.active:
            raise click.ClickException(f"{username} has been deactivated")
        return officer


@contextmanager
def accounts() -> Iterator[Accounts]:
    settings: Settings = click.get_current_context().obj
    env = settings.store_env()
    with (
        ledger() as app,
        open_views(env) as views,
        closing(open_credentials(env)) as credentials,
    ):
        views.catch_up(app)
        yield Accounts(settings, app, views, credentials)


def new_password(given: str | None) -> str:
    """A hash of the given password, or of one typed twice at a hidden prompt."""
    password = given or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        return hash_password(password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@main.group()
def users() -> None:
    """Officers' accounts: register one, set a password."""


@users.command("add")
@click.argument("username")
@click.option("--name", required=True, help="The officer's full name.")
@click.option("--role", "roles", type=ROLES, multiple=True, required=True)
@click.option("--jurisdiction", required=True, help="Administrative code, e.g. 610502.")
@click.option("--department", help="A handler's department.")
@click.option("--password", help="Prompted for, hidden, when not given (embedded).")
def add_user(
    *,
    username: str,
    name: str,
    roles: tuple[str, ...],
    jurisdiction: str,
    department: str | None,
    password: str | None,
) -> None:
    """Register an officer through the service layer; in embedded mode, a password.

    In jwks mode the officer signs in at the identity provider under USERNAME.
    """
    with accounts() as found:
        if found.views.catalog.find_officer(username) is not None:
            raise click.ClickException(f"the username {username} is taken")
        embedded = found.settings.auth_mode == "embedded"
        if password and not embedded:
            raise click.ClickException(NO_PASSWORDS)
        password_hash = new_password(password) if embedded else None
        register = RegisterOfficer(
            officer_id=uuid4(),
            username=username,
            name=name,
            jurisdiction=jurisdiction,
            roles=tuple(Role(role) for role in roles),
            department=department,
        )
        found.ledger.execute(register, cli_meta())
        if password_hash is not None:
            found.credentials.set(username, register.officer_id, password_hash)
    click.echo(f"Registered {username} as officer {register.officer_id}.")


@users.command("password")
@click.argument("username")
@click.option("--password", help="Prompted for, hidden, when not given.")
def set_password(username: str, password: str | None) -> None:
    """Set a new password for an active officer (embedded mode)."""
    with accounts() as found:
        if found.settings.auth_mode != "embedded":
            raise click.ClickException(NO_PASSWORDS)
        officer = found.officer(username)
        found.credentials.set(username, officer.id, new_password(password))
    click.echo(f"The password of {username} is set.")


@main.command()
@click.argument("username")
def token(username: str) -> None:
    """Print a fresh bearer token for an active officer (embedded mode)."""
    settings: Settings = click.get_current_context().obj
    if settings.auth_mode != "embedded":
        raise click.ClickException(NO_PASSWORDS)
    tokens = build_tokens(settings)
    if tokens.ephemeral:
        raise click.ClickException(
            "the server would not accept it: set SITELEDGER_JWT_SECRET"
            " (only a SQLite store keeps a signing key beside it)"
        )
    with accounts() as found:
        officer = found.officer(username)
        click.echo(tokens.issue(officer.id, officer.username)[0])


DEMO_USERS = ("officer01", "handler-land", "supervisor", "auditor", "admin", "agent01")
DEMO_PASSWORD = "siteledger-demo"  # the demo county's accounts only


@main.command()
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True)
def welcome(base_url: str) -> None:
    """Give the demo's users a password and print a token for each role."""
    settings: Settings = click.get_current_context().obj
    tokens = build_tokens(settings)
    with accounts() as found:
        lines = []
        for username in DEMO_USERS:
            officer = found.officer(username)
            found.credentials.set(username, officer.id, hash_password(DEMO_PASSWORD))
            roles = ",".join(role.value for role in officer.roles)
            lines.append(
                f"  {username:<13} {roles:<11} {tokens.issue(officer.id, username)[0]}"
            )
    click.echo(f"siteledger serves {base_url}  (API docs: {base_url}/docs)")
    click.echo(
        f"Console: {base_url}/console/ (e.g. supervisor / {DEMO_PASSWORD});"
        f" public screen: {base_url}/screen/610502\n"
    )
    click.echo("Tokens (user, role, bearer token):")
    click.echo("\n".join(lines))
    click.echo(
        f"\nTry:\n  TOKEN=$(curl -s {base_url}/auth/token -H 'Content-Type: application/json'"
        f' -d \'{{"username": "supervisor", "password": "{DEMO_PASSWORD}"}}\''
        " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n"
        f"  curl -s '{base_url}/issues?status=assigned&limit=5' -H \"Authorization: Bearer $TOKEN\"\n"
        f"  curl -s '{base_url}/sync/changes?limit=5' -H \"Authorization: Bearer $TOKEN\"\n"
    )
