"""The rules of a package's permits over HTTP: who decides, in which order, 容缺
documents before the grant; offline steps through /sync and the feed."""

from typing import Any

from domain.commands import officer
from tests.api import approval_bodies as ab
from tests.api.approval_run import handler_of
from tests.api.bodies import Step, command, given, new_id, synced
from tests.api.conftest import Api, Caller

PROBLEM = "application/problem+json"
Body = dict[str, Any]


def a_package(api: Api, *then: Step) -> str:
    return ab.given_package(api, api.home, *then)


def refused(api: Api, caller: str, path: str, body: Body) -> tuple[int, str]:
    before = api.events()
    answer = api.as_(caller).post(path, body)
    assert answer.mimetype == PROBLEM, answer.get_json()
    assert api.events() == before  # nothing stored
    return answer.status_code, answer.get_json()["detail"]


def test_a_handler_decides_only_permits_of_their_department(api: Api) -> None:
    package = a_package(api)
    accepted = handler_of(api, "县发改局").post(
        f"/packages/{package}/committed-limit",
        {"permit_id": ab.PERMIT, "committed_days": 5},
    )
    assert accepted.status_code == 403
    assert accepted.get_json()["detail"] == "permit build is for 县住建局 to decide"


def test_an_agent_acts_only_on_packages_they_serve(api: Api) -> None:
    package = ab.given_package(api, api.home, agents=False)
    status, detail = refused(
        api,
        "agent",
        f"/packages/{package}/preparation",
        {"permit_id": ab.PERMIT, "on": "2026-03-02"},
    )
    assert (status, detail) == (403, "you are not an agent of this package")


def test_a_permit_is_not_granted_while_its_missing_documents_are_due(api: Api) -> None:
    package = a_package(api, ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED_SHORT)
    status, detail = refused(
        api,
        "handler",
        f"/packages/{package}/grant",
        {"permit_id": ab.PERMIT, "on": "2026-03-09"},
    )
    assert status == 409
    assert (
        detail
        == "permit build awaits its missing documents: 施工图审查合格书 (due 2026-03-11)"
    )


def test_steps_keep_their_order(api: Api) -> None:
    package = a_package(api, ab.PREPARED)
    status, _ = refused(
        api,
        "handler",
        f"/packages/{package}/acceptance",
        {"permit_id": ab.PERMIT, "on": "2026-03-05"},
    )
    assert status == 409  # not submitted yet
    status, detail = refused(
        api,
        "agent",
        f"/packages/{package}/submission",
        {"permit_id": ab.PERMIT, "on": "2026-03-01"},
    )
    assert (status, detail) == (
        422,
        "on: 2026-03-01 is before the permit's last step, on 2026-03-02",
    )


def test_a_step_dated_after_the_day_it_is_sent_is_refused(api: Api) -> None:
    package = a_package(api)
    status, detail = refused(
        api,
        "agent",
        f"/packages/{package}/preparation",
        {"permit_id": ab.PERMIT, "on": "2099-01-01"},
    )
    assert status == 422
    assert "after the day it was recorded" in detail


def test_a_missing_document_needs_a_date_after_the_acceptance(api: Api) -> None:
    package = a_package(api, ab.PREPARED, ab.SUBMITTED)
    body = {
        "permit_id": ab.PERMIT,
        "on": "2026-03-04",
        "missing": ["施工图审查合格书"],
        "supply_by": "2026-03-04",
    }
    status, detail = refused(api, "handler", f"/packages/{package}/acceptance", body)
    assert (status, detail) == (
        422,
        "supply_by: must be after the acceptance, on 2026-03-04",
    )


def test_a_project_has_one_package(api: Api) -> None:
    first = ab.a_package(api, api.home)
    supervisor = api.as_("supervisor")
    assert supervisor.post("/packages", first).status_code == 201
    again = first | {"package_id": new_id()}
    status, _ = refused(api, "supervisor", "/packages", again)
    assert status == 409


def test_an_agent_s_offline_steps_sync_and_reach_the_feed(api: Api) -> None:
    package = a_package(api)
    agent = api.as_("agent")
    results = synced(
        agent,
        command("PreparePermit", {"package_id": package, "permit_id": "build", "on": "2026-03-02"}),
        command("SubmitPermit", {"package_id": package, "permit_id": "build", "on": "2026-03-03"}),
    )  # fmt: skip
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert results[-1]["version"] == 4  # created, agents, two steps
    mine = [c for c in feed(agent) if c["aggregate_id"] == package]
    assert [c["event"] for c in mine][-2:] == [
        "ApprovalPackage.Prepared",
        "ApprovalPackage.Submitted",
    ]
    assert {c["type"] for c in mine} == {"package"}


def feed(caller: Caller) -> list[Body]:
    """Every change of the caller's feed, page after page."""
    found: list[Body] = []
    query: dict[str, Any] = {"limit": 1000}
    while True:
        page = caller.get("/sync/changes", query_string=query).get_json()
        found += page["changes"]
        if not page["changes"]:
            return found
        query["cursor"] = page["next_cursor"]


def test_packages_are_listed_by_project(api: Api) -> None:
    body = ab.a_package(api, api.home)
    assert api.as_("supervisor").post("/packages", body).status_code == 201
    listed = api.as_("auditor").get(
        "/packages", query_string={"project_id": body["project_id"]}
    )
    assert [p["id"] for p in listed.get_json()["items"]] == [body["package_id"]]


def test_only_the_chief_agent_records_another_agent_s_matter(api: Api) -> None:
    other = api.as_("agent")  # an agent of the package, not its chief
    package = ab.given_package(api, api.home, agents=False)
    supervisor = api.as_("supervisor")
    second = another_agent(api)
    assigned = supervisor.post(
        f"/packages/{package}/agents",
        {"chief_agent_id": second, "agent_ids": [str(other.officer_id)]},
    )
    assert assigned.status_code == 200, assigned.get_json()
    matter = {
        "matter_id": new_id(),
        "agent_id": second,
        "what": "代办用地预审",
        "for_whom": "秦岭机械",
        "opened_on": "2026-03-02",
    }
    status, detail = refused(api, "agent", f"/packages/{package}/matters", matter)
    assert (status, detail) == (
        403,
        "a matter of another agent is the chief agent's to record",
    )
    status, detail = refused(
        api,
        "agent",
        f"/packages/{package}/permit-agent",
        {"permit_id": ab.PERMIT, "agent_id": str(other.officer_id)},
    )
    assert (status, detail) == (
        403,
        "agents are put on permits by the package's chief agent",
    )


def another_agent(api: Api) -> str:
    """Another agent of the home county."""
    body = {
        "officer_id": new_id(),
        "username": f"agent.{new_id()[:8]}",
        "name": "首席代办员",
        "jurisdiction": api.home.jurisdiction,
        "roles": ["agent"],
        "department": None,
    }
    return given(api, (officer.RegisterOfficer, body))
