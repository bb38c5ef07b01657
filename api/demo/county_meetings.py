"""A simulated county's weekly 调度会: each Monday the project office meets, its
leader in the chair, reviews three projects in turn and hands one task to a
department (任务交办单) with a deadline. Drawn from a stream of its own, so the
county's other draws stay as they were."""

import random
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from api.demo import data
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
        c.send(
            "supervisor",
            IssueTask(
                meeting_id=meeting_id,
                issue_id=self.new_id(),
                project_id=reviewed[0].id,
                description=text,
                category=category,
                department=data.DEPARTMENT_NAMES[key],
                deadline=c.today + timedelta(days=self.rng.randint(10, 20)),
            ),
            new_id=self.new_id,
        )
