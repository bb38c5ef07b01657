"""`/audit/heads`, `/audit/proof` and the proof each history entry points to: one
record checked by the standalone verifier without the whole log."""

import base64
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit import seal_now
from tests.api import bodies as b
from tests.api.conftest import AWAY, Api, Caller, an_officer

VERIFIER = Path(__file__).parents[2] / "tools" / "verify_audit_bundle.py"


def verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_audit_bundle", VERIFIER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sealed_issue(api: Api) -> str:
    issue_id = b.given_issue(api, api.home, "assigned")
    seal_now(api.services.ledger, api.services.settings)
    return issue_id


def pinned(api: Api) -> Ed25519PublicKey:
    key = api.as_("auditor").get("/audit/heads").get_json()["public_key"]
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(key))


def test_the_heads_name_the_key_the_size_and_every_seal(api: Api) -> None:
    sealed_issue(api)
    heads = api.as_("auditor").get("/audit/heads")
    assert heads.status_code == 200
    found = heads.get_json()
    assert len(base64.b64decode(found["public_key"])) == 32
    assert found["seals"][-1]["size"] == found["size"]


def test_the_audit_routes_are_for_auditors_and_admins(api: Api) -> None:
    refused = api.as_("officer").get("/audit/heads")
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    assert api.as_("admin").get("/audit/heads").status_code == 200


def test_each_history_entry_points_to_a_proof_the_verifier_accepts(api: Api) -> None:
    issue_id = sealed_issue(api)
    auditor = api.as_("auditor")
    events = auditor.get(f"/issues/{issue_id}/history").get_json()["events"]
    assert [e["proof"] for e in events] == [
        f"/audit/events/{issue_id}/{n}/proof" for n in (1, 2)
    ]
    proof = auditor.get(events[1]["proof"])
    assert proof.status_code == 200
    bundle = proof.get_json()
    (entry,) = bundle["entries"]
    assert json.loads(base64.b64decode(entry["state"]))["department"]
    assert verifier().verify(bundle, pinned(api)) == []


def test_a_proof_with_a_changed_byte_is_refused_by_the_verifier(api: Api) -> None:
    issue_id = sealed_issue(api)
    path = f"/audit/events/{issue_id}/1/proof"
    bundle = api.as_("auditor").get(path).get_json()
    state = base64.b64decode(bundle["entries"][0]["state"])
    changed = state.replace(b"610502", b"610503")
    bundle["entries"][0]["state"] = base64.b64encode(changed).decode()
    (found,) = verifier().verify(bundle, pinned(api))
    assert found[1] == "edited"


def test_a_proof_by_position_and_its_bounds(api: Api) -> None:
    issue_id = sealed_issue(api)
    auditor = api.as_("auditor")
    size = auditor.get("/audit/heads").get_json()["size"]
    by_event = auditor.get(f"/audit/events/{issue_id}/1/proof")
    position = by_event.get_json()["from"]
    assert auditor.get(f"/audit/proof?position={position}").get_json() == (
        by_event.get_json()
    )
    claim = auditor.get("/audit/proof?position=1")  # a credit code's claim: no place
    assert claim.status_code == 404
    assert auditor.get(f"/audit/proof?position={size + 1}").status_code == 409
    assert auditor.get("/audit/proof").status_code == 422
    unknown = auditor.get(f"/audit/events/{b.new_id()}/1/proof")
    assert unknown.status_code == 404


def test_a_record_not_sealed_yet_is_409(api: Api) -> None:
    sealed_issue(api)
    later = b.given_issue(api, api.home)
    answer = api.as_("auditor").get(f"/audit/events/{later}/1/proof")
    assert answer.status_code == 409
    assert "not sealed yet" in answer.get_json()["detail"]


def test_another_jurisdictions_auditor_gets_404(api: Api) -> None:
    issue_id = sealed_issue(api)
    services = api.services
    officer_id = an_officer(services, "auditor", AWAY)
    token, _ = services.tokens.issue(officer_id, f"auditor.{AWAY}")
    away = Caller(api.app.test_client(), token, officer_id)
    answer = away.get(f"/audit/events/{issue_id}/1/proof")
    assert answer.status_code == 404


def test_a_head_kept_by_an_auditor_is_proven_a_prefix_of_the_newest_seal(
    api: Api,
) -> None:
    sealed_issue(api)
    auditor = api.as_("auditor")
    kept = auditor.get("/audit/heads").get_json()["seals"][-1]
    sealed_issue(api)  # the log grows, and is sealed again
    answer = auditor.get(f"/audit/consistency?size={kept['size']}")
    assert answer.status_code == 200
    found = answer.get_json()
    newest = found["seal"]
    assert newest["size"] > kept["size"]
    assert found["old_root"] == kept["root"]
    proof = [bytes.fromhex(p) for p in found["proof"]]
    roots = bytes.fromhex(kept["root"]), bytes.fromhex(newest["root"])
    assert verifier().consistent(kept["size"], newest["size"], *roots, proof)
    assert not verifier().consistent(
        kept["size"], newest["size"], roots[1], roots[1], proof
    )
    beyond = auditor.get(f"/audit/consistency?size={newest['size'] + 1}")
    assert beyond.status_code == 404
