"""The console in real headless Chromium (Debian's, driven by Playwright) against a
real server holding the demo county; every request off the loopback is refused and
fails the test."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import pytest
import requests
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.e2e.client import Api, add_user
from tests.e2e.server import cli, serve

CHROMIUM = "/usr/bin/chromium"  # Debian's (`make test` installs it)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost"}
# Kept after the run: the pages as the browser drew them (gitignored).
SHOTS = Path(__file__).resolve().parents[3] / "var" / "artifacts" / "console"
COUNTY, NEXT_COUNTY = "610502", "610503"
DEMO_PASSWORD = "siteledger-demo"


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store holding the demo county, its accounts' passwords, and a supervisor of
    the county next door."""
    folder = tmp_path_factory.mktemp("console")
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
    }
    cli(env, "demo")
    cli(env, "welcome")
    add_user(env, "outsider", NEXT_COUNTY, "supervisor")
    return env


@pytest.fixture(scope="session")
def base_url(demo_env: dict[str, str]) -> Iterator[str]:
    with serve(demo_env) as url:
        yield url


@pytest.fixture(scope="session")
def api(base_url: str) -> Api:
    """The supervisor over the JSON API: the figures pages must agree with."""
    return Api(base_url, login_as(base_url, "supervisor"), UUID(int=0))


def login_as(base_url: str, username: str) -> str:
    response = requests.post(
        f"{base_url}/auth/token",
        json={"username": username, "password": DEMO_PASSWORD},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh browser profile whose every non-loopback request is refused; the test
    fails if any was attempted."""
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    refused: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    yield opened
    context.close()
    assert not refused, f"the page reached off the machine: {refused}"


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def every(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list of the API."""
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        extra: dict[str, str] = {"cursor": cursor} if cursor else {}
        answer = api.read(path, limit=200, **params, **extra)
        found += answer["items"]
        cursor = answer.get("next_cursor")
        if not cursor:
            return found
