"""A store with a hole, a decryption failure and a decode failure: each read of those
problems answers a problem+json naming the aggregate and the event, every other route
keeps working, and `views verify` and `views rebuild` finish and report them."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from api.cli import main
from tests.api import bodies as b
from tests.api.conftest import Api, running_api

KEY = AESCipher.create_key(16)
HOW = {
    "hole": "missing",
    "flipped": "cannot be decrypted",
    "garbled": "cannot be decoded",
}


@dataclass(frozen=True)
class Damaged:
    api: Api
    folder: Path
    issues: dict[str, str]  # by what was done to its second event

    def sql(self, statement: str, *params: object) -> None:
        with closing(sqlite3.connect(self.folder / "events.sqlite3")) as db, db:
            db.execute(statement, params)


def damage(store: Damaged) -> None:
    second = "WHERE originator_id = ? AND originator_version = 2"
    hole, flipped, garbled = (store.issues[k].replace("-", "") for k in HOW)
    store.sql(f"DELETE FROM stored_events {second}", hole)
    with closing(sqlite3.connect(store.folder / "events.sqlite3")) as db:
        (state,) = db.execute(f"SELECT state FROM stored_events {second}", (flipped,))
    store.sql(
        f"UPDATE stored_events SET state = ? {second}",
        state[0][:20] + bytes([state[0][20] ^ 1]) + state[0][21:],
        flipped,
    )
    cipher = AESCipher(Environment(env={"CIPHER_KEY": KEY}))
    store.sql(
        f"UPDATE stored_events SET state = ? {second}",
        cipher.encrypt(b'{"not": "an event'),
        garbled,
    )


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Damaged]:
    folder = tmp_path_factory.mktemp("damaged")
    with running_api(folder, cipher_key=KEY) as api:
        issues = {k: b.given_issue(api, api.home, "accepted") for k in (*HOW, "sound")}
        api.catch_up()
        store = Damaged(api, folder, issues)
        damage(store)
        yield store


@pytest.mark.parametrize("what", list(HOW))
@pytest.mark.parametrize("path", ["", "/history", "?version=1"])
def test_each_read_of_a_damaged_problem_names_it(
    damaged: Damaged, what: str, path: str
) -> None:
    issue_id = damaged.issues[what]
    response = damaged.api.as_("auditor").get(f"/issues/{issue_id}{path}")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    found = response.get_json()
    assert (found["aggregate_id"], found["version"], found["how"]) == (
        issue_id,
        2,
        HOW[what],
    )
    assert found["title"] == "Damaged history"


@pytest.mark.parametrize("what", list(HOW))
def test_a_command_on_a_damaged_problem_names_it_and_stores_nothing(
    damaged: Damaged, what: str
) -> None:
    before = damaged.api.events()
    issue_id = damaged.issues[what]
    response = damaged.api.as_("handler").post(
        f"/issues/{issue_id}/resolution", {"summary": "已协调"}
    )
    assert response.status_code == 500
    assert response.get_json()["aggregate_id"] == issue_id
    assert damaged.api.events() == before


def test_every_other_route_keeps_serving(damaged: Damaged) -> None:
    auditor = damaged.api.as_("auditor")
    assert auditor.get(f"/issues/{damaged.issues['sound']}").status_code == 200
    assert auditor.get("/issues").status_code == 200
    assert auditor.get("/ledgers/issues").status_code == 200
    raised = damaged.api.as_("officer").post("/issues", b.an_issue(damaged.api.home))
    assert raised.status_code == 201


@pytest.mark.parametrize("command", [["views", "rebuild"], ["views", "verify"]])
def test_the_views_finish_and_report_each_damaged_history(
    damaged: Damaged, command: list[str]
) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{damaged.folder}/events.sqlite3",
        "SITELEDGER_CIPHER_KEY": KEY,
        "SITELEDGER_EVIDENCE_FOLDER": str(damaged.folder / "evidence"),
    }
    result = CliRunner().invoke(main, command, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for what, how in HOW.items():
        named = (
            f"damaged: the history of {damaged.issues[what]} is damaged: event 2 {how}"
        )
        assert named in result.stdout
    assert result.exit_code == (1 if command[1] == "verify" else 0)


def test_audit_verify_names_them_too(damaged: Damaged) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{damaged.folder}/events.sqlite3",
        "SITELEDGER_CIPHER_KEY": KEY,
        "SITELEDGER_EVIDENCE_FOLDER": str(damaged.folder / "evidence"),
    }
    result = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert result.exit_code == 1
    assert "BROKEN: first at position" in result.stderr
    for what, how in HOW.items():
        named = (
            f"damaged: the history of {damaged.issues[what]} is damaged: event 2 {how}"
        )
        assert named in result.stdout


def test_a_sync_batch_goes_on_past_a_damaged_problem(damaged: Damaged) -> None:
    before = damaged.api.events()
    escalate = b.command(
        "EscalateIssue",
        {"issue_id": damaged.issues["hole"], "to": "市发改委", "reason": b.REASON},
    )
    raised = b.command("RaiseIssue", b.an_issue(damaged.api.home))
    first, second = b.synced(damaged.api.as_("supervisor"), escalate, raised)
    assert first["status"] == "rejected"
    assert (first["problem"]["status"], first["problem"]["title"]) == (
        500,
        "Damaged history",
    )
    assert damaged.issues["hole"] in first["problem"]["detail"]
    assert second["status"] == "applied"
    assert damaged.api.events() == before + 1


def test_the_cli_names_a_damaged_problem_without_a_traceback(damaged: Damaged) -> None:
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{damaged.folder}/events.sqlite3",
        "SITELEDGER_CIPHER_KEY": KEY,
    }
    for command in ("show", "history"):
        result = CliRunner().invoke(main, [command, damaged.issues["hole"]], env=env)
        assert result.exit_code == 1
        assert "event 2 missing" in result.output
        assert "Traceback" not in result.output
