"""A store written before first-response limits (its assignments and transfers
without `respond_by`, as the release before stored them) still loads, takes new
commands, and its views rebuild equal to the ones built incrementally."""

import json
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from click.testing import CliRunner

from api.cli import main
from domain.app import SiteLedger
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    EscalateIssue,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    TransferIssue,
)
from domain.model.issue import Category, Issue, Satisfaction, Severity, Source
from projections import open_views
from storage.eventstore import open_ledger, store_env
from tests.factories import OFFICE, County, a_county, meta

# What each event gained since, as the release before stored it.
ADDED = {
    "Issue.Assigned": ("respond_by", "department_id"),
    "Issue.Transferred": ("respond_by", "department_id"),
    "Issue.Escalated": ("department", "deadline", "respond_by", "department_id"),
    "Issue.Rated": ("channel",),
}
OLD_EVENTS = tuple(ADDED)
DUE = date.today() + timedelta(days=40)
CENTRE = UUID("00000000-0000-4000-8000-000000012345")  # the 12345 centre


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    found: str = request.getfixturevalue(f"{request.param}_url")
    return found


def as_stored_before(topic: str, state: bytes) -> bytes:
    old = json.loads(state)
    for added in (*ADDED[topic.rpartition(":")[2]], "class_version"):
        del old[added]
    return json.dumps(old, separators=(",", ":"), ensure_ascii=False).encode()


def rewrite_as_before(url: str) -> int:
    """Rewrites every assignment and transfer as the release before stored it."""
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
    old = [row for row in rows if row[2].endswith(OLD_EVENTS)]
    for originator, version, topic, state in old:
        db.execute(
            f"UPDATE {table} SET state = {mark}"
            f" WHERE originator_id = {mark} AND originator_version = {mark}",
            (as_stored_before(topic, bytes(state)), originator, version),
        )
    return len(old)


def a_problem(app: SiteLedger, county: County, *then: Any) -> Any:
    issue_id = uuid4()
    app.execute(
        RaiseIssue(
            issue_id=issue_id,
            source=Source.HOTLINE,
            category=Category.LAND,
            severity=Severity.HIGH,
            description="用地指标未落实",
            project_id=county.project_id,
        ),
        meta(),
    )
    for make in then:
        app.execute(make(issue_id), meta())
    return issue_id


def assign(issue_id: Any) -> AssignIssue:
    return AssignIssue(issue_id=issue_id, department="县自然资源局", deadline=DUE)


def transfer(issue_id: Any) -> TransferIssue:
    return TransferIssue(
        issue_id=issue_id, department="县发改局", deadline=DUE, reason="职责调整"
    )


def escalate(issue_id: Any) -> EscalateIssue:
    return EscalateIssue(issue_id=issue_id, to="县政府", reason="跨部门协调")


def propose(issue_id: Any) -> ProposeResolution:
    return ProposeResolution(issue_id=issue_id, summary="已落实")


def close(issue_id: Any) -> CloseOutIssue:
    return CloseOutIssue(issue_id=issue_id, note="销号")


def accept(issue_id: Any) -> AcceptIssue:
    return AcceptIssue(issue_id=issue_id)


def test_an_old_store_loads_takes_new_commands_and_its_views_verify_equal(
    url: str,
) -> None:
    with open_ledger(url) as app:
        county = a_county(app, departments=True)
        old_ones = [
            a_problem(app, county, assign, transfer, escalate),
            a_problem(app, county),
            a_problem(app, county, assign, accept, propose, close),
        ]
        rating = RateIssue(issue_id=old_ones[2], satisfaction=Satisfaction.SATISFIED)
        app.execute(rating, meta(actor_id=CENTRE))
    assert rewrite_as_before(url) == 5
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        first = app.load(Issue, old_ones[0])
        assert (first.department, first.respond_by, first.deadline) == (
            "县发改局",
            None,
            DUE,
        )
        assert (first.escalation_level, first.escalated_to) == (1, "县政府")
        rated = app.load(Issue, old_ones[2])
        assert (rated.satisfaction, rated.closed_by) == (Satisfaction.SATISFIED, OFFICE)
        views.catch_up(app)  # the old events, folded by this release
        app.execute(assign(old_ones[1]), meta())
        app.execute(accept(old_ones[0]), meta())
        views.catch_up(app)
        assert app.load(Issue, old_ones[1]).respond_by is not None
    env = {"SITELEDGER_DATABASE_URL": url}
    rebuilt = CliRunner().invoke(main, ["views", "rebuild"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    verified = CliRunner().invoke(main, ["views", "verify"], env=env)
    assert verified.exit_code == 0, verified.output
    assert "issues: equal" in verified.output
