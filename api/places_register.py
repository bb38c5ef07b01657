"""A register of places (行政区划) read from CSV and loaded through the service layer:
`siteledger places load [FILE]`, and the demo county's shipped register."""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from uuid import uuid4

import click

from api.settings import Settings
from domain.app import SiteLedger, Submission
from domain.commands.place import RegisterPlace
from domain.errors import DomainError, InvalidValue
from domain.model.place import Place, PlaceLevel
from domain.values import OPERATOR, Meta

HEADER = ["code", "level", "name", "name_en"]
DEMO = "places.csv"  # beside the demo county's data (api/demo)


def read_register(text: str) -> Iterator[RegisterPlace]:
    """The commands registering each line's place; InvalidValue naming a bad line."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    if next(rows, None) != HEADER:
        raise InvalidValue("header", f"must be {','.join(HEADER)}")
    for n, row in enumerate(rows, start=2):
        if len(row) != len(HEADER):
            raise InvalidValue(f"line {n}", f"must hold {len(HEADER)} fields")
        code, level, name, name_en = (field.strip() for field in row)
        try:
            known = PlaceLevel(level)
        except ValueError:
            raise InvalidValue(f"line {n}", f"no level {level!r}") from None
        yield RegisterPlace(code=code, level=known, name=name, name_en=name_en)


def demo_register() -> str:
    return resources.files("api.demo").joinpath(DEMO).read_text(encoding="utf-8")


def load_register(app: SiteLedger, commands: Iterable[RegisterPlace]) -> int:
    """Registers the places not registered yet, in one transaction, by the
    operator; answers how many. Every line is checked first: one refused (or a
    code twice) registers nothing."""
    now = datetime.now(UTC)
    given = list(commands)
    codes = [c.code for c in given]
    for command in given:
        check(command, Meta(OPERATOR, uuid4(), "cli", now))
        if codes.count(command.code) > 1:
            raise InvalidValue(command.code, "is in the register twice")
    new = [c for c in given if Place.id_for(c.code) not in app.repository]
    batch = [Submission(c, Meta(OPERATOR, uuid4(), "cli", now)) for c in new]
    if not batch:
        return 0
    for submission, result in zip(batch, app.execute_batch(batch), strict=True):
        if isinstance(result, DomainError):
            code = submission.command.code  # type: ignore[attr-defined]
            raise InvalidValue(code, str(result))
    return len(batch)


def check(command: RegisterPlace, meta: Meta) -> None:
    """The place the command would register, made and thrown away: its checks."""
    try:
        Place.register(meta, command.code, command.level, command.name, command.name_en)
    except InvalidValue as invalid:
        raise InvalidValue(command.code, str(invalid)) from None


@click.group()
def places() -> None:
    """The register of places by name (行政区划)."""


@places.command("load")
@click.argument(
    "register",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=False,
)
def load_command(register: Path | None) -> None:
    """Register the places of a CSV file (code,level,name,name_en; levels province,
    city, county, township, village), or the demo county's; places registered
    already are left as they are (rename them through the API)."""
    settings: Settings = click.get_current_context().obj
    text = register.read_text(encoding="utf-8") if register else demo_register()
    with settings.open_ledger() as app:
        try:
            loaded = load_register(app, read_register(text))
        except DomainError as refused:
            raise click.ClickException(str(refused)) from None
    click.echo(f"{loaded} places registered")
