"""Checklist templates over HTTP: created empty, versions published, retired, seen below."""

import pytest

from tests.api import bodies as b
from tests.api.conftest import Api

PROBLEM = "application/problem+json"


@pytest.fixture
def template(api: Api) -> str:
    body = b.a_checklist(api.home)
    assert api.as_("admin").post("/checklists", body).status_code == 201
    return str(body["template_id"])


def test_each_publication_is_a_new_fixed_version(api: Api, template: str) -> None:
    admin = api.as_("admin")
    first = admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS[:1]})
    second = admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS})
    assert first.get_json()["latest_version"] == 1
    published = second.get_json()
    assert (published["latest_version"], published["version"]) == (2, 3)
    assert published["versions"] == {"1": b.ITEMS[:1], "2": b.ITEMS}


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([b.ITEMS[0], b.ITEMS[0]], "items"),
        ([b.ITEMS[0] | {"item_id": "安全"}], "items"),
        ([b.ITEMS[0] | {"photo_required": "maybe"}], "items"),
        ([b.ITEMS[0] | {"extra": 1}], "items"),
    ],
    ids=["none", "an id twice", "an id not ascii", "not a boolean", "a field too many"],
)
def test_a_publication_with_bad_items_is_refused(
    api: Api, template: str, items: list[b.Body], field: str
) -> None:
    before = api.events()
    response = api.as_("admin").post(
        f"/checklists/{template}/versions", {"items": items}
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert field in response.get_json()["errors"]["json"]
    assert api.events() == before


def test_a_retired_template_takes_no_new_version_nor_visit(
    api: Api, template: str
) -> None:
    admin = api.as_("admin")
    admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS})
    assert (
        admin.post(
            f"/checklists/{template}/retirement", {"reason": "标准更新"}
        ).status_code
        == 200
    )
    before = api.events()
    refused = [
        admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS[:1]}),
        api.as_("officer").post(
            "/visits", b.a_visit(api.home) | {"template_id": template}
        ),
    ]
    assert [(r.status_code, r.get_json()["detail"]) for r in refused] == [
        (409, "checklist '安全生产' is retired")
    ] * 2
    assert api.events() == before
    (row,) = [
        r
        for r in b.every_row(admin, "/checklists", q="安全生产")
        if r["id"] == template
    ]
    assert row["status"] == "retired"


def test_the_checklist_list_filters_by_status_and_name(api: Api, template: str) -> None:
    admin = api.as_("admin")
    other = b.a_checklist(api.home) | {"name": "消防检查"}
    admin.post("/checklists", other)
    admin.post(f"/checklists/{template}/retirement", {"reason": "标准更新"})
    retired = {r["id"] for r in b.every_row(admin, "/checklists", status="retired")}
    named = {r["id"] for r in b.every_row(admin, "/checklists", q="消防")}
    assert (template in retired, other["template_id"] in retired) == (True, False)
    assert (template in named, other["template_id"] in named) == (False, True)


def test_a_visit_copies_the_version_it_was_planned_with(
    api: Api, template: str
) -> None:
    admin, officer = api.as_("admin"), api.as_("officer")
    admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS[:1]})
    admin.post(f"/checklists/{template}/versions", {"items": b.ITEMS})
    planned = officer.post(
        "/visits",
        b.a_visit(api.home) | {"template_id": template, "template_version": 1},
    ).get_json()
    latest = officer.post("/visits", b.a_visit(api.home) | {"template_id": template})
    assert (planned["template_version"], planned["items"]) == (1, b.ITEMS[:1])
    assert (latest.get_json()["template_version"], latest.get_json()["items"]) == (
        2,
        b.ITEMS,
    )
