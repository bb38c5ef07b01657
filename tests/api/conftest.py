"""The API on a SQLite file, with one officer per role at home and one elsewhere."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from api.http.app import create_app
from api.http.permissions import MATRIX
from api.http.services import KEY, Services
from api.settings import Settings
from domain.commands.base import Command
from domain.commands.officer import RegisterOfficer
from domain.model.officer import Role
from tests.conftest import fresh_schema
from tests.factories import County, a_county, meta

SECRET = "a-test-secret-long-enough-for-hs256-signatures"
HOME, AWAY = "610502", "610503"
DEPARTMENT = "县住建局"
ROLES = tuple(role.value for role in Role)
OUTSIDER = "outsider"  # a supervisor of the other county
CITY_ADMIN = "city admin"  # over both counties
CITY = "6105"
Headers = dict[str, str] | None


@dataclass(frozen=True)
class Caller:
    """A test client that sends one officer's bearer token with every request."""

    client: FlaskClient
    token: str
    officer_id: UUID

    def get(self, path: str, headers: Headers = None, **options: Any) -> TestResponse:
        return self.client.get(path, headers=self.headers(headers), **options)

    def post(
        self, path: str, body: Any = None, headers: Headers = None, **options: Any
    ) -> TestResponse:
        if body is not None:
            options["json"] = body
        return self.client.post(path, headers=self.headers(headers), **options)

    def headers(self, extra: Headers = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}


@dataclass(frozen=True)
class Place(County):
    """What a county holds (an enterprise, its project, an officer, a checklist)."""

    jurisdiction: str


@dataclass(frozen=True)
class Api:
    """The app, what it holds in both counties, and a caller for each officer."""

    app: Flask
    home: Place
    away: Place
    callers: dict[str, Caller]

    @property
    def services(self) -> Services:
        found: Services = self.app.extensions[KEY]
        return found

    def as_(self, who: str) -> Caller:
        """The caller of a role at home (or the outsider from the other county, or
        the city's admin)."""
        return self.callers[who]

    def sender_of(self, command: type[Command]) -> Caller:
        """A caller at home whose role may send the command."""
        return self.as_(next(r for r in Role if r in MATRIX[command]).value)

    def catch_up(self) -> None:
        """Brings the views (lists, the feed) up to what the service layer wrote."""
        self.services.views.catch_up(self.services.ledger)

    def events(self) -> int:
        """How many events the store holds: a refused request adds none."""
        return self.services.ledger.notification_count()


def an_officer(services: Services, role: str, jurisdiction: str) -> UUID:
    """An officer of one role, registered through the service layer."""
    officer_id = uuid4()
    services.ledger.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username=f"{role}.{jurisdiction}",
            name="测试" + role,
            jurisdiction=jurisdiction,
            roles=(Role(role),),
            department=DEPARTMENT if role == Role.HANDLER.value else None,
        ),
        meta(),
    )
    return officer_id


@contextmanager
def running_api(folder: Path, url: str | None = None, **settings: Any) -> Iterator[Api]:
    url = url or f"sqlite:///{folder}/events.sqlite3"
    evidence = str(folder / "evidence")
    app = create_app(
        Settings(
            database_url=url, jwt_secret=SECRET, evidence_folder=evidence, **settings
        )
    )
    services: Services = app.extensions[KEY]
    try:
        home, away = (
            Place(
                **vars(a_county(services.ledger, code, departments=True)),
                jurisdiction=code,
            )
            for code in (HOME, AWAY)
        )
        who = {role: (role, HOME) for role in ROLES} | {
            OUTSIDER: ("supervisor", AWAY),
            CITY_ADMIN: ("admin", CITY),
        }
        callers = {}
        for name, (role, jurisdiction) in who.items():
            officer_id = an_officer(services, role, jurisdiction)
            token, _ = services.tokens.issue(officer_id, f"{role}.{jurisdiction}")
            callers[name] = Caller(app.test_client(), token, officer_id)
        services.views.catch_up(services.ledger)
        yield Api(app, home, away, callers)
    finally:
        services.close()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app per test module: tests make their own resources under new ids."""
    with running_api(tmp_path_factory.mktemp("api")) as running:
        yield running


@pytest.fixture
def fresh_api(tmp_path: Path) -> Iterator[Api]:
    """An app of its own, for tests that count what a whole list holds."""
    with running_api(tmp_path) as running:
        yield running


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """One app per test module on each real store in turn: SQLite, then PostgreSQL."""
    folder = tmp_path_factory.mktemp("api")
    if request.param == "sqlite":
        with running_api(folder) as running:
            yield running
        return
    server: str = request.getfixturevalue("postgres_server")
    with fresh_schema(server) as url, running_api(folder, url) as running:
        yield running
