"""A problem's closed loop over HTTP, each step by the role whose step it is."""

from collections.abc import Callable
from uuid import uuid4

import pytest

from domain.commands.visit import CheckIn, PlanVisit
from projections import FIELDS
from tests.api import bodies as b
from tests.api.conftest import DEPARTMENT, Api

PROBLEM = "application/problem+json"
ELSEWHERE = "县发改局"

# Who does what, the status after it, and the event the history records.
LOOP = [
    (
        "supervisor",
        "assign",
        {"department": DEPARTMENT, "deadline": b.DEADLINE},
        "assigned",
        "Issue.Assigned",
    ),
    ("handler", "accept", {}, "accepted", "Issue.Accepted"),
    (
        "handler",
        "progress",
        {"note": "已与自然资源局对接"},
        "accepted",
        "Issue.ProgressReported",
    ),
    (
        "supervisor",
        "escalate",
        {"to": "市发改委", "reason": "跨部门"},
        "accepted",
        "Issue.Escalated",
    ),
    (
        "handler",
        "resolution",
        {"summary": "指标已下达"},
        "resolution_proposed",
        "Issue.ResolutionProposed",
    ),
    (
        "supervisor",
        "send-back",
        {"reason": "缺少批复文件"},
        "accepted",
        "Issue.SentBack",
    ),
    (
        "handler",
        "resolution",
        {"summary": "附批复文件"},
        "resolution_proposed",
        "Issue.ResolutionProposed",
    ),
    ("supervisor", "close-out", {"note": "企业确认"}, "closed", "Issue.ClosedOut"),
    (
        "callback",  # 回访 by the 12345 centre, not by whoever closed it out
        "rating",
        {"satisfaction": "satisfied", "comment": "很满意", "channel": "phone"},
        "closed",
        "Issue.Rated",
    ),
]


def test_a_problem_goes_around_the_whole_loop_by_the_right_hands(api: Api) -> None:
    raised = b.an_issue(api.home)
    path = f"/issues/{raised['issue_id']}"
    created = api.as_("officer").post("/issues", raised)
    assert (created.status_code, created.get_json()["status"]) == (201, "raised")
    for who, action, body, status, _ in LOOP:
        response = api.as_(who).post(f"{path}/{action}", body)
        assert (response.status_code, response.get_json()["status"]) == (200, status), (
            action
        )
    final = api.as_("auditor").get(path).get_json()
    assert {k: final[k] for k in ("department", "send_backs", "escalation_level")} == {
        "department": DEPARTMENT,
        "send_backs": 1,
        "escalation_level": 1,
    }
    assert (final["resolution"], final["satisfaction"], final["progress"]) == (
        "附批复文件",
        "satisfied",
        ["已与自然资源局对接"],
    )
    history = api.as_("auditor").get(f"{path}/history").get_json()["events"]
    assert [e["event"] for e in history] == ["Issue.Raised", *(s[-1] for s in LOOP)]
    actors = [e["actor_id"] for e in history]
    assert actors == [
        str(api.as_(who).officer_id) for who in ("officer", *(s[0] for s in LOOP))
    ]
    (row,) = [
        r
        for r in b.every_row(api.as_("auditor"), "/issues", status="closed")
        if r["id"] == raised["issue_id"]
    ]
    assert row["fields"]["department"] == DEPARTMENT


def test_a_transferred_problem_leaves_the_first_departments_hands(api: Api) -> None:
    issue = b.given_issue(api, api.home, "accepted")
    moved = api.as_("supervisor").post(
        f"/issues/{issue}/transfer",
        {"department": ELSEWHERE, "deadline": b.DEADLINE, "reason": "职责调整"},
    )
    assert (moved.get_json()["status"], moved.get_json()["department"]) == (
        "assigned",
        ELSEWHERE,
    )
    before = api.events()
    refused = api.as_("handler").post(f"/issues/{issue}/accept")
    assert (refused.status_code, refused.get_json()["detail"]) == (
        403,
        "the problem is with another department",
    )
    assert api.events() == before


def test_a_handlers_step_replayed_after_a_transfer_answers_its_first_result(
    api: Api,
) -> None:
    issue = b.given_issue(api, api.home, "assigned")
    handler, key = api.as_("handler"), str(uuid4())
    accepted = handler.post(
        f"/issues/{issue}/accept", {}, headers={"Idempotency-Key": key}
    )
    assert accepted.status_code == 200
    api.as_("supervisor").post(
        f"/issues/{issue}/transfer",
        {"department": ELSEWHERE, "deadline": b.DEADLINE, "reason": "职责调整"},
    )
    before = api.events()
    # The phone lost the first answer: it hears it again, not that it is refused.
    again = handler.post(
        f"/issues/{issue}/accept", {}, headers={"Idempotency-Key": key}
    )
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (200, "true")
    assert again.get_json() == accepted.get_json()
    sent = b.command("AcceptIssue", {"issue_id": issue}, command_id=key)
    (synced,) = b.synced(handler, sent)
    assert (synced["status"], synced["version"]) == (
        "duplicate",
        accepted.get_json()["version"],
    )
    refused = handler.post(f"/issues/{issue}/accept")  # a new accept is not theirs
    assert refused.status_code == 403
    assert api.events() == before


def test_a_duplicate_problem_is_withdrawn_pointing_at_the_original(api: Api) -> None:
    original, duplicate = b.given_issue(api, api.home), b.given_issue(api, api.home)
    supervisor = api.as_("supervisor")
    withdrawn = supervisor.post(
        f"/issues/{duplicate}/withdrawal", {"duplicate_of": original}
    ).get_json()
    assert (withdrawn["status"], withdrawn["duplicate_of"]) == ("withdrawn", original)
    before = api.events()
    again = supervisor.post(
        f"/issues/{original}/withdrawal", {"duplicate_of": original}
    )
    assert (again.status_code, again.get_json()["detail"]) == (
        409,
        "a problem cannot duplicate itself",
    )
    assert api.events() == before


@pytest.mark.parametrize(
    ("status", "action", "body", "detail"),
    [
        ("accepted", "accept", {}, "cannot accept a problem that is accepted"),
        (
            "accepted",
            "close-out",
            {"note": "x"},
            "cannot close out a problem that is accepted",
        ),
        (
            "closed",
            "escalate",
            {"to": "市", "reason": "x"},
            "cannot escalate a problem that is closed",
        ),
    ],
)
def test_a_step_out_of_turn_is_409_saying_why(
    api: Api, status: str, action: str, body: b.Body, detail: str
) -> None:
    issue = b.given_issue(api, api.home, status)
    who = "handler" if action == "accept" else "supervisor"
    before = api.events()
    response = api.as_(who).post(f"/issues/{issue}/{action}", body)
    assert (response.status_code, response.mimetype) == (409, PROBLEM)
    assert response.get_json()["detail"] == detail
    assert api.events() == before


@pytest.fixture(scope="module")
def pair(api: Api) -> tuple[b.Body, b.Body]:
    """Two problems that differ in every field their list filters on."""
    at_the_enterprise = b.a_visit(api.home) | {
        "project_id": None,
        "enterprise_id": str(api.home.enterprise_id),
    }
    visit = b.given(
        api,
        (PlanVisit, at_the_enterprise),
        (CheckIn, {"visit_id": at_the_enterprise["visit_id"], "gps": b.GPS}),
    )
    wanted = b.an_issue(api.home) | {
        "source": "visit",
        "visit_id": visit,
        "category": "finance",
        "severity": "high",
        "description": "流动资金贷款审批慢",
        "project_id": None,
        "enterprise_id": str(api.home.enterprise_id),
    }
    other = b.an_issue(api.home, b.given_project(api, api.home))
    for body in (wanted, other):
        assert api.as_("officer").post("/issues", body).status_code == 201
    assign = {"department": ELSEWHERE, "deadline": "2031-01-31"}
    api.as_("supervisor").post(f"/issues/{wanted['issue_id']}/assign", assign)
    return wanted, other


FILTERS: dict[str, Callable[[b.Body], str]] = {
    "category": lambda wanted: "finance",
    "source": lambda wanted: "visit",
    "severity": lambda wanted: "high",
    "department": lambda wanted: ELSEWHERE,
    "deadline": lambda wanted: "2031-01-31",
    "project_id": lambda wanted: "",
    "enterprise_id": lambda wanted: wanted["enterprise_id"],
    "visit_id": lambda wanted: wanted["visit_id"],
    "status": lambda wanted: "assigned",
    "q": lambda wanted: "贷款",
}


def test_every_filter_of_the_issue_list_is_tried() -> None:
    assert set(FILTERS) == {f.name for f in FIELDS["issue"]} | {"status", "q"}


@pytest.mark.parametrize("name", [n for n in FILTERS if n != "project_id"])
def test_each_filter_narrows_the_issue_list(
    api: Api, pair: tuple[b.Body, b.Body], name: str
) -> None:
    wanted, other = pair
    query = {name: FILTERS[name](wanted)}
    listed = {r["id"] for r in b.every_row(api.as_("auditor"), "/issues", **query)}
    assert wanted["issue_id"] in listed
    assert other["issue_id"] not in listed


def test_the_issue_list_filters_by_project(
    api: Api, pair: tuple[b.Body, b.Body]
) -> None:
    wanted, other = pair
    listed = {
        r["id"]
        for r in b.every_row(
            api.as_("auditor"), "/issues", project_id=other["project_id"]
        )
    }
    assert (other["issue_id"] in listed, wanted["issue_id"] in listed) == (True, False)
