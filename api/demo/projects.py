"""The demo county's key projects: registered, staffed, staged, their investment."""

import math
from datetime import date, timedelta
from decimal import Decimal

from api.demo import data
from api.demo.plan import CENT, STAGES, Place, Planner
from domain.commands.pool import EnterPool, LeavePool
from domain.commands.project import (
    AdvanceStage,
    AssignLeader,
    AssignSteward,
    PlannedNode,
    PlanNodes,
    RecordMilestone,
    RecordStatisticsEntry,
    RegisterProject,
    ReportInvestment,
    SuspendProject,
)
from domain.model.project import Level, Milestone, Stage

SUSPENDED_SHARE = 0.04  # of projects under construction
NAME_DRAWS = 4
REDATED_SHARE = 0.08  # of started projects whose groundbreaking date is corrected
WITHDRAWN = "投资方调整投资计划，项目暂不落地"


def projects(planner: Planner) -> None:
    """About 170 projects of every level and stage, most owned by private firms."""
    levels = planner.shuffled(data.LEVELS)
    stages = planner.shuffled(data.STAGE_COUNTS)
    firms = planner.plan.firms
    state, private = firms[: len(data.STATE_FIRMS)], [f for f in firms if f.brand]
    owners = [private[i % len(private)] for i in range(data.PROJECTS_OF_PRIVATE_FIRMS)]
    owners += [state[i % len(state)] for i in range(data.PROJECTS_OF_STATE_FIRMS)]
    for owner, level, stage in zip(owners, levels, stages, strict=True):
        project(planner, owner, level, stage)
    led = [p for p in planner.plan.projects if p.leader and p.stage is Stage.OPERATING]
    chosen = led[0] if led else planner.plan.projects[0]
    planner.plan.notable["a key project from signing to production"] = chosen.id


def project(planner: Planner, owner: Place, level: Level, stage: Stage) -> None:
    place, town = site(planner, owner, level, stage)
    dates, total = milestone_dates(planner, stage), total_of(planner, level)
    officers = planner.plan.officers
    registered = registration(
        planner, place, level=level, town=town, total=total, dates=dates
    )
    planner.send(
        "supervisor",
        registered,
        AssignSteward(project_id=place.id, officer_id=officers[place.steward]),
    )
    if place.leader:
        leader = AssignLeader(project_id=place.id, officer_id=officers[place.leader])
        planner.send("supervisor", leader)
    pooled(planner, place, dates)
    lifecycle(planner, place, dates)
    investment(planner, place, total, dates)
    steered(planner, registered, dates)
    if stage is Stage.UNDER_CONSTRUCTION and planner.rng.random() < SUSPENDED_SHARE:
        suspend = SuspendProject(project_id=place.id, reason=data.SUSPEND_REASON)
        planner.send(place.steward, suspend)
    planner.plan.projects.append(place)
    planner.cut()


def site(
    planner: Planner, owner: Place, level: Level, stage: Stage
) -> tuple[Place, int]:
    """A project's place, in its owner's township (any for county-wide owners), and
    that township's index."""
    rng = planner.rng
    owned_in = owner.jurisdiction[6:9]
    town = int(owned_in) - 1 if owned_in else rng.randrange(len(data.TOWNSHIPS))
    jurisdiction = planner.grid(town)
    place = Place(
        planner.new_id(),
        jurisdiction,
        planner.fix(planner.towns[town], 0.02),
        f"{planner.person()}（项目经理）",
        planner.steward(jurisdiction),
        owner.brand,
        owner.sector,
        owner.id,
        stage,
        None if level is Level.COUNTY else rng.choice(data.LEADERS),
    )
    return place, town


def registration(
    planner: Planner,
    place: Place,
    *,
    level: Level,
    town: int,
    total: Decimal,
    dates: list[date],
) -> RegisterProject:
    rng = planner.rng
    if len(dates) > 1:  # planned a little before or after it really broke ground
        start = dates[1] + timedelta(days=rng.randint(-60, 30))
    else:  # not started yet: some are late already
        start = planner.days(-90, 240)
    year = (dates[0] if dates else planner.today).year
    serial = f"{rng.randint(10, 99)}-0{rng.randint(1, 3)}-{rng.randrange(10**6):06d}"
    planned = total * Decimal(rng.randint(5, 50)) / 100
    assert place.owner_id is not None  # a project's place always names its owner
    return RegisterProject(
        project_id=place.id,
        code=f"{year}-{data.COUNTY}-{serial}",
        name=project_name(planner, place, town),
        level=level,
        jurisdiction=place.jurisdiction,
        location=f"{data.TOWNSHIPS[town]}{rng.choice(data.SPOTS)}",
        owner_enterprise_id=place.owner_id,
        sector=place.sector,
        planned_start=start,
        planned_finish=start + timedelta(days=rng.randint(365, 1100)),
        total_investment=total,
        plan_year=planner.today.year,
        planned_investment=planned.quantize(CENT),
    )


def project_name(planner: Planner, place: Place, town: int) -> str:
    """A name like 年产5万吨新型建材项目: unused if a few draws find one, else a later
    phase (二期) of one; industrial ones carry the owner's brand."""
    drawn = []
    for _ in range(NAME_DRAWS):
        template = planner.rng.choice(data.PROJECT_NAMES[place.sector])
        brand = "" if "{town}" in template else place.brand
        figure = planner.rng.choice(data.FIGURES)
        drawn.append(brand + template.format(n=figure, town=data.TOWNSHIPS[town]))
    fresh = [name for name in drawn if name not in planner.names]
    name, phases = (fresh or drawn)[0], iter("二三四五六七八九十")
    while name in planner.names:
        name = f"{drawn[0]}（{next(phases)}期）"
    planner.names.add(name)
    return name


def total_of(planner: Planner, level: Level) -> Decimal:
    """Total investment in 万元, spread evenly on a log scale over the level's range."""
    lowest, highest, step = data.TOTALS[level]
    drawn = math.exp(planner.rng.uniform(math.log(lowest), math.log(highest)))
    return Decimal(round(drawn / step) * step)


def milestone_dates(planner: Planner, stage: Stage) -> list[date]:
    """The dates of the milestones a project at this stage has passed, oldest first."""
    day, dates = planner.days(-400, -5), []
    for _ in range(STAGES.index(stage)):
        dates.append(day)
        day -= timedelta(days=planner.rng.randint(60, 400))
    return dates[::-1]


def pooled(planner: Planner, place: Place, dates: list[date]) -> None:
    """Two in three signed projects entered the pre-landing pool weeks before they
    were signed; three in four not yet signed are in it, one in nine of those
    withdrawn since (by its id: the county's draws stay as they were)."""
    drawn = place.id.int
    if dates and drawn % 3:
        entered = dates[0] - timedelta(days=20 + drawn % 100)
        planner.send("supervisor", EnterPool(project_id=place.id, on=entered))
    elif not dates and drawn % 4:
        entered = planner.today - timedelta(days=5 + drawn % 300)
        planner.send("supervisor", EnterPool(project_id=place.id, on=entered))
        left = entered + timedelta(days=45)
        if drawn % 9 == 0 and left <= planner.today:
            leave = LeavePool(project_id=place.id, on=left, reason=WITHDRAWN)
            planner.send("supervisor", leave)


def lifecycle(planner: Planner, place: Place, dates: list[date]) -> None:
    """Each milestone, then the stage it opens; now and then a date corrected."""
    steps = zip(Milestone, STAGES[1:], dates, strict=False)
    for milestone, stage, on in steps:
        planner.send(
            place.steward,
            RecordMilestone(project_id=place.id, milestone=milestone, on=on),
            AdvanceStage(project_id=place.id, stage=stage),
        )
    if len(dates) > 1 and planner.rng.random() < REDATED_SHARE:
        on = dates[1] - timedelta(days=planner.rng.randint(3, 20))
        redate = RecordMilestone(
            project_id=place.id,
            milestone=Milestone.GROUNDBREAKING,
            on=on,
            reason=data.MILESTONE_FIX,
        )
        planner.send(place.steward, redate)


def investment(
    planner: Planner, place: Place, total: Decimal, dates: list[date]
) -> None:
    """Monthly cumulative completed investment, from groundbreaking (ten months back at
    most) to completion or the last full month."""
    if len(dates) < 2:
        return
    built = len(dates) > 2
    until = dates[2] if built else planner.today.replace(day=1) - timedelta(days=1)
    months = months_between(planner, dates[1], until)
    final = planner.rng.uniform(0.9, 1.0) if built else planner.rng.uniform(0.08, 0.85)
    first = final * planner.rng.uniform(0.4, 0.8)
    for k, month in enumerate(months, start=1):
        share = Decimal(f"{first + (final - first) * k / len(months):.4f}")
        report = ReportInvestment(
            project_id=place.id, month=month, cumulative=(total * share).quantize(CENT)
        )
        planner.send(place.steward, report)


def steered(planner: Planner, registered: RegisterProject, dates: list[date]) -> None:
    """Its node plan (groundbreaking and completion as registered), and, for four
    in five of those under way, its entry into the statistics 45 days after it
    broke ground (by its id: the county's draws stay as they were)."""
    project_id = registered.project_id
    nodes = (
        PlannedNode(node=Milestone.GROUNDBREAKING, on=registered.planned_start),
        PlannedNode(node=Milestone.COMPLETION, on=registered.planned_finish),
    )
    planner.send("supervisor", PlanNodes(project_id=project_id, nodes=nodes))
    entered = dates[1] + timedelta(days=45) if len(dates) > 1 else None
    if entered and entered <= planner.today and project_id.int % 5:
        entry = RecordStatisticsEntry(project_id=project_id, on=entered)
        planner.send("supervisor", entry)


def months_between(planner: Planner, since: date, until: date) -> list[str]:
    """Months "YYYY-MM" from `since` to `until`, the last 3 to 10 of them at most."""
    last = until.year * 12 + until.month - 1
    first = max(since.year * 12 + since.month - 1, last - planner.rng.randint(2, 9))
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(first, last + 1)]
