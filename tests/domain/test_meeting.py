"""Meetings (调度会): their rhythm by calendar period, worked by hand, and the rules
of a meeting held and the tasks it issues."""

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import InvalidValue, RuleBroken
from domain.model.meeting import Facts, Meeting
from domain.model.meeting_kinds import Every, MeetingKinds, next_due, period_of
from tests.factories import meta


@pytest.mark.parametrize(
    ("held", "every", "due"),
    [
        (date(2026, 6, 3), Every.WEEK, date(2026, 6, 14)),  # Wed → Sun next week
        (date(2026, 6, 7), Every.WEEK, date(2026, 6, 14)),  # a Sunday: the same
        (date(2026, 6, 10), Every.HALF_MONTH, date(2026, 6, 30)),
        (date(2026, 6, 20), Every.HALF_MONTH, date(2026, 7, 15)),
        (date(2026, 12, 20), Every.HALF_MONTH, date(2027, 1, 15)),
        (date(2026, 1, 31), Every.MONTH, date(2026, 2, 28)),
        (date(2026, 12, 5), Every.MONTH, date(2027, 1, 31)),
        (date(2026, 5, 10), Every.QUARTER, date(2026, 9, 30)),
        (date(2026, 11, 1), Every.QUARTER, date(2027, 3, 31)),
    ],
)
def test_the_next_meeting_is_due_by_the_end_of_the_period_after(
    held: date, every: Every, due: date
) -> None:
    assert next_due(held, every) == due


def test_a_period_holds_its_first_and_last_day() -> None:
    assert period_of(date(2028, 2, 20), Every.HALF_MONTH) == (
        date(2028, 2, 16),
        date(2028, 2, 29),  # a leap year
    )
    with pytest.raises(ValueError, match="no period"):
        period_of(date(2026, 6, 1), Every.NONE)


def test_a_county_names_its_own_kinds() -> None:
    kinds = MeetingKinds.parse("dispatch:week:周调度会, rating:month:月评比会")
    assert [(k.code, k.name, k.every) for k in kinds.kinds] == [
        ("dispatch", "周调度会", Every.WEEK),
        ("rating", "月评比会", Every.MONTH),
    ]
    assert MeetingKinds.parse("") == MeetingKinds()


@pytest.mark.parametrize(
    "setting",
    [
        "dispatch:fortnight:调度会",
        "Dispatch:week:调度会",
        "a:week:",
        "a:week:x,a:month:y",
    ],
)
def test_a_kind_that_cannot_be_read_fails_at_start(setting: str) -> None:
    with pytest.raises(ValueError, match="meeting kind"):
        MeetingKinds.parse(setting)


def test_a_kind_not_held_here_is_refused() -> None:
    with pytest.raises(InvalidValue, match="dispatch"):
        MeetingKinds().require("weekly")


PROJECT = uuid4()


def a_meeting(**changed: object) -> Meeting:
    facts = {
        "jurisdiction": "610502",
        "kind": "dispatch",
        "held_on": date(2026, 6, 1),
        "title": "重点项目周调度会",
        "chair_id": uuid4(),
        "attendee_ids": [uuid4()],
        "department_ids": [],
        "project_ids": [PROJECT],
        "minutes": "",
    } | changed
    return Meeting.hold(id=uuid4(), meta=meta(), held=Facts(**facts))  # type: ignore[arg-type]


def test_tasks_are_numbered_in_the_order_issued() -> None:
    meeting = a_meeting()
    tasks = [uuid4(), uuid4()]
    for task in tasks:
        meeting.issue_task(meta(), task, PROJECT, uuid4(), date(2026, 6, 30))
    numbers = [e.number for e in meeting.collect_events()[1:]]  # type: ignore[attr-defined]
    assert (meeting.task_ids, numbers) == (tasks, [1, 2])
    assert meeting.reference == "重点项目周调度会（2026-06-01）"


def test_a_task_is_about_a_project_the_meeting_reviewed() -> None:
    with pytest.raises(InvalidValue, match="reviewed"):
        a_meeting().issue_task(meta(), uuid4(), uuid4(), uuid4(), date(2026, 6, 30))


def test_an_attendee_named_twice_is_refused() -> None:
    twice = uuid4()
    with pytest.raises(InvalidValue, match="twice"):
        a_meeting(attendee_ids=[twice, twice])


def test_minutes_recorded_as_they_read_are_refused() -> None:
    meeting = a_meeting(minutes="纪要")
    with pytest.raises(RuleBroken):
        meeting.record_minutes(meta(), "纪要")
    meeting.record_minutes(meta(), "纪要（修订）")
    assert meeting.minutes == "纪要（修订）"
