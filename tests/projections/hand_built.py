"""A county's spring, built by hand at set instants, whose figures the tests work out.

Three projects beside the county's own P0 (planned for 03-01, never started): P1 broke ground and reports investment a little behind pace, P2 is
late to start, P3 is on pace. Problems A to H (all on P1 but H on P3):

| problem | raised | deadline (department) | what happened |
| --- | --- | --- | --- |
| A | 04-01 | 04-10 (供电) | closed 04-09, rated satisfied 04-12 |
| B | 04-01 | 04-05 (供电) | closed 04-08, rated basically satisfied 04-10 |
| C | 04-03 | 04-20 (自然资源) | open |
| D | 04-05 | 05-10 (自然资源) | closed 05-01, rated unsatisfied 05-02 |
| E | 04-06 | | a duplicate of C, withdrawn the same day |
| F | 04-10 | | never assigned |
| G | 04-01 | 04-15 (供电), moved 04-20 to 05-15 (自然资源) | open |
| H | 04-10 (P3) | 05-02 (供电) | open |

Every step happens at 10:00 Beijing time on its day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from api.demo.clock import Clock
from domain.app import SiteLedger
from domain.commands.base import Command
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    TransferIssue,
    WithdrawIssue,
)
from domain.commands.project import (
    AdvanceStage,
    RecordMilestone,
    RegisterProject,
    ReportInvestment,
)
from domain.commands.visit import CheckIn, FinishVisit, PlanVisit
from domain.model.issue import Category, Satisfaction, Severity, Source
from domain.model.project import Level, Milestone, Stage
from domain.model.visit import Kind
from domain.values import GeoFix
from tests.factories import BEIJING, County, a_county, meta

POWER, LAND = "县供电公司", "县自然资源局"
CALLBACK_CENTRE = UUID("00000000-0000-4000-8000-000000012345")
GPS = GeoFix(34.5, 109.5, 5.0)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour), BEIJING)


@dataclass
class Spring:
    """The ids of what was built."""

    county: County  # its project (P0) was planned to start on 03-01, and never did
    p1: UUID
    p2: UUID
    p3: UUID
    problems: dict[str, UUID]


class Builder:
    def __init__(self, app: SiteLedger, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    def on(self, when: datetime, *commands: Command) -> None:
        self.clock.set(when)
        for command in commands:
            self.app.execute(command, meta())

    def project(
        self, county: County, start: date, planned: str, on: datetime | None = None
    ) -> UUID:
        project_id = uuid4()
        self.on(
            on or at(1, 2),
            RegisterProject(
                project_id=project_id,
                code=f"XM-{str(project_id)[:8]}",
                name=f"项目{str(project_id)[:4]}",
                level=Level.COUNTY,
                jurisdiction="610502",
                location="工业园区",
                owner_enterprise_id=county.enterprise_id,
                sector="建材",
                planned_start=start,
                planned_finish=date(2027, 12, 31),
                total_investment=Decimal(50000),
                plan_year=2026,
                planned_investment=Decimal(planned),
            ),
        )
        return project_id

    def started(self, project_id: UUID, on: date, march: str) -> None:
        self.on(
            at(on.month, on.day),
            RecordMilestone(
                project_id=project_id, milestone=Milestone.GROUNDBREAKING, on=on
            ),
            AdvanceStage(project_id=project_id, stage=Stage.UNDER_CONSTRUCTION),
        )
        self.on(
            at(4, 5),
            ReportInvestment(
                project_id=project_id, month="2026-03", cumulative=Decimal(march)
            ),
        )

    def raised(self, day: date, project_id: UUID) -> UUID:
        issue_id = uuid4()
        self.on(
            at(day.month, day.day),
            RaiseIssue(
                issue_id=issue_id,
                source=Source.HOTLINE,
                category=Category.POWER,
                severity=Severity.MEDIUM,
                description="问题",
                project_id=project_id,
            ),
        )
        return issue_id

    def assigned(self, issue_id: UUID, day: date, department: str, due: date) -> None:
        self.on(
            at(day.month, day.day),
            AssignIssue(issue_id=issue_id, department=department, deadline=due),
        )

    def resolved(
        self, issue_id: UUID, closed: date, rated: date, satisfaction: Satisfaction
    ) -> None:
        before = closed - timedelta(days=1)
        self.on(
            at(before.month, before.day),
            AcceptIssue(issue_id=issue_id),
            ProposeResolution(issue_id=issue_id, summary="已解决"),
        )
        self.on(
            at(closed.month, closed.day), CloseOutIssue(issue_id=issue_id, note="销号")
        )
        self.clock.set(at(rated.month, rated.day))  # the 12345 centre's callback
        self.app.execute(
            RateIssue(issue_id=issue_id, satisfaction=satisfaction),
            meta(actor_id=CALLBACK_CENTRE),
        )

    def visited(self, county: County, project_id: UUID, day: date) -> None:
        visit_id = uuid4()
        self.on(
            at(day.month, day.day),
            PlanVisit(
                visit_id=visit_id,
                officer_ids=(county.officer_id,),
                kind=Kind.SERVICE,
                planned_for=day,
                project_id=project_id,
            ),
            CheckIn(visit_id=visit_id, gps=GPS),
            FinishVisit(visit_id=visit_id, gps=GPS),
        )


def build(app: SiteLedger, clock: Clock) -> Spring:
    b = Builder(app, clock)
    clock.set(at(1, 1))
    county = a_county(app, departments=True)
    p1 = b.project(county, date(2026, 3, 1), "18000")
    p2 = b.project(county, date(2026, 1, 1), "9000")
    p3 = b.project(county, date(2026, 2, 1), "1000")
    b.started(p1, date(2026, 3, 15), "3200")  # 0.1778 of the year's plan
    b.started(p3, date(2026, 2, 1), "400")  # 0.4
    ids = {
        name: b.raised(date(2026, 4, d), p1)
        for name, d in zip("ABCDEFG", (1, 1, 3, 5, 6, 10, 1), strict=True)
    }
    ids["H"] = b.raised(date(2026, 4, 10), p3)
    b.assigned(ids["A"], date(2026, 4, 2), POWER, date(2026, 4, 10))
    b.assigned(ids["B"], date(2026, 4, 2), POWER, date(2026, 4, 5))
    b.assigned(ids["C"], date(2026, 4, 3), LAND, date(2026, 4, 20))
    b.assigned(ids["D"], date(2026, 4, 5), LAND, date(2026, 5, 10))
    b.assigned(ids["G"], date(2026, 4, 2), POWER, date(2026, 4, 15))
    b.assigned(ids["H"], date(2026, 4, 11), POWER, date(2026, 5, 2))
    b.on(at(4, 6, 11), WithdrawIssue(issue_id=ids["E"], duplicate_of=ids["C"]))
    b.resolved(
        ids["B"], date(2026, 4, 8), date(2026, 4, 10), Satisfaction.BASICALLY_SATISFIED
    )
    b.resolved(ids["A"], date(2026, 4, 9), date(2026, 4, 12), Satisfaction.SATISFIED)
    b.on(
        at(4, 20),
        TransferIssue(
            issue_id=ids["G"],
            department=LAND,
            deadline=date(2026, 5, 15),
            reason="转办",
        ),
    )
    b.visited(county, p3, date(2026, 4, 20))
    b.resolved(ids["D"], date(2026, 5, 1), date(2026, 5, 2), Satisfaction.UNSATISFIED)
    return Spring(county, p1, p2, p3, ids)
