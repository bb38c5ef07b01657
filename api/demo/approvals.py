"""The demo county's approval packages (审批套餐): the reform office's template, a
package for each project in its approvals or building, agents (a chief and N) and
their matters, permits through the year, 容缺 acceptances, a few returned or late."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from api.demo import data
from api.demo.plan import Place, Planner
from domain.commands import approval as c
from domain.commands.officer import GrantRole, RegisterOfficer
from domain.model.officer import Role
from domain.model.package_template import PermitSpec
from domain.model.project import Stage

NEW_AGENTS = tuple(f"agent{n:02d}" for n in range(1, 5))
# 帮办代办员, county-wide: the county's assistants take the agent's role too.
AGENTS = (*NEW_AGENTS, *data.ASSISTANTS)
# (permit id, name, handler's key in data.DEPARTMENTS, statutory working days, stage)
PERMITS = (
    ("filing", "企业投资项目备案", "dev", 5, "立项"),
    ("land", "建设用地规划许可证核发", "land", 20, "用地"),
    ("eia", "环境影响评价文件审批", "env", 20, "环评"),
    ("plan", "建设工程规划许可证核发", "land", 20, "规划"),
    ("drawings", "施工图设计文件审查备案", "build", 15, "施工"),
    ("build", "建筑工程施工许可证核发", "approval", 15, "施工"),
)
PACKAGED = {Stage.PRE_CONSTRUCTION: 1.0, Stage.UNDER_CONSTRUCTION: 0.35}
RONGQUE_SHARE = 0.2  # of acceptances with documents missing
RETURN_SHARE = 0.08
MISSING = ("土地权属证明", "公众参与说明", "消防设计文件", "授权委托书", "营业执照副本")
MATTERS = ("代办项目备案申报", "协助准备用地材料", "代办环评公示", "陪同现场勘验",
           "协调施工图审查", "代办施工许可申报", "咨询审批流程")  # fmt: skip


def approvals(planner: Planner) -> None:
    """Agents, the template, and a package for each project it fits."""
    agents(planner)
    template_id = template(planner)
    for place in planner.plan.projects:
        share = PACKAGED.get(place.stage) if place.stage else None
        if share and planner.rng.random() < share:
            package(planner, place, template_id)
            planner.cut()


def agents(planner: Planner) -> None:
    for assistant in data.ASSISTANTS:
        officer_id = planner.plan.officers[assistant]
        planner.send("admin", GrantRole(officer_id=officer_id, role=Role.AGENT))
    for username in NEW_AGENTS:
        planner.plan.officers[username] = planner.new_id()
        planner.send(
            "admin",
            RegisterOfficer(
                officer_id=planner.plan.officers[username],
                username=username,
                name=planner.person(),
                jurisdiction=data.COUNTY,
                roles=(Role.AGENT,),
                department="县行政审批局",
            ),
        )
    planner.cut()


def template(planner: Planner) -> UUID:
    template_id = planner.new_id()
    specs = tuple(
        PermitSpec(key, name, data.DEPARTMENT_NAMES[dept], days, stage)
        for key, name, dept, days, stage in PERMITS
    )
    planner.send(
        "supervisor",
        c.CreatePackageTemplate(
            template_id=template_id,
            name="工业项目全生命周期审批套餐",
            project_kind="industrial",
            jurisdiction=data.COUNTY,
        ),
        c.PublishPackageVersion(template_id=template_id, permits=specs),
    )
    planner.cut()
    return template_id


def package(planner: Planner, place: Place, template_id: UUID) -> None:
    rng, package_id = planner.rng, planner.new_id()
    planner.plan.packages.append(package_id)
    chief, *team = rng.sample(AGENTS, rng.randint(2, 3))
    officers = planner.plan.officers
    planner.send(
        "supervisor",
        c.CreatePackage(
            package_id=package_id, project_id=place.id, template_id=template_id
        ),
        c.AssignAgents(
            package_id=package_id,
            chief_agent_id=officers[chief],
            agent_ids=tuple(officers[a] for a in team),
        ),
    )
    day = planner.today - timedelta(days=rng.randint(60, 330))
    for permit_id, _, dept, statutory, _ in PERMITS:
        if day >= planner.today - timedelta(days=3):
            break  # the rest is still to come
        agent = rng.choice([chief, *team])
        day = permit(planner, package_id, (permit_id, dept, statutory), agent, day)
        matter(planner, package_id, permit_id, agent, day)
    if not planner.plan.notable.get("an approval package (审批套餐)"):
        planner.plan.notable["an approval package (审批套餐)"] = package_id


def permit(
    planner: Planner,
    package_id: UUID,
    spec: tuple[str, str, int],
    agent: str,
    day: date,
) -> date:
    """A permit's steps from `day`, as far as they have come by today; answers the
    day the next permit starts."""
    rng, today = planner.rng, planner.today
    permit_id, dept, statutory = spec
    handler = f"handler-{dept}"
    base: dict[str, Any] = {"package_id": package_id, "permit_id": permit_id}
    committed = max(1, round(statutory * rng.uniform(0.4, 0.7)))
    planner.send(handler, c.CommitLimit(**base, committed_days=committed))
    planner.send(agent, c.PreparePermit(**base, on=day))
    day += timedelta(days=rng.randint(1, 4))
    planner.send(agent, c.SubmitPermit(**base, on=min(day, today)))
    if rng.random() < RETURN_SHARE and day + timedelta(days=8) < today:
        day += timedelta(days=rng.randint(1, 3))
        planner.send(handler, c.ReturnPermit(**base, on=day, reason="申请材料不齐全"))
        day += timedelta(days=rng.randint(2, 5))
        planner.send(agent, c.SubmitPermit(**base, on=day))
    day += timedelta(days=rng.randint(0, 1))
    if day > today:
        return day
    short = rng.random() < RONGQUE_SHARE
    supply_by = day + timedelta(days=7)
    missing = (rng.choice(MISSING),) if short else ()
    planner.send(
        handler,
        c.AcceptPermit(
            **base, on=day, missing=missing, supply_by=supply_by if short else None
        ),
    )
    # Working days run at about five to seven calendar days.
    took = timedelta(days=round(committed * rng.uniform(0.5, 1.3) * 1.4))
    supplied = day + timedelta(days=rng.randint(3, 11))
    if short and supplied <= today:
        planner.send(agent, c.SupplyDocuments(**base, on=supplied))
    granted = max(day + took, supplied if short else day)
    if granted > today or (short and supplied > today):
        return granted
    planner.send(handler, c.GrantPermit(**base, on=granted))
    return granted + timedelta(days=rng.randint(1, 10))


def matter(
    planner: Planner, package_id: UUID, permit_id: str, agent: str, day: date
) -> None:
    """The matter the agent handled for the permit, closed unless still running."""
    rng, matter_id = planner.rng, planner.new_id()
    opened = min(day - timedelta(days=rng.randint(3, 20)), planner.today)
    planner.send(
        agent,
        c.OpenMatter(
            package_id=package_id,
            matter_id=matter_id,
            agent_id=planner.plan.officers[agent],
            what=rng.choice(MATTERS),
            for_whom="项目单位",
            opened_on=opened,
            permit_id=permit_id,
        ),
    )
    if day <= planner.today:
        planner.send(
            agent,
            c.CloseMatter(
                package_id=package_id, matter_id=matter_id, on=day, result="已办结"
            ),
        )
