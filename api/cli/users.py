"""Officers' accounts from the command line: register one, set a password, print a
token; and the demo's welcome, which gives its users a password and a token each."""

from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from uuid import uuid4

import click

from api.cli.args import cli_meta, ledger
from api.http.token_modes import build_tokens
from api.settings import Settings
from domain.app import SiteLedger
from domain.commands.officer import RegisterOfficer
from domain.model.officer import Officer, Role
from projections import Views, open_views
from storage.credentials import CredentialStore, hash_password, open_credentials

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


@click.group()
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


@click.command()
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


@click.command()
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
