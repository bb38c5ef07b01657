"""Request bodies as a phone sends them, and state set up through the service layer."""

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.http.schemas.commands import build, request_schema
from domain.app import Submission
from domain.commands import issue, project, visit
from domain.commands.base import Command
from domain.errors import DomainError
from tests import factories
from tests.api.conftest import DEPARTMENT, Api, Caller, Place
from tests.factories import BEIJING, a_credit_code, meta

Body = dict[str, Any]
REASON = "县政府常务会议决定"
MOVE = {"jurisdiction": "610502001", "reason": REASON}
GPS = {"lat": 34.36, "lon": 107.24, "accuracy_m": 8.0}
ISSUE_LOOP = ["raised", "assigned", "accepted", "resolution_proposed", "closed"]
DEADLINE = (date.today() + timedelta(days=30)).isoformat()
ITEMS = [dataclasses.asdict(item) for item in factories.ITEMS]  # the county's


def new_id() -> str:
    return str(uuid4())


def device_now() -> str:
    """A phone's clock, in Beijing time with its offset."""
    return datetime.now(UTC).astimezone(BEIJING).isoformat()


def an_enterprise(place: Place) -> Body:
    return {
        "enterprise_id": new_id(),
        "credit_code": a_credit_code(place.jurisdiction),
        "name": "宝鸡秦岭机械有限公司",
        "sector": "装备制造",
        "scale": "above_designated",
        "jurisdiction": place.jurisdiction,
    }


def a_project(place: Place) -> Body:
    return {
        "project_id": new_id(),
        "code": "XM-2026-002",
        "name": "秦岭智能装备产业园",
        "level": "county",
        "jurisdiction": place.jurisdiction,
        "location": "高新区科技路",
        "owner_enterprise_id": str(place.enterprise_id),
        "sector": "装备制造",
        "planned_start": "2026-03-01",
        "planned_finish": "2027-12-31",
        "total_investment": "52000",
        "plan_year": 2026,
        "planned_investment": "18000",
    }


def an_officer(place: Place, role: str = "officer") -> Body:
    return {
        "officer_id": new_id(),
        "username": f"zhang.{uuid4().hex[:8]}",
        "name": "张伟",
        "jurisdiction": place.jurisdiction,
        "roles": [role],
        "department": DEPARTMENT,
    }


def a_checklist(place: Place) -> Body:
    return {
        "template_id": new_id(),
        "name": "安全生产",
        "jurisdiction": place.jurisdiction,
    }


def a_department(place: Place) -> Body:
    """A department of the place, its code and names new."""
    mark = uuid4().hex[:8]
    return {
        "department_id": new_id(),
        "jurisdiction": place.jurisdiction,
        "code": f"D{mark}",
        "name": f"县水利局{mark}",
        "aliases": [f"县水务局{mark}"],
    }


def a_visit(place: Place, *, template: bool = False) -> Body:
    body: Body = {
        "visit_id": new_id(),
        "officer_ids": [str(place.officer_id)],
        "kind": "inspection",
        "planned_for": date.today().isoformat(),
        "project_id": str(place.project_id),
    }
    return body | ({"template_id": str(place.template_id)} if template else {})


def a_photo(owner_id: str, owner: str = "visit") -> Body:
    """A photo's declaration (its bytes are never sent by these tests)."""
    return {
        "evidence_id": new_id(),
        "owner": owner,
        "owner_id": owner_id,
        "sha256": "9f" * 32,
        "size": 2_345_678,
        "content_type": "image/jpeg",
        "file_name": "IMG_0001.JPG",
    }


def an_issue(place: Place, project_id: UUID | str | None = None) -> Body:
    return {
        "issue_id": new_id(),
        "source": "hotline_12345",
        "category": "land",
        "severity": "medium",
        "description": "用地指标尚未落实，影响开工",
        "project_id": str(project_id or place.project_id),
    }


def command(kind: str, args: Body, **envelope: Any) -> Body:
    """One command of a /sync batch, made on the phone now."""
    return {
        "command_id": str(uuid4()),
        "type": kind,
        "device_time": device_now(),
        "args": args,
    } | envelope


def synced(caller: Caller, *commands: Body, device: str = "phone-7") -> list[Body]:
    """The results of one /sync batch, each checked to answer its command."""
    response = caller.post("/sync", {"device_id": device, "commands": list(commands)})
    assert response.status_code == 200, response.get_json()
    results: list[Body] = response.get_json()["results"]
    assert [r["command_id"] for r in results] == [c["command_id"] for c in commands]
    return results


def every_row(caller: Caller, path: str, **query: str) -> list[Body]:
    """Every row of a list, page after page."""
    rows: list[Body] = []
    cursor = None
    while True:
        page = caller.get(
            path, query_string=query | {"cursor": cursor} if cursor else query
        )
        assert page.status_code == 200, page.get_json()
        rows += page.get_json()["items"]
        cursor = page.get_json()["next_cursor"]
        if cursor is None:
            return rows


# Given states, set up through the service layer -------------------------------------


Step = tuple[type[Command], Body]


def given(api: Api, *steps: Step) -> str:
    """Applies commands (their arguments as JSON) in one batch, the views left
    behind until the next write or `Api.catch_up`; answers the first one's id."""
    submissions = [
        Submission(build(command, request_schema(command)().load(args)), meta())
        for command, args in steps
    ]
    for result in api.services.ledger.execute_batch(submissions):
        if isinstance(result, DomainError):
            raise result
    return str(next(iter(steps[0][1].values())))


def given_project(api: Api, place: Place, *then: Step) -> str:
    body = a_project(place)
    project_id = body["project_id"]
    return given(
        api,
        (project.RegisterProject, body),
        *((command, {"project_id": project_id, **args}) for command, args in then),
    )


def given_issue(api: Api, place: Place, status: str = "raised") -> str:
    """A problem about the place's project, taken around its loop up to `status`."""
    body = an_issue(place)
    steps: list[Step] = [
        (issue.AssignIssue, {"department": DEPARTMENT, "deadline": DEADLINE}),
        (issue.AcceptIssue, {}),
        (issue.ProposeResolution, {"summary": "已协调自然资源局落实指标"}),
        (issue.CloseOutIssue, {"note": "企业确认办结"}),
    ]
    loop = steps[: ISSUE_LOOP.index(status)]
    target = {"issue_id": body["issue_id"]}
    return given(
        api, (issue.RaiseIssue, body), *((c, target | args) for c, args in loop)
    )


def given_visit(
    api: Api, place: Place, *, checked_in: bool = True, template: bool = False
) -> str:
    body = a_visit(place, template=template)
    check_in = (visit.CheckIn, {"visit_id": body["visit_id"], "gps": GPS})
    return given(api, (visit.PlanVisit, body), *([check_in] if checked_in else []))
