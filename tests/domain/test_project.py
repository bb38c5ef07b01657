"""A key project: people, lifecycle and investment, alone and in the service."""

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.app import Outcome, SiteLedger, Submission
from domain.commands.base import Command
from domain.commands.enterprise import RegisterEnterprise
from domain.commands.officer import DeactivateOfficer, RegisterOfficer
from domain.commands.project import (
    AdvanceStage,
    AssignLeader,
    AssignSteward,
    CorrectInvestment,
    CorrectStage,
    MoveProject,
    RecordMilestone,
    RegisterProject,
    ReportInvestment,
    ResumeProject,
    SetAnnualPlan,
    SuspendProject,
    UnassignLeader,
    UnassignSteward,
)
from domain.errors import InvalidValue, NotFound, RuleBroken
from domain.model.enterprise import Scale
from domain.model.officer import Officer, Role
from domain.model.project import Level, Milestone, Project, Stage
from tests.factories import meta

TOTAL = Decimal("52000")


def registered_project(**overrides: Any) -> Project:
    facts: dict[str, Any] = {
        "code": "XM-2026-001",
        "name": "年产5万吨新型建材项目",
        "level": Level.COUNTY,
        "jurisdiction": "610502",
        "location": "工业园区纬二路",
        "owner_enterprise_id": uuid4(),
        "sector": "建材",
        "planned_start": date(2026, 3, 1),
        "planned_finish": date(2027, 12, 31),
        "total_investment": TOTAL,
        "plan_year": 2026,
        "planned_investment": Decimal("18000"),
    }
    return Project.register(id=uuid4(), meta=meta(), **(facts | overrides))


def reporting_project() -> Project:
    project = registered_project()
    project.report_investment(meta(), "2026-03", Decimal("2000"))
    project.report_investment(meta(), "2026-04", Decimal("3500.50"))
    return project


def suspended_project() -> Project:
    project = reporting_project()
    project.suspend(meta(), "环评手续未批复")
    return project


def an_officer(*, active: bool = True, jurisdiction: str = "610502") -> Officer:
    officer = Officer.register(
        id=uuid4(),
        meta=meta(),
        username="steward01",
        name="张伟",
        jurisdiction=jurisdiction,
        roles=[Role.OFFICER],
        department=None,
    )
    if not active:
        officer.deactivate(meta(), "调离")
    return officer


def test_a_registered_project_is_in_planning_with_its_annual_plan() -> None:
    project = registered_project()
    assert (project.stage, project.suspended, project.leader) == (
        Stage.PLANNING,
        False,
        None,
    )
    assert project.annual_plans == {"2026": Decimal("18000")}
    assert project.investment == {}
    assert project.completed_investment == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", ""),
        ("code", "X" * 33),
        ("code", "XM 001"),
        ("code", "项目001"),
        ("name", "\u202e项目"),
        ("location", ""),
        ("jurisdiction", "6105a2"),
        ("planned_start", date(1999, 12, 31)),
        ("planned_finish", date(2026, 2, 28)),
        ("total_investment", Decimal(0)),
        ("total_investment", Decimal("-1")),
        ("total_investment", Decimal("100.001")),
        ("plan_year", 1999),
        ("plan_year", 2101),
        ("plan_year", "2026"),
        ("planned_investment", Decimal("NaN")),
    ],
)
def test_a_project_with_a_malformed_fact_is_refused(field: str, value: Any) -> None:
    with pytest.raises(InvalidValue) as refused:
        registered_project(**{field: value})
    assert refused.value.field == field


def test_a_project_may_start_and_finish_on_one_day() -> None:
    project = registered_project(planned_finish=date(2026, 3, 1))
    assert project.planned_finish == project.planned_start


# Stages -------------------------------------------------------------------------


def test_a_stage_advances_to_any_later_stage() -> None:
    project = registered_project()
    project.advance_stage(meta(), Stage.UNDER_CONSTRUCTION)
    project.advance_stage(meta(), Stage.OPERATING)
    assert project.stage is Stage.OPERATING


@pytest.mark.parametrize("stage", [Stage.PRE_CONSTRUCTION, Stage.UNDER_CONSTRUCTION])
def test_a_stage_may_not_go_back_or_stay_without_a_correction(stage: Stage) -> None:
    project = registered_project()
    project.advance_stage(meta(), Stage.UNDER_CONSTRUCTION)
    with pytest.raises(RuleBroken, match="correct it instead"):
        project.advance_stage(meta(), stage)
    project.correct_stage(meta(), Stage.PRE_CONSTRUCTION, "施工许可证被撤销")
    assert project.stage is Stage.PRE_CONSTRUCTION


def test_a_stage_correction_needs_a_reason_and_another_stage() -> None:
    project = registered_project()
    with pytest.raises(InvalidValue, match="reason"):
        project.correct_stage(meta(), Stage.OPERATING, " ")
    with pytest.raises(RuleBroken, match="already"):
        project.correct_stage(meta(), Stage.PLANNING, "重复")


# Milestones ---------------------------------------------------------------------


def test_a_milestone_is_recorded_without_a_reason_the_first_time() -> None:
    project = registered_project()
    project.record_milestone(meta(), Milestone.GROUNDBREAKING, date(2026, 3, 18))
    project.record_milestone(meta(), Milestone.SIGNED, date(2025, 11, 2))
    assert project.milestones == {
        "groundbreaking": date(2026, 3, 18),
        "signed": date(2025, 11, 2),
    }


def test_a_milestone_is_recorded_again_only_with_a_reason_and_another_date() -> None:
    project = registered_project()
    project.record_milestone(meta(), Milestone.COMPLETION, date(2027, 6, 30))
    with pytest.raises(InvalidValue, match="reason"):
        project.record_milestone(meta(), Milestone.COMPLETION, date(2027, 7, 1))
    with pytest.raises(RuleBroken, match="already"):
        project.record_milestone(meta(), Milestone.COMPLETION, date(2027, 6, 30), "同")
    project.record_milestone(meta(), Milestone.COMPLETION, date(2027, 7, 1), "验收延期")
    assert project.milestones["completion"] == date(2027, 7, 1)


# Investment ---------------------------------------------------------------------


def test_monthly_reports_accumulate_to_the_completed_investment() -> None:
    project = reporting_project()
    assert project.investment == {
        "2026-03": Decimal("2000"),
        "2026-04": Decimal("3500.50"),
    }
    assert project.completed_investment == Decimal("3500.50")


def test_the_same_month_may_be_reported_again_with_a_higher_figure() -> None:
    project = reporting_project()
    project.report_investment(meta(), "2026-04", Decimal("3600"))
    assert project.completed_investment == Decimal("3600")


def test_a_month_without_new_investment_keeps_the_cumulative_figure() -> None:
    project = reporting_project()
    project.report_investment(meta(), "2026-05", Decimal("3500.50"))
    assert project.investment["2026-05"] == Decimal("3500.50")


@pytest.mark.parametrize(
    ("month", "cumulative", "complaint"),
    [
        ("2026-05", Decimal("3500.49"), "correct it instead"),
        ("2026-04", Decimal("3500.50"), "already"),
        ("2026-03", Decimal("4000"), "correct 2026-03 instead"),
    ],
)
def test_investment_may_not_fall_repeat_or_go_back_a_month_without_a_correction(
    month: str, cumulative: Decimal, complaint: str
) -> None:
    with pytest.raises(RuleBroken, match=complaint):
        reporting_project().report_investment(meta(), month, cumulative)


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-00", "2026-4", "26-04", "2026/04", "1999-12"]
)
def test_a_report_names_a_month_as_yyyy_mm(month: str) -> None:
    with pytest.raises(InvalidValue, match="month"):
        reporting_project().report_investment(meta(), month, Decimal("4000"))


def test_investment_beyond_three_times_the_total_is_implausible() -> None:
    project = reporting_project()
    project.report_investment(meta(), "2026-05", TOTAL * 3)
    with pytest.raises(InvalidValue, match="3×"):
        project.report_investment(meta(), "2026-06", TOTAL * 3 + Decimal("0.01"))
    with pytest.raises(InvalidValue, match="3×"):
        project.correct_investment(meta(), "2026-05", TOTAL * 4, "多报")


def test_a_correction_sets_any_month_and_the_latest_month_stays_completed() -> None:
    project = reporting_project()
    project.correct_investment(meta(), "2026-03", Decimal("1800"), "统计口径调整")
    assert project.completed_investment == Decimal("3500.50")
    project.correct_investment(meta(), "2026-04", Decimal("3000"), "重复统计")
    assert project.completed_investment == Decimal("3000")
    project.report_investment(meta(), "2026-05", Decimal("3000"))
    assert project.investment["2026-03"] == Decimal("1800")


def test_a_correction_needs_a_reason_and_a_different_figure() -> None:
    project = reporting_project()
    with pytest.raises(InvalidValue, match="reason"):
        project.correct_investment(meta(), "2026-04", Decimal("3000"), "")
    with pytest.raises(RuleBroken, match="already"):
        project.correct_investment(meta(), "2026-04", Decimal("3500.5"), "同")


def test_an_annual_plan_is_set_for_any_year_and_this_years_follows_it() -> None:
    project = registered_project()
    project.set_annual_plan(meta(), 2027, Decimal("20000"))
    project.set_annual_plan(meta(), 2026, Decimal("15000"))
    assert project.annual_plans == {"2026": Decimal("15000"), "2027": Decimal("20000")}
    assert project.planned_investment == Decimal("15000")


# Suspension ---------------------------------------------------------------------


def test_a_suspended_project_refuses_stage_advances_and_reports_until_resumed() -> None:
    project = suspended_project()
    with pytest.raises(RuleBroken, match="suspended"):
        project.advance_stage(meta(), Stage.UNDER_CONSTRUCTION)
    with pytest.raises(RuleBroken, match="suspended"):
        project.report_investment(meta(), "2026-05", Decimal("4000"))
    project.resume(meta())
    project.advance_stage(meta(), Stage.UNDER_CONSTRUCTION)
    project.report_investment(meta(), "2026-05", Decimal("4000"))
    assert (project.stage, project.completed_investment) == (
        Stage.UNDER_CONSTRUCTION,
        Decimal("4000"),
    )


def test_a_suspended_project_may_still_be_corrected() -> None:
    project = suspended_project()
    project.correct_investment(meta(), "2026-04", Decimal("3400"), "核减")
    project.correct_stage(meta(), Stage.PRE_CONSTRUCTION, "尚未取得施工许可")
    assert (project.completed_investment, project.stage) == (
        Decimal("3400"),
        Stage.PRE_CONSTRUCTION,
    )


# People -------------------------------------------------------------------------


def test_stewards_are_assigned_and_unassigned() -> None:
    project, first, second = registered_project(), an_officer(), an_officer()
    project.assign_steward(meta(), first)
    project.assign_steward(meta(), second)
    project.unassign_steward(meta(), first.id)
    assert project.stewards == [second.id]


def test_a_leader_is_assigned_replaced_and_unassigned() -> None:
    project, first, second = registered_project(), an_officer(), an_officer()
    project.assign_leader(meta(), first)
    project.assign_leader(meta(), second)
    assert project.leader == second.id
    project.unassign_leader(meta())
    assert project.leader is None


def test_a_city_officer_may_lead_a_countys_project() -> None:
    project, city = registered_project(), an_officer(jurisdiction="6105")
    project.assign_leader(meta(), city)
    project.assign_steward(meta(), city)
    assert (project.leader, project.stewards) == (city.id, [city.id])


def test_a_project_moves_to_another_jurisdiction() -> None:
    project = registered_project()
    project.move(meta(), "610526", "行政区划调整")
    assert project.jurisdiction == "610526"


STEWARD = an_officer()


def stewarding(officer: Officer) -> Callable[[Project], None]:
    return lambda project: project.assign_steward(meta(), officer)


def leading(officer: Officer) -> Callable[[Project], None]:
    return lambda project: project.assign_leader(meta(), officer)


def staffed_project() -> Project:
    project = registered_project()
    project.assign_steward(meta(), STEWARD)
    project.assign_leader(meta(), STEWARD)
    return project


ILLEGAL: list[tuple[Callable[[], Project], Callable[[Project], None]]] = [
    (registered_project, lambda p: p.assign_steward(meta(), an_officer(active=False))),
    (registered_project, lambda p: p.assign_leader(meta(), an_officer(active=False))),
    # Officers of the county next door, or of one township for the whole county's.
    *(
        (registered_project, assign(an_officer(jurisdiction=elsewhere)))
        for elsewhere in ("610503", "610502001")
        for assign in (stewarding, leading)
    ),
    (registered_project, lambda p: p.unassign_steward(meta(), uuid4())),
    (registered_project, lambda p: p.unassign_leader(meta())),
    (registered_project, lambda p: p.resume(meta())),
    (registered_project, lambda p: p.move(meta(), "610502", "原地")),
    (registered_project, lambda p: p.set_annual_plan(meta(), 2026, Decimal("18000"))),
    (staffed_project, lambda p: p.assign_steward(meta(), STEWARD)),
    (staffed_project, lambda p: p.assign_leader(meta(), STEWARD)),
    (suspended_project, lambda p: p.suspend(meta(), "再次停工")),
    (suspended_project, lambda p: p.advance_stage(meta(), Stage.OPERATING)),
    (suspended_project, lambda p: p.report_investment(meta(), "2026-05", TOTAL)),
]


@pytest.mark.parametrize(("state", "command"), ILLEGAL)
def test_an_illegal_change_is_refused_and_changes_nothing(
    state: Callable[[], Project], command: Callable[[Project], None]
) -> None:
    project = state()
    before = copy.deepcopy(vars(project))
    with pytest.raises(RuleBroken):
        command(project)
    assert vars(project) == before


# Through the service ------------------------------------------------------------


def register_project(project_id: UUID, owner_id: UUID) -> RegisterProject:
    return RegisterProject(
        project_id=project_id,
        code="SX-2026-017",
        name="秦创原新能源电池产业园",
        level=Level.PROVINCIAL,
        jurisdiction="610502",
        location="高新区创业大道",
        owner_enterprise_id=owner_id,
        sector="新能源",
        planned_start=date(2026, 4, 1),
        planned_finish=date(2028, 6, 30),
        total_investment=TOTAL,
        plan_year=2026,
        planned_investment=Decimal("12000"),
    )


def a_project(app: SiteLedger) -> UUID:
    """Registers an owner enterprise and its project; answers the project's id."""
    owner_id, project_id = uuid4(), uuid4()
    app.execute(
        RegisterEnterprise(
            enterprise_id=owner_id,
            credit_code="914403001922038216",
            name="秦创原新能源科技有限公司",
            sector="新能源",
            scale=Scale.ABOVE_DESIGNATED,
            jurisdiction="610502",
        ),
        meta(),
    )
    app.execute(register_project(project_id, owner_id), meta())
    return project_id


def an_officer_of(app: SiteLedger, *, active: bool = True) -> UUID:
    officer_id = uuid4()
    app.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username=f"steward.{officer_id.hex[:8]}",
            name="李强",
            jurisdiction="610502",
            roles=(Role.OFFICER,),
        ),
        meta(),
    )
    if not active:
        app.execute(DeactivateOfficer(officer_id=officer_id, reason="调离"), meta())
    return officer_id


def test_the_service_keeps_a_projects_whole_life(app: SiteLedger) -> None:
    project_id, steward, leader = a_project(app), an_officer_of(app), an_officer_of(app)
    for command in (
        AssignSteward(project_id=project_id, officer_id=steward),
        AssignSteward(project_id=project_id, officer_id=leader),
        UnassignSteward(project_id=project_id, officer_id=leader),
        AssignLeader(project_id=project_id, officer_id=leader),
        AdvanceStage(project_id=project_id, stage=Stage.UNDER_CONSTRUCTION),
        RecordMilestone(
            project_id=project_id,
            milestone=Milestone.GROUNDBREAKING,
            on=date(2026, 4, 8),
        ),
        ReportInvestment(project_id=project_id, month="2026-04", cumulative=TOTAL / 8),
        CorrectInvestment(
            project_id=project_id, month="2026-04", cumulative=TOTAL / 10, reason="核减"
        ),
        SetAnnualPlan(project_id=project_id, year=2027, amount=Decimal("25000")),
        SuspendProject(project_id=project_id, reason="用地指标未落实"),
        ResumeProject(project_id=project_id),
        CorrectStage(
            project_id=project_id, stage=Stage.PRE_CONSTRUCTION, reason="误报"
        ),
        MoveProject(project_id=project_id, jurisdiction="610526", reason="区划调整"),
        UnassignLeader(project_id=project_id),
    ):
        app.execute(command, meta())
    project = app.load(Project, project_id)
    assert (project.stewards, project.leader) == ([steward], None)
    assert (project.stage, project.jurisdiction, project.suspended) == (
        Stage.PRE_CONSTRUCTION,
        "610526",
        False,
    )
    assert project.milestones == {"groundbreaking": date(2026, 4, 8)}
    assert project.completed_investment == Decimal("5200")
    assert project.annual_plans["2027"] == Decimal("25000")


@pytest.mark.parametrize("owner", ["unknown", "an officer"])
def test_a_project_is_registered_only_for_an_existing_enterprise(
    app: SiteLedger, owner: str
) -> None:
    owner_id = an_officer_of(app) if owner == "an officer" else uuid4()
    count = app.notification_count()
    with pytest.raises(NotFound, match="Enterprise"):
        app.execute(register_project(uuid4(), owner_id), meta())
    assert app.notification_count() == count


@pytest.mark.parametrize("command", [AssignSteward, AssignLeader])
def test_only_a_known_active_officer_is_made_steward_or_leader(
    app: SiteLedger, command: type[AssignSteward | AssignLeader]
) -> None:
    project_id = a_project(app)
    inactive = an_officer_of(app, active=False)
    count = app.notification_count()
    with pytest.raises(NotFound, match="Officer"):
        app.execute(command(project_id=project_id, officer_id=uuid4()), meta())
    with pytest.raises(NotFound, match="Officer"):
        app.execute(command(project_id=project_id, officer_id=project_id), meta())
    with pytest.raises(RuleBroken, match="deactivated"):
        app.execute(command(project_id=project_id, officer_id=inactive), meta())
    assert app.notification_count() == count
    assert app.load(Project, project_id).version == 1


def test_a_refused_command_in_a_batch_leaves_the_project_as_the_others_made_it(
    app: SiteLedger,
) -> None:
    project_id = a_project(app)
    commands: list[Command] = [
        ReportInvestment(project_id=project_id, month="2026-05", cumulative=TOTAL / 4),
        ReportInvestment(project_id=project_id, month="2026-06", cumulative=TOTAL / 5),
        AdvanceStage(project_id=project_id, stage=Stage.PRE_CONSTRUCTION),
    ]
    results = app.execute_batch([Submission(c, meta()) for c in commands])
    assert [type(r) for r in results] == [Outcome, RuleBroken, Outcome]
    project = app.load(Project, project_id)
    assert project.investment == {"2026-05": Decimal("13000")}
    assert (project.stage, project.version) == (Stage.PRE_CONSTRUCTION, 3)


def test_a_long_lived_project_loads_from_a_snapshot_equal_to_a_full_replay(
    app: SiteLedger,
) -> None:
    project_id = a_project(app)
    app.execute(
        AssignSteward(project_id=project_id, officer_id=an_officer_of(app)), meta()
    )
    app.execute(
        RecordMilestone(
            project_id=project_id, milestone=Milestone.SIGNED, on=date.today()
        ),
        meta(),
    )
    for month in range(1, 60):
        app.execute(
            ReportInvestment(
                project_id=project_id,
                month=f"{2026 + month // 12}-{month % 12 + 1:02d}",
                cumulative=Decimal(month) * 10 + Decimal("0.25"),
            ),
            meta(),
        )
    assert app.snapshots is not None
    assert [s.originator_version for s in app.snapshots.get(project_id)] == [50]
    replayed = project_aggregate(None, app.events.get(project_id))
    assert replayed is not None
    loaded = app.load(Project, project_id)
    assert loaded.version == 62
    assert vars(loaded) == vars(replayed)
    assert vars(app.load(Project, project_id, version=55)) == vars(
        project_aggregate(None, app.events.get(project_id, lte=55))
    )
