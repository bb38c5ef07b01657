"""What each event does to its aggregate's catalog row (in memory)."""

from uuid import UUID, uuid4

from domain.app import SiteLedger
from domain.commands.checklist import RetireChecklistTemplate
from domain.commands.enterprise import UpdateEnterpriseProfile
from domain.commands.issue import AcceptIssue, AssignIssue
from domain.commands.officer import (
    AssignDepartment,
    DeactivateOfficer,
    GrantRole,
    RegisterOfficer,
    RevokeRole,
)
from domain.commands.project import (
    AdvanceStage,
    CorrectStage,
    ResumeProject,
    SuspendProject,
)
from domain.commands.visit import CancelVisit
from domain.model.department import Department
from domain.model.enterprise import Scale
from domain.model.officer import Role
from domain.model.project import Stage
from projections import Views
from tests.factories import a_county, a_visit_in_progress, the_departments
from tests.projections.builders import DUE, one, raise_issue, run


def test_a_suspended_project_stays_suspended_whatever_its_stage(
    app: SiteLedger, memory_views: Views
) -> None:
    county = a_county(app, departments=True)
    project_id = county.project_id
    run(
        app,
        AdvanceStage(project_id=project_id, stage=Stage.PRE_CONSTRUCTION),
        SuspendProject(project_id=project_id, reason="资金未到位"),
        CorrectStage(project_id=project_id, stage=Stage.PLANNING, reason="录入错误"),
    )
    memory_views.catch_up(app)
    row = one(memory_views, project_id)
    assert (row.status, row.fields["stage"]) == ("suspended", "planning")
    run(app, ResumeProject(project_id=project_id))
    memory_views.catch_up(app)
    assert one(memory_views, project_id).status == "planning"


def test_an_officers_roles_department_and_activity_follow_their_events(
    app: SiteLedger, memory_views: Views
) -> None:
    officer_id = uuid4()
    the_departments(app)
    run(
        app,
        RegisterOfficer(
            officer_id=officer_id,
            username="li.na",
            name="李娜",
            jurisdiction="610502",
            roles=(Role.SUPERVISOR, Role.AUDITOR),
        ),
        GrantRole(officer_id=officer_id, role=Role.ADMIN),
        RevokeRole(officer_id=officer_id, role=Role.AUDITOR),
        AssignDepartment(officer_id=officer_id, department="县发改局"),
        DeactivateOfficer(officer_id=officer_id, reason="调离"),
    )
    memory_views.catch_up(app)
    row = one(memory_views, officer_id)
    fields = dict(row.fields)
    department = app.load(Department, UUID(fields.pop("department_id")))
    assert fields == {
        "username": "li.na",
        "roles": "admin,supervisor",
        "department": "县发改局",
    }
    assert department.name == "县发改局"
    assert (row.status, row.version) == ("inactive", 5)


def test_a_profile_update_and_a_retirement_show_in_label_and_status(
    app: SiteLedger, memory_views: Views
) -> None:
    county = a_county(app, departments=True)
    run(
        app,
        UpdateEnterpriseProfile(
            enterprise_id=county.enterprise_id,
            name="秦川建材集团",
            sector="建材",
            scale=Scale.BELOW_DESIGNATED,
        ),
        RetireChecklistTemplate(template_id=county.template_id, reason="改版"),
    )
    memory_views.catch_up(app)
    enterprise = one(memory_views, county.enterprise_id)
    assert (enterprise.label, enterprise.status) == ("秦川建材集团", "below_designated")
    assert enterprise.fields["scale"] == "below_designated"
    assert one(memory_views, county.template_id).status == "retired"


def test_an_issue_shows_its_loop_status_under_a_one_line_label(
    app: SiteLedger, memory_views: Views
) -> None:
    issue_id = raise_issue(
        app, a_county(app, departments=True), "  很长的问题描述\n" * 20
    )
    run(
        app,
        AssignIssue(issue_id=issue_id, department="县住建局", deadline=DUE),
        AcceptIssue(issue_id=issue_id),
    )
    memory_views.catch_up(app)
    issue = one(memory_views, issue_id)
    assert issue.status == "accepted"
    assert len(issue.label) == 60
    assert issue.label.startswith("很长的问题描述 很长的问题描述")
    assert issue.label.endswith("…")


def test_a_cancelled_visit_shows_as_cancelled(
    app: SiteLedger, memory_views: Views
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app, departments=True))
    memory_views.catch_up(app)
    assert one(memory_views, visit_id).status == "in_progress"
    run(app, CancelVisit(visit_id=visit_id, reason="企业停产"))
    memory_views.catch_up(app)
    assert one(memory_views, visit_id).status == "cancelled"
