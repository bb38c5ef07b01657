"""`/audit`: the log's signed heads, and the proof of one record, for auditors."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from flask.views import MethodView
from flask_smorest import abort

from api.audit import recorder, verifying_key
from api.http.auth import current_principal
from api.http.parsing import Blueprint
from api.http.resources import authorized
from api.http.schemas.audit import (
    ConsistencyArgs,
    ConsistencyResponse,
    HeadsResponse,
    ProofArgs,
    ProofResponse,
)
from api.http.services import services
from domain.model.officer import Role
from storage.bundle import NothingSealed, consistency, one
from storage.seals import Seal, public_text

blp = Blueprint(
    "audit", __name__, url_prefix="/audit", description="Tamper evidence (auditors)"
)
AUDITORS = (Role.AUDITOR, Role.ADMIN)


def auditors_only() -> None:
    if not current_principal().has(*AUDITORS):
        abort(403, message="the audit routes are for auditors and admins")


@blp.route("/heads")
class Heads(MethodView):
    @blp.response(200, HeadsResponse)
    @blp.doc(**authorized(403), summary="The signed tree heads of the log")
    def get(self) -> dict[str, Any]:
        auditors_only()
        found = services()
        key = verifying_key(found.settings)
        seals = [Seal.from_json(s) for s in recorder(found.ledger).select_seals()]
        return {
            "public_key": public_text(key) if key else None,
            "size": recorder(found.ledger).chain_size(),
            "seals": sorted(seals, key=lambda s: s.size),
        }


@blp.route("/proof")
class Proof(MethodView):
    @blp.arguments(ProofArgs, location="query")
    @blp.response(200, ProofResponse)
    @blp.doc(**authorized(403, 404, 409), summary="The proof of one record")
    def get(self, args: dict[str, Any]) -> Any:
        """A one-entry bundle: the record at that position of the chain as stored,
        its inclusion proof and the newest seal; `verify_audit_bundle.py` checks
        it as it checks a bundle."""
        return proven(position=args["position"])


@blp.route("/events/<uuid:aggregate_id>/<int:version>/proof")
class EventProof(MethodView):
    @blp.response(200, ProofResponse)
    @blp.doc(**authorized(403, 404, 409), summary="The proof of one event")
    def get(self, aggregate_id: UUID, version: int) -> Any:
        """The proof of an aggregate's event (each history entry names it)."""
        return proven(ref=f"{aggregate_id.hex}:{version}")


@blp.route("/consistency")
class Consistency(MethodView):
    @blp.arguments(ConsistencyArgs, location="query")
    @blp.response(200, ConsistencyResponse)
    @blp.doc(**authorized(403, 404, 409), summary="A kept head is a prefix of the log")
    def get(self, args: dict[str, Any]) -> Any:
        """The RFC 6962 consistency proof from the tree of the first `size` entries
        (a head an auditor kept) to the newest seal: the log only grew since."""
        auditors_only()
        try:
            return consistency(recorder(services().ledger), args["size"])
        except KeyError:
            abort(404, message="the newest seal is smaller than that")
        except NothingSealed as unsealed:
            abort(409, message=str(unsealed))


def proven(position: int | None = None, ref: str = "") -> dict[str, Any]:
    auditors_only()
    try:
        found = one(recorder(services().ledger), position, ref)
    except KeyError:
        abort(404, message="no such record in the sealed log")
    except NothingSealed as unsealed:
        abort(409, message=str(unsealed))
    visible(found["entries"][0])
    return found


def visible(entry: dict[str, Any]) -> None:
    """The record's aggregate lies in the caller's jurisdiction (else 404)."""
    aggregate_id = entry.get("originator_id") or entry.get("aggregate_id")
    if aggregate_id is None:  # removed: `siteledger audit verify` names it
        abort(404, message="no such record in the sealed log")
    scope = current_principal().jurisdiction
    services().ledger.load(Aggregate, UUID(aggregate_id), scope=scope)
