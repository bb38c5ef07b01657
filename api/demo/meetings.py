"""The demo county's meetings (调度会): last month's 督查会 and this week's 调度会, each
reviewing projects under way and issuing tasks (任务交办单) to departments."""

from datetime import date, timedelta
from uuid import UUID

from api.demo import data
from api.demo.plan import Planner
from domain.commands.issue import AcceptIssue, ReportIssueProgress
from domain.commands.meeting import HoldMeeting, IssueTask
from domain.model.issue import Category
from domain.model.project import Stage

# (what is decided, the category, the department's key in data.DEPARTMENTS, days
# to its deadline: a date, so no working-day calendar is needed)
DECISIONS = (
    ("协调落实项目二期用地指标，完成组卷报批", Category.LAND, "land", 20),
    ("加快施工许可办理，容缺受理后限期补齐材料", Category.APPROVALS, "approval", 10),
    ("协调供电公司完成项目专线接入", Category.POWER, "power", 15),
    ("督促总包单位增加作业面，确保月底主体封顶", Category.CONSTRUCTION, "build", 10),
)


def meetings(planner: Planner) -> None:
    """Two meetings chaired by county leaders; a task of the first taken in hand."""
    under_way = [
        p for p in planner.plan.projects if p.stage is Stage.UNDER_CONSTRUCTION
    ]
    if len(under_way) < 3:
        return
    month_ago = planner.today.replace(day=1) - timedelta(days=25)
    monday = planner.today - timedelta(days=planner.today.weekday())
    first = meeting(planner, "inspection", month_ago, "重点项目月度督查推进会", 0)
    meeting(planner, "dispatch", monday, "重点项目周调度会", 2)
    task_id, _ = first
    planner.send("handler-land", AcceptIssue(issue_id=task_id))
    planner.send(
        "handler-land",
        ReportIssueProgress(issue_id=task_id, note="已完成用地组卷，报市局审查"),
    )
    planner.cut()


def meeting(
    planner: Planner, kind: str, held_on: date, title: str, first: int
) -> tuple[UUID, UUID]:
    """A meeting reviewing three projects under way, issuing two tasks."""
    officers = planner.plan.officers
    under_way = [
        p for p in planner.plan.projects if p.stage is Stage.UNDER_CONSTRUCTION
    ]
    reviewed = under_way[first : first + 3]
    meeting_id = planner.new_id()
    planner.send(
        "supervisor",
        HoldMeeting(
            meeting_id=meeting_id,
            jurisdiction=data.COUNTY,
            kind=kind,
            held_on=held_on,
            title=title,
            chair_id=officers["leader01"],
            attendee_ids=(officers["supervisor"], officers["leader02"]),
            project_ids=tuple(p.id for p in reviewed),
            minutes="听取项目进展汇报，研究解决用地、审批、要素保障问题，明确责任单位和办结时限。",
        ),
    )
    issued = []
    for project, (text, category, key, days) in zip(
        reviewed, DECISIONS[first : first + 2], strict=False
    ):
        task_id = planner.new_id()
        issued.append(task_id)
        planner.send(
            "supervisor",
            IssueTask(
                meeting_id=meeting_id,
                issue_id=task_id,
                project_id=project.id,
                description=text,
                category=category,
                department=data.DEPARTMENT_NAMES[key],
                deadline=planner.today + timedelta(days=days),
            ),
        )
    planner.plan.problems.extend(issued)
    planner.plan.notable.setdefault("a meeting (调度会) and its tasks", meeting_id)
    planner.cut()
    return issued[0], meeting_id
