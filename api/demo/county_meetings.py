"""A simulated county's weekly 调度会: each Monday the project office meets, its
leader in the chair, reviews three projects in turn and hands one task to a
department (任务交办单) with a deadline, which the department then takes round the
loop (some late). Drawn from a stream of its own, so the county's other draws stay
as they were."""

import random
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from api.demo import data, problem_data
from domain.commands.base import Command
from domain.commands.issue import (
    AcceptIssue,
    CloseOutIssue,
    ProposeResolution,
    ReportIssueProgress,
)
from domain.commands.meeting import HoldMeeting, IssueTask
from domain.model.issue import Category

if TYPE_CHECKING:
    from api.demo.county import County

REVIEWED = 3
TASKS = (
    ("协调解决项目用地报批问题", Category.LAND, "land"),
    ("加快办理施工许可手续", Category.APPROVALS, "approval"),
    ("落实项目施工用电接入", Category.POWER, "power"),
    ("督促施工单位加快建设进度", Category.CONSTRUCTION, "build"),
)
# A task's steps after its assignment, each so many days (lowest, highest) after the
# one before: resolutions take up to a month, so some come past the deadline.
STEPS = (("accept", 1, 2), ("progress", 2, 6), ("propose", 3, 30), ("close", 1, 3))


class Meetings:
    def __init__(self, county: "County") -> None:
        self.county = county
        self.rng = random.Random(f"{county.seed}:meetings")
        self.held = 0

    def new_id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def weekly(self) -> None:
        """This Monday's 调度会, if there are projects to review."""
        c = self.county
        projects = c.places.projects
        if c.today.weekday() != 0 or not projects:
            return
        first = (self.held * REVIEWED) % len(projects)
        reviewed = [projects[(first + n) % len(projects)] for n in range(REVIEWED)]
        reviewed = list({p.id: p for p in reviewed}.values())
        meeting_id = self.new_id()
        self.held += 1
        c.send(
            "supervisor",
            HoldMeeting(
                meeting_id=meeting_id,
                jurisdiction=c.code,
                kind="dispatch",
                held_on=c.today,
                title=f"第{self.held}次重点项目调度会",
                chair_id=c.officers["leader"],
                attendee_ids=(c.officers["supervisor"],),
                project_ids=tuple(p.id for p in reviewed),
                minutes="听取项目进展汇报，研究解决堵点难点问题。",
            ),
            new_id=self.new_id,
        )
        text, category, key = self.rng.choice(TASKS)
        task_id = self.new_id()
        c.send(
            "supervisor",
            IssueTask(
                meeting_id=meeting_id,
                issue_id=task_id,
                project_id=reviewed[0].id,
                description=text,
                category=category,
                department=data.DEPARTMENT_NAMES[key],
                deadline=c.today + timedelta(days=self.rng.randint(10, 20)),
            ),
            new_id=self.new_id,
        )
        self.follow(task_id, key)

    def follow(self, task_id: UUID, key: str, step: int = 0) -> None:
        """Schedules the task's next step, if any is left."""
        if step == len(STEPS):
            return
        name, low, high = STEPS[step]

        def take() -> None:
            actor, command = self.command(task_id, key, name)
            self.county.send(actor, command, new_id=self.new_id)
            self.follow(task_id, key, step + 1)

        days, hour = self.rng.randint(low, high), self.rng.randint(9, 17)
        self.county.later(days, hour, take)

    def command(self, task_id: UUID, key: str, step: str) -> tuple[str, Command]:
        handler = f"handler-{key}"
        if step == "accept":
            return handler, AcceptIssue(issue_id=task_id)
        if step == "progress":
            note = self.rng.choice(problem_data.PROGRESS_NOTES)
            return handler, ReportIssueProgress(issue_id=task_id, note=note)
        if step == "propose":
            summary = self.rng.choice(problem_data.RESOLUTIONS)
            return handler, ProposeResolution(issue_id=task_id, summary=summary)
        return "supervisor", CloseOutIssue(
            issue_id=task_id, note=problem_data.CLOSE_NOTE
        )
