"""Lists page by an opaque cursor: every row once, in creation order, writes at once."""

import pytest

from tests.api import bodies as b
from tests.api.conftest import Api, Caller, an_officer

PROBLEM = "application/problem+json"
ROW = {
    "id",
    "type",
    "jurisdiction",
    "version",
    "created_at",
    "updated_at",
    "label",
    "status",
    "fields",
}


def test_paging_through_a_list_shows_every_row_once_in_creation_order(
    fresh_api: Api,
) -> None:
    officer = fresh_api.as_("officer")
    created = [b.an_enterprise(fresh_api.home) for _ in range(7)]
    for body in created:
        assert officer.post("/enterprises", body).status_code == 201
    pages, cursor = [], None
    while True:
        query = {"limit": "3"} | ({"cursor": cursor} if cursor else {})
        page = officer.get("/enterprises", query_string=query).get_json()
        pages.append([row["id"] for row in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [len(p) for p in pages] == [3, 3, 2]
    expected = [
        str(fresh_api.home.enterprise_id),
        *(e["enterprise_id"] for e in created),
    ]
    assert [row for p in pages for row in p] == expected


def test_a_row_created_while_paging_shows_up_once_on_a_later_page(
    fresh_api: Api,
) -> None:
    officer = fresh_api.as_("officer")
    for _ in range(3):
        officer.post("/enterprises", b.an_enterprise(fresh_api.home))
    first = officer.get("/enterprises?limit=2").get_json()
    late = b.an_enterprise(fresh_api.home)
    officer.post("/enterprises", late)
    rest = b.every_row(officer, "/enterprises", cursor=first["next_cursor"])
    ids = [row["id"] for row in first["items"] + rest]
    assert len(ids) == len(set(ids)) == 5
    assert ids[-1] == late["enterprise_id"]


def test_a_row_shows_what_lists_need_and_follows_each_write(api: Api) -> None:
    issue = b.an_issue(api.home)
    api.as_("officer").post("/issues", issue)
    (row,) = [
        r
        for r in b.every_row(api.as_("auditor"), "/issues")
        if r["id"] == issue["issue_id"]
    ]
    assert set(row) == ROW
    assert (row["type"], row["status"], row["version"], row["jurisdiction"]) == (
        "issue",
        "raised",
        1,
        "610502",
    )
    api.as_("supervisor").post(
        f"/issues/{issue['issue_id']}/assign",
        {"department": "县住建局", "deadline": b.DEADLINE},
    )
    (row,) = b.every_row(
        api.as_("auditor"),
        "/issues",
        status="assigned",
        department="县住建局",
        q=issue["description"][:6],
    )
    assert (row["id"], row["version"], row["fields"]["deadline"]) == (
        issue["issue_id"],
        2,
        b.DEADLINE,
    )


def test_a_search_takes_wildcards_literally(api: Api) -> None:
    listed = b.every_row(api.as_("auditor"), "/projects", q="%")
    assert listed == []


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=201", "limit=x", "cursor=%00", "cursor=djE6eA"]
)
def test_a_page_the_service_cannot_give_is_refused(api: Api, query: str) -> None:
    response = api.as_("auditor").get(f"/projects?{query}")
    assert response.status_code in {400, 422}
    assert response.mimetype == PROBLEM
    assert response.get_json()["detail"]


def test_a_township_officer_finds_the_countys_checklists_to_plan_with(
    api: Api,
) -> None:
    officer_id = an_officer(api.services, "officer", "610502001")
    token, _ = api.services.tokens.issue(officer_id, "officer.610502001")
    township = Caller(api.app.test_client(), token, officer_id)
    api.catch_up()
    listed = township.get("/checklists").get_json()["items"]
    assert str(api.home.template_id) in {row["id"] for row in listed}
    assert str(api.away.template_id) not in {row["id"] for row in listed}
    fed = township.get("/sync/changes?limit=1000").get_json()["changes"]
    assert str(api.home.template_id) in {change["aggregate_id"] for change in fed}
    # and the county's departments, to hand problems to
    kinds = {change["type"] for change in fed}
    assert "department" in kinds
    assert kinds <= {"checklist", "officer", "department"}
