"""The `migrate` function: tables made once per deploy, never at a cold start."""

import json
import threading
from collections.abc import Iterator
from copy import deepcopy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from api.aws import handlers
from api.cli import main
from api.settings import Settings
from tests.deploy.events import Event, Lambda, fixture, http_event


def tables(url: str) -> set[str]:
    server, _, query = url.partition("?schema=")
    with psycopg.connect(server) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (query,),
        ).fetchall()
    return {row[0] for row in rows}


@pytest.fixture
def empty(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lambda]:
    """The functions on a schema with no table at all."""
    functions = Lambda(postgres_url, monkeypatch)
    yield functions
    functions.configure()


def test_the_migration_creates_every_table_on_an_empty_schema(empty: Lambda) -> None:
    answer = handlers.migrate({}, None)
    made = tables(empty.url)
    assert {
        "siteledger_events",
        "siteledger_credentials",
        "siteledger_login_failures",
    } <= made
    assert {name for name in answer["tables"] if name.startswith("view_")} <= made


def test_the_migration_is_safe_to_run_again_and_keeps_what_is_stored(
    empty: Lambda,
) -> None:
    first = handlers.migrate({}, None)
    empty.county()
    stored = events()
    assert handlers.migrate({}, None) == first
    assert events() == stored > 0


def events() -> int:
    """How many events the store the functions use holds."""
    with Settings.from_env().open_ledger() as ledger:
        return ledger.notification_count()


def test_a_cold_start_creates_no_table(empty: Lambda) -> None:
    answer = empty.call(http_event("http_api_get", "GET", "/health"))
    assert answer["statusCode"] >= 500
    assert tables(empty.url) == set()


class CloudFormation:
    """Where a custom resource's answer goes: a local stand-in for the presigned URL."""

    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def request(self, kind: str) -> Event:
        event = deepcopy(fixture("cloudformation_create"))
        port = self.server.server_port
        event["RequestType"] = kind
        event["ResponseURL"] = f"http://127.0.0.1:{port}/response?X-Amz-Signature=x"
        if kind != "Create":
            event["PhysicalResourceId"] = "siteledger-migrations"
        return event

    def handler(self) -> type[BaseHTTPRequestHandler]:
        answers = self.answers

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                length = int(self.headers["Content-Length"])
                answers.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cloudformation() -> Iterator[CloudFormation]:
    waiting = CloudFormation()
    yield waiting
    waiting.stop()


@pytest.mark.parametrize("kind", ["Create", "Update"])
def test_a_deploy_runs_the_migration_and_tells_cloudformation_it_succeeded(
    empty: Lambda, cloudformation: CloudFormation, kind: str
) -> None:
    handlers.migrate(cloudformation.request(kind), None)
    (answer,) = cloudformation.answers
    assert answer["Status"] == "SUCCESS"
    assert answer["PhysicalResourceId"] == "siteledger-migrations"
    assert answer["RequestId"] == fixture("cloudformation_create")["RequestId"]
    assert "siteledger_events" in tables(empty.url)


def test_deleting_the_stack_leaves_the_tables_and_says_so(
    aws: Lambda, cloudformation: CloudFormation
) -> None:
    before = tables(aws.url)
    handlers.migrate(cloudformation.request("Delete"), None)
    assert cloudformation.answers[0]["Status"] == "SUCCESS"
    assert tables(aws.url) == before


def test_a_failed_migration_is_answered_so_the_deploy_rolls_back(
    empty: Lambda, cloudformation: CloudFormation
) -> None:
    empty.configure(DATABASE_URL="postgresql://postgres@127.0.0.1:9/nowhere")
    handlers.migrate(cloudformation.request("Create"), None)
    (answer,) = cloudformation.answers
    assert answer["Status"] == "FAILED"
    assert answer["Reason"]


def test_only_an_https_response_url_is_answered(empty: Lambda) -> None:
    event = fixture("cloudformation_create") | {"ResponseURL": "http://example.cn/x"}
    with pytest.raises(ValueError, match="https"):
        handlers.migrate(event, None)


def test_the_cli_twin_creates_the_same_tables(empty: Lambda) -> None:
    result = CliRunner().invoke(main, ["migrate"])
    assert result.exit_code == 0, result.output
    assert "in place: view_catalog" in result.output
    assert "siteledger_events" in tables(empty.url)
