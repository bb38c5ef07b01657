"""The scheduled and event-driven functions do what their CLI twins do, and each is
safe to run twice."""

import json
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from api.aws import handlers
from api.settings import Settings
from domain.commands.issue import AssignIssue, RaiseIssue
from domain.model.issue import Category, Issue, Severity, Source
from projections import open_views
from tests.deploy.events import Event, Lambda, fixture
from tests.factories import a_county, meta


def test_the_views_function_catches_every_view_up_and_then_finds_nothing_to_do(
    aws: Lambda,
) -> None:
    aws.county()
    first = handlers.views(fixture("eventbridge_scheduled"), None)
    again = handlers.views(fixture("eventbridge_scheduled"), None)
    assert first["applied"] > 0
    assert again == {"applied": 0, "lag": 0}
    with open_views(Settings.from_env().store_env()) as views:
        assert views.catalog.find_officer("wang.lei") is not None


def test_the_views_function_reports_its_lag_as_a_cloudwatch_metric(
    aws: Lambda, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.county()
    handlers.views(fixture("eventbridge_scheduled"), None)
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    (metrics,) = line["_aws"]["CloudWatchMetrics"]
    assert [metric["Name"] for metric in metrics["Metrics"]] == [
        "ViewsApplied",
        "ViewsLag",
    ]
    assert (line["Function"], line["ViewsLag"]) == ("local", 0)
    assert line["ViewsApplied"] > 0


def an_assigned_problem(deadline: date) -> UUID:
    """A problem on the county's project, assigned with a deadline."""
    issue_id = uuid4()
    with Settings.from_env().open_ledger() as ledger:
        county = a_county(ledger, "610503", departments=True)
        for command in (
            RaiseIssue(
                issue_id=issue_id,
                source=Source.HOTLINE,
                category=Category.POWER,
                severity=Severity.HIGH,
                description="增容报装未批复",
                project_id=county.project_id,
            ),
            AssignIssue(issue_id=issue_id, department="县供电公司", deadline=deadline),
        ):
            ledger.execute(command, meta())
    return issue_id


def scheduled_at(instant: datetime) -> Event:
    event = fixture("eventbridge_scheduled")
    return event | {"time": instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}


def test_the_sweep_function_flags_a_passed_deadline_once_as_of_its_schedule(
    aws: Lambda,
) -> None:
    deadline = date.today() + timedelta(days=10)
    overdue = an_assigned_problem(deadline)
    due = an_assigned_problem(deadline + timedelta(days=30))
    fired = datetime.combine(deadline + timedelta(days=2), time(1), UTC)
    first = handlers.sweep(scheduled_at(fired), None)
    again = handlers.sweep(scheduled_at(fired), None)
    assert first == {"flagged": [str(overdue)]}
    assert again == {"flagged": []}
    with Settings.from_env().open_ledger() as ledger:
        assert ledger.load(Issue, due).flagged_deadline is None
        assert ledger.load(Issue, overdue).flagged_deadline == deadline


def test_a_schedule_that_does_not_say_when_sweeps_as_of_now(aws: Lambda) -> None:
    an_assigned_problem(date.today() + timedelta(days=10))
    assert handlers.sweep({}, None) == {"flagged": []}


def test_the_assess_function_records_the_month_just_ended_once(aws: Lambda) -> None:
    fired = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 1 December, 01:30 CST
    first = handlers.assess(scheduled_at(fired), None)
    again = handlers.assess(scheduled_at(fired), None)
    assert first["month"] == again["month"] == "2026-11"
    assert again["recorded"] == 0
    assert again["already"] == first["recorded"] + first["already"]
