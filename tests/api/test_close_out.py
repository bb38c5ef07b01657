"""销号 on proof, over HTTP on SQLite and PostgreSQL: a problem closes out only once
every photo its resolution cites is verified."""

from typing import Any

from tests.api import bodies as b
from tests.api.conftest import Api
from tests.api.test_evidence import confirmed, send
from tests.photos import jpeg_from_phone

PROBLEM = "application/problem+json"


def a_photo_of(api: Api, issue_id: str) -> tuple[dict[str, Any], Any]:
    """A photo of the fix declared by the handler: a slot, nothing uploaded yet."""
    photo = jpeg_from_phone()
    declaration = b.a_photo(issue_id, "issue") | {
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
    }
    answer = api.as_("handler").post("/evidence", declaration)
    assert answer.status_code == 201, answer.get_json()
    evidence: dict[str, Any] = answer.get_json()
    return evidence, photo


def proposed_citing(api: Api, *evidence_ids: str) -> str:
    issue_id = b.given_issue(api, api.home, "accepted")
    proposal = {"summary": "附现场照片", "evidence_ids": list(evidence_ids)}
    answer = api.as_("handler").post(f"/issues/{issue_id}/resolution", proposal)
    assert answer.status_code == 200, answer.get_json()
    return issue_id


def close_out(api: Api, issue_id: str) -> Any:
    return api.as_("supervisor").post(
        f"/issues/{issue_id}/close-out", {"note": "核实销号"}
    )


def test_a_rejected_photo_holds_the_close_out_until_it_is_verified(
    store_api: Api,
) -> None:
    api = store_api
    issue_id = b.given_issue(api, api.home, "accepted")
    evidence, photo = a_photo_of(api, issue_id)
    proposal = {"summary": "附现场照片", "evidence_ids": [evidence["id"]]}
    api.as_("handler").post(f"/issues/{issue_id}/resolution", proposal)
    assert confirmed(api, evidence["id"], "handler")["status"] == "rejected"
    before = api.events()
    refused = close_out(api, issue_id)
    assert (refused.status_code, refused.content_type) == (409, PROBLEM)
    assert evidence["id"] in refused.get_json()["detail"]
    assert "rejected (nothing has been uploaded)" in refused.get_json()["detail"]
    assert api.events() == before
    assert send(api, evidence["upload"], photo.body).status_code == 200
    assert confirmed(api, evidence["id"], "handler")["status"] == "attached"
    closed = close_out(api, issue_id)
    assert (closed.status_code, closed.get_json()["status"]) == (200, "closed")


def test_a_photo_declared_but_not_yet_verified_holds_the_close_out(
    store_api: Api,
) -> None:
    api = store_api
    issue_id = b.given_issue(api, api.home, "accepted")
    evidence, _ = a_photo_of(api, issue_id)
    proposal = {"summary": "附现场照片", "evidence_ids": [evidence["id"]]}
    api.as_("handler").post(f"/issues/{issue_id}/resolution", proposal)
    refused = close_out(api, issue_id)
    assert refused.status_code == 409
    assert (
        f"{evidence['id']} cited by the resolution is declared"
        in (refused.get_json()["detail"])
    )


def test_a_photo_never_declared_holds_the_close_out(store_api: Api) -> None:
    phantom = b.new_id()
    issue_id = proposed_citing(store_api, phantom)
    refused = close_out(store_api, issue_id)
    assert refused.status_code == 409
    assert refused.get_json()["detail"] == (
        f"evidence {phantom} cited by the resolution was never declared"
    )


def test_a_photo_of_another_problem_is_no_proof_of_this_one(store_api: Api) -> None:
    api = store_api
    other = b.given_issue(api, api.home, "accepted")
    evidence, photo = a_photo_of(api, other)
    send(api, evidence["upload"], photo.body)
    assert confirmed(api, evidence["id"], "handler")["status"] == "attached"
    issue_id = proposed_citing(api, evidence["id"])
    refused = close_out(api, issue_id)
    assert refused.status_code == 409
    assert refused.get_json()["detail"] == (
        f"evidence {evidence['id']} is not of this problem"
    )


def test_a_resolution_citing_no_photo_closes_out_as_before(store_api: Api) -> None:
    issue_id = proposed_citing(store_api)
    assert close_out(store_api, issue_id).status_code == 200
