"""Option values the command line's commands share, and the ledger they open."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import click

from api.problem_text import detail_zh
from api.settings import Settings
from domain.app import SiteLedger
from domain.errors import DomainError
from domain.values import FIRST_YEAR, LAST_YEAR, OPERATOR, Meta


def instant(ctx: click.Context, param: click.Parameter, text: str | None) -> Any:
    """An option's ISO 8601 instant with its UTC offset, in the domain's years."""
    if text is None:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 instant") from None
    if found.utcoffset() is None:
        raise click.BadParameter("an instant needs its UTC offset, e.g. +08:00")
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise click.BadParameter(f"must fall in {FIRST_YEAR} to {LAST_YEAR}")
    return found


def cli_meta(device: str = "cli") -> Meta:
    """A command's metadata as the command line's operator sends it, now."""
    return Meta(
        actor_id=OPERATOR,
        command_id=uuid4(),
        device_id=device,
        device_time=datetime.now(UTC).astimezone(),
    )


@contextmanager
def ledger() -> Iterator[SiteLedger]:
    settings: Settings = click.get_current_context().obj
    try:
        with settings.open_ledger() as app:
            yield app
    except DomainError as error:  # a damaged history too
        told = detail_zh(str(error)) if settings.language == "zh" else str(error)
        raise click.ClickException(told) from None
