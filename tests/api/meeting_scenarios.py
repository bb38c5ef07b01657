"""Meetings' commands, ready to send: a meeting of the place's own each time."""

from domain.commands import meeting as c
from domain.commands.base import Command
from tests.api import bodies as b
from tests.api.bodies import Body, given
from tests.api.conftest import DEPARTMENT, Api, Place
from tests.api.scenarios import Creating, Scenario, act


def a_meeting(place: Place) -> Body:
    """A weekly 调度会 of the place, chaired by its officer, reviewing its project."""
    return {
        "meeting_id": b.new_id(),
        "jurisdiction": place.jurisdiction,
        "kind": "dispatch",
        "held_on": "2026-11-02",
        "title": "重点项目周调度会",
        "chair_id": str(place.officer_id),
        "project_ids": [str(place.project_id)],
    }


def a_held_meeting(api: Api, place: Place) -> tuple[str, Body]:
    return given(api, (c.HoldMeeting, a_meeting(place))), {}


def a_meeting_and_a_task(api: Api, place: Place) -> tuple[str, Body]:
    """A meeting, and a task of its own to issue (a new problem's id each time)."""
    made, _ = a_held_meeting(api, place)
    task = {"issue_id": b.new_id(), "project_id": str(place.project_id)}
    return made, task | {"department": DEPARTMENT, "deadline": b.DEADLINE}


SCENARIOS: dict[type[Command], Scenario] = {
    c.HoldMeeting: Creating(c.HoldMeeting, a_meeting),
    c.RecordMinutes: act(
        c.RecordMinutes, a_held_meeting, "minutes", minutes="会议纪要：限期办结。"
    ),
    c.IssueTask: act(
        c.IssueTask, a_meeting_and_a_task, "tasks", description="协调办理施工许可"
    ),
}
