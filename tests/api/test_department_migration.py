"""A store made before departments were registered (its problems and handlers with
free-text departments, as that release stored them) keeps working: `siteledger
departments map` matches each name to the registered department of that name or
alias, lists what it cannot, the ledger then counts a department and its alias as
one, and every view rebuilds equal. On SQLite and PostgreSQL, over HTTP."""

import json
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from click.testing import CliRunner

from api.cli import main
from domain.app import SiteLedger
from domain.commands.issue import RaiseIssue
from domain.model.issue import Category, Issue, Severity, Source
from domain.model.officer import Officer, Role
from storage.eventstore import open_ledger
from tests.api.conftest import HOME, Caller, running_api
from tests.factories import County, a_county, meta

DUE = date.today() + timedelta(days=40)
# What each event gained with departments as reference data, and its version then.
BEFORE = {
    "Issue.Assigned": (2, "department_id"),
    "Issue.Transferred": (2, "department_id"),
    "Officer.Registered": (None, "department_id"),
}


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    found: str = request.getfixturevalue(f"{request.param}_url")
    return found


def a_problem_given_to(app: SiteLedger, county: County, *departments: str) -> UUID:
    """A problem assigned (then transferred) as the release before did: by name."""
    issue_id = uuid4()
    raised = RaiseIssue(
        issue_id=issue_id,
        source=Source.MEETING,
        category=Category.APPROVALS,
        severity=Severity.HIGH,
        description="施工许可办理慢",
        project_id=county.project_id,
    )
    app.execute(raised, meta())
    problem = app.load(Issue, issue_id)
    first, *then = departments
    problem.assign(meta(), first, DUE)
    for name in then:
        problem.transfer(meta(), name, DUE, "职责调整")
    app.save(problem)
    return issue_id


def a_handler_in(app: SiteLedger, name: str) -> Officer:
    handler = Officer.register(
        id=uuid4(),
        meta=meta(),
        username=f"handler.{uuid4().hex[:8]}",
        name="张审批",
        jurisdiction=HOME,
        roles=[Role.HANDLER],
        department=name,
    )
    app.save(handler)
    return handler


def as_stored_before(topic: str, state: bytes) -> bytes:
    version, added = BEFORE[topic.rpartition(":")[2]]
    old = json.loads(state)
    del old[added]
    old.pop("class_version", None)
    if version is not None:
        old["class_version"] = version
    return json.dumps(old, separators=(",", ":"), ensure_ascii=False).encode()


def rewrite_as_before(url: str) -> int:
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db, db:
            return rewrite(db, "stored_events", "?")
    server, _, schema = url.partition("?schema=")
    with psycopg.connect(server, options=f"-c search_path={schema}") as pg:
        return rewrite(pg, "siteledger_events", "%s")


def rewrite(db: Any, table: str, mark: str) -> int:
    rows = db.execute(
        f"SELECT originator_id, originator_version, topic, state FROM {table}"
    ).fetchall()
    old = [row for row in rows if row[2].endswith(tuple(BEFORE))]
    for originator, version, topic, state in old:
        db.execute(
            f"UPDATE {table} SET state = {mark}"
            f" WHERE originator_id = {mark} AND originator_version = {mark}",
            (as_stored_before(topic, bytes(state)), originator, version),
        )
    return len(old)


def by_department(caller: Caller) -> dict[str, tuple[str | None, int]]:
    summary = caller.get("/ledgers/issues/summary?group_by=department").get_json()
    return {
        row["group"]: (row["department_id"], row["received"])
        for row in summary["groups"]
    }


def test_an_old_stores_departments_are_matched_counted_as_one_and_rebuild_equal(
    url: str, tmp_path: Path
) -> None:
    with open_ledger(url) as app:
        county = a_county(app)
        alias = a_problem_given_to(app, county, "县行政审批服务局")
        named = a_problem_given_to(app, county, "县发改局", "县行政审批局")
        unknown = a_problem_given_to(app, county, "县水利局")
        handler = a_handler_in(app, "县行政审批服务局")
    assert rewrite_as_before(url) == 6  # 3 assignments, a transfer, 2 officers
    env = {"SITELEDGER_DATABASE_URL": url}
    with running_api(tmp_path, url) as api:  # its counties register the departments
        supervisor = api.as_("supervisor")
        before = by_department(supervisor)
        assert before["县行政审批服务局"] == (None, 1)
        assert before["县行政审批局"] == (None, 1)
        events = api.events()
        dry = CliRunner().invoke(main, ["departments", "map", "--dry-run"], env=env)
        assert dry.exit_code == 1, dry.output  # 县水利局 is registered nowhere
        assert (
            "would match 1 issue(s) of 县行政审批服务局 to 县行政审批局" in dry.output
        )
        assert "would match 1 officer(s) of 县行政审批服务局" in dry.output
        assert f"not matched: 县水利局 in {HOME}, 1 of them: {unknown}" in dry.output
        assert api.events() == events
        done = CliRunner().invoke(main, ["departments", "map"], env=env)
        assert done.exit_code == 1, done.output
        assert "3 matched, 1 not matched" in done.output
        again = CliRunner().invoke(main, ["departments", "map"], env=env)
        assert "0 matched, 1 not matched" in again.output
        api.catch_up()
        after = by_department(supervisor)
        approvals_id, received = after["县行政审批局"]
        assert (approvals_id is not None, received) == (True, 2)
        assert "县行政审批服务局" not in after
        assert after["县水利局"] == (None, 1)
        token, _ = api.services.tokens.issue(handler.id, handler.username)
        legacy = Caller(api.app.test_client(), token, handler.id)
        for issue_id in (alias, named):
            accepted = legacy.post(f"/issues/{issue_id}/accept", {})
            assert accepted.status_code == 200, accepted.get_json()
            assert accepted.get_json()["department_id"] == approvals_id
    rebuilt = CliRunner().invoke(main, ["views", "rebuild"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    verified = CliRunner().invoke(main, ["views", "verify"], env=env)
    assert verified.exit_code == 0, verified.output
    for kind in ("catalog", "changes", "issues", "visits", "board", "approvals"):
        assert f"{kind}: equal" in verified.output
