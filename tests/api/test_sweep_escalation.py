"""The nightly sweep escalates (提级) by the county's rule, on SQLite and PostgreSQL:
a problem N working days past its deadline goes up, once per deadline, recorded as
the system's event."""

from datetime import date, datetime, time
from uuid import UUID, uuid4

import pytest
from click.testing import CliRunner

from api.cli import main
from api.demo.clock import Clock, stamping
from domain.commands.issue import AssignIssue, RaiseIssue
from domain.model.issue import Category, Issue, Severity, Source
from domain.values import SYSTEM_ACTOR
from storage.eventstore import open_ledger
from tests.factories import BEIJING, a_county, meta


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    found: str = request.getfixturevalue(f"{request.param}_url")
    return found


def overdue_problem(url: str) -> UUID:
    """Raised and assigned on 06-01, due Wednesday 06-03."""
    issue_id = uuid4()
    with (
        open_ledger(url) as app,
        stamping(Clock(datetime(2026, 6, 1, 2, tzinfo=BEIJING))),
    ):
        county = a_county(app, departments=True)
        for command in (
            RaiseIssue(
                issue_id=issue_id,
                source=Source.HOTLINE,
                category=Category.LAND,
                severity=Severity.HIGH,
                description="征地补偿迟迟未落实",
                project_id=county.project_id,
            ),
            AssignIssue(
                issue_id=issue_id, department="县自然资源局", deadline=date(2026, 6, 3)
            ),
        ):
            app.execute(command, meta())
    return issue_id


def sweep_on(url: str, day: date) -> str:
    at = datetime.combine(day, time(0, 30), BEIJING).isoformat()
    env = {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_ESCALATE_AFTER_WORKING_DAYS": "3",
    }
    done = CliRunner().invoke(main, ["sweep", "--as-of", at], env=env)
    assert done.exit_code == 0, done.output
    return done.output


def test_a_problem_three_working_days_overdue_is_escalated_once(url: str) -> None:
    issue_id = overdue_problem(url)
    # 06-04, 06-05 and Monday 06-08 are the three working days after 06-03.
    assert "escalated 0 problems to 县营商办" in sweep_on(url, date(2026, 6, 8))
    assert f"escalated 1 problems to 县营商办\n  {issue_id}" in sweep_on(
        url, date(2026, 6, 9)
    )
    assert "escalated 0 problems" in sweep_on(url, date(2026, 6, 10))
    with open_ledger(url) as app:
        issue = app.load(Issue, issue_id)
        last = app.history(issue_id)[-1]
    assert (issue.escalation_level, issue.escalated_to) == (1, "县营商办")
    assert (type(last).__qualname__, last.meta.actor_id) == (  # type: ignore[attr-defined]
        "Issue.Escalated",
        SYSTEM_ACTOR,
    )
