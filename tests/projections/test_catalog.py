"""The catalog: a row per aggregate with the fields lists show, scoped and paged."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.app import SiteLedger
from domain.commands.enterprise import MoveEnterprise
from domain.commands.issue import AssignIssue
from domain.commands.officer import AssignJurisdiction
from domain.commands.project import MoveProject
from domain.model.enterprise import Enterprise
from domain.model.issue import Severity
from projections import Views
from tests.factories import a_county, a_visit_in_progress
from tests.projections.builders import DUE, ids, one, raise_issue, run

# What rows hold, on every store ---------------------------------------------------


def test_catching_up_shows_a_project_with_its_fields(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    views.catch_up(ledger)
    project = one(views, county.project_id)
    assert (project.kind, project.jurisdiction, project.version) == (
        "project",
        "610502",
        1,
    )
    assert (project.label, project.status) == ("年产5万吨新型建材项目", "planning")
    assert project.fields == {
        "code": "XM-2026-001",
        "level": "county",
        "sector": "建材",
        "owner_enterprise_id": str(county.enterprise_id),
        "stage": "planning",
    }
    assert project.created_at == project.updated_at


def test_catching_up_shows_enterprises_officers_and_templates(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    views.catch_up(ledger)
    enterprise = one(views, county.enterprise_id)
    assert (enterprise.label, enterprise.status) == (
        "陕西秦川建材有限公司",
        "above_designated",
    )
    registered = ledger.load(Enterprise, county.enterprise_id).credit_code
    assert enterprise.fields["credit_code"] == registered
    officer = one(views, county.officer_id)
    assert (officer.label, officer.status) == ("王磊", "active")
    assert officer.fields == {"username": county.username, "roles": "officer"}
    template = one(views, county.template_id)
    assert (template.kind, template.status, template.version) == (
        "checklist",
        "active",
        2,
    )


def test_a_visit_and_an_issue_show_where_and_what_they_concern(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    visit_id = a_visit_in_progress(ledger, county)
    issue_id = raise_issue(ledger, county)
    run(ledger, AssignIssue(issue_id=issue_id, department="县自然资源局", deadline=DUE))
    views.catch_up(ledger)
    visit = one(views, visit_id)
    assert (visit.label, visit.status) == (
        f"inspection @ {date.today().isoformat()}",
        "in_progress",
    )
    assert visit.fields["officer_ids"] == str(county.officer_id)
    assert visit.fields["project_id"] == str(county.project_id)
    issue = one(views, issue_id)
    assert (issue.kind, issue.status, issue.version) == ("issue", "assigned", 2)
    assert issue.fields == {
        "category": "land",
        "source": "hotline_12345",
        "severity": "high",
        "department": "县自然资源局",
        "deadline": DUE.isoformat(),
        "project_id": str(county.project_id),
    }
    assert issue.updated_at > issue.created_at


def test_an_aggregate_nobody_created_is_not_found(views: Views) -> None:
    assert views.catalog.get(uuid4()) is None


def test_an_officer_is_found_by_username(ledger: SiteLedger, views: Views) -> None:
    county = a_county(ledger, departments=True)
    views.catch_up(ledger)
    assert views.catalog.find_officer(county.username) == county.officer_id
    assert views.catalog.find_officer("nobody") is None


# Scope, filters and pages, on every store ------------------------------------------


def test_lists_show_only_the_jurisdiction_subtree_asked_for(
    ledger: SiteLedger, views: Views
) -> None:
    here, there = (
        a_county(ledger, "610502", departments=True),
        a_county(ledger, "610503", departments=True),
    )
    views.catch_up(ledger)
    assert ids(views, "project", "610502") == {here.project_id}
    assert ids(views, "project", "6105") == {here.project_id, there.project_id}
    assert ids(views, "project", "61050") == {here.project_id, there.project_id}
    assert ids(views, "project", "") == {here.project_id, there.project_id}
    assert ids(views, "project", "610502001") == set()
    assert ids(views, "project", "62") == set()


def test_lists_filter_on_the_fields_of_their_kind(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    urgent = raise_issue(ledger, county, "用电增容审批慢", Severity.CRITICAL)
    later = raise_issue(ledger, county, "融资需求", Severity.LOW)
    run(ledger, AssignIssue(issue_id=later, department="县金融办", deadline=DUE))
    views.catch_up(ledger)
    assert ids(views, "issue", severity="critical") == {urgent}
    assert ids(views, "issue", department="县金融办", status="assigned") == {later}
    assert ids(views, "issue", project_id=str(county.project_id).upper()) == {
        urgent,
        later,
    }
    assert ids(views, "issue", q="增容") == {urgent}
    assert ids(views, "project", q="xm-2026") == {county.project_id}
    assert ids(views, "officer", roles="officer") == {county.officer_id}
    assert ids(views, "officer", roles="office") == set()
    assert ids(views, "enterprise", scale="above_designated", sector="建材") == {
        county.enterprise_id
    }


def test_a_substring_search_takes_wildcards_literally(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    percent = raise_issue(ledger, county, "完成率100%以上")
    raise_issue(ledger, county, "完成率100以上")
    views.catch_up(ledger)
    assert ids(views, "issue", q="100%") == {percent}
    assert ids(views, "issue", q="_") == set()


@pytest.mark.parametrize(
    ("kind", "filters", "after", "message"),
    [
        ("vehicle", {}, None, "no list of 'vehicle'"),
        ("issue", {"colour": "red"}, None, "no filter 'colour'"),
        ("issue", {"project_id": "not-a-uuid"}, None, "hexadecimal UUID"),
        ("issue", {}, "abc", "not a list position"),
        ("issue", {}, "-1", "not a list position"),
    ],
)
def test_a_list_refuses_what_it_does_not_know(
    views: Views, kind: str, filters: dict[str, str], after: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        views.catalog.list(kind, "", filters, after, 10)


def test_pages_visit_every_row_once_even_as_rows_arrive(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    raised = [raise_issue(ledger, county, f"问题{i}") for i in range(5)]
    views.catch_up(ledger)
    seen: list[UUID] = []
    after: str | None = None
    while True:
        page, after = views.catalog.list("issue", "610502", {}, after, 2)
        seen += [row.id for row in page]
        if after is None:
            break
        if len(raised) < 9:
            raised.append(raise_issue(ledger, county, f"问题{len(raised)}"))
            views.catch_up(ledger)
    assert seen == raised


def test_the_last_page_says_there_is_no_next(ledger: SiteLedger, views: Views) -> None:
    county = a_county(ledger, departments=True)
    views.catch_up(ledger)
    page, after = views.catalog.list("project", "", {}, None, 1)
    assert [row.id for row in page] == [county.project_id]
    assert after is None
    assert views.catalog.list("visit", "", {}, None, 5) == ([], None)


def test_a_move_changes_the_jurisdiction_lists_see(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, departments=True)
    run(
        ledger,
        MoveProject(
            project_id=county.project_id, jurisdiction="610503", reason="区划调整"
        ),
        MoveEnterprise(
            enterprise_id=county.enterprise_id, jurisdiction="610503", reason="迁址"
        ),
        AssignJurisdiction(officer_id=county.officer_id, jurisdiction="6105"),
    )
    views.catch_up(ledger)
    assert ids(views, "project", "610502") == set()
    assert ids(views, "project", "610503") == {county.project_id}
    assert ids(views, "enterprise", "610503") == {county.enterprise_id}
    assert one(views, county.officer_id).jurisdiction == "6105"
    # Now the city's officer: listed in the city, and read from its counties below.
    assert ids(views, "officer", "6105") == {county.officer_id}
    assert ids(views, "officer", "610502") == {county.officer_id}
    assert ids(views, "officer", "6106") == set()


def test_reference_data_is_listed_below_its_jurisdiction_and_nothing_else(
    ledger: SiteLedger, views: Views
) -> None:
    county, neighbour = (
        a_county(ledger, "610502", departments=True),
        a_county(ledger, "610503", departments=True),
    )
    views.catch_up(ledger)
    township = "610502001"  # a township (乡镇) of the county
    assert ids(views, "checklist", township) == {county.template_id}
    assert ids(views, "officer", township) == {county.officer_id}
    assert ids(views, "project", township) == set()  # only reference data
    assert ids(views, "checklist", "610503") == {neighbour.template_id}
    assert ids(views, "checklist", "6105") == {
        county.template_id,
        neighbour.template_id,
    }
