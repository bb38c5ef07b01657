"""The 容缺 sweep: documents not supplied by their date are flagged once, by the
system, in the package's history."""

from datetime import datetime
from uuid import UUID

from domain.commands.approval import SupplyDocuments
from domain.services.sweeps import sweep_documents
from domain.values import SYSTEM_ACTOR
from tests.api import approval_bodies as ab
from tests.api.conftest import Api
from tests.factories import BEIJING

DUE_PASSED = datetime(2026, 3, 12, 1, tzinfo=BEIJING)  # due 03-11


def test_documents_past_their_date_are_flagged_once(fresh_api: Api) -> None:
    api = fresh_api
    short = ab.given_package(
        api, api.home, ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED_SHORT
    )
    full = ab.given_package(api, api.home, ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED)
    ledger, views = api.services.ledger, api.services.views
    before = sweep_documents(ledger, views, datetime(2026, 3, 11, 23, tzinfo=BEIJING))
    assert before == []  # due that day: not yet overdue
    assert sweep_documents(ledger, views, DUE_PASSED) == [(UUID(short), ab.PERMIT)]
    assert sweep_documents(ledger, views, DUE_PASSED) == []
    history = api.as_("auditor").get(f"/packages/{short}/permits/build/history")
    last = history.get_json()["events"][-1]
    assert (last["event"], last["actor_id"], last["device_id"]) == (
        "ApprovalPackage.DocumentsOverdue",
        str(SYSTEM_ACTOR),
        "sweep",
    )
    assert last["data"]["supply_by"] == "2026-03-11"
    assert full not in {str(p) for p, _ in sweep_documents(ledger, views, DUE_PASSED)}


def test_documents_supplied_in_time_are_never_flagged(fresh_api: Api) -> None:
    api = fresh_api
    supplied = (SupplyDocuments, {"permit_id": ab.PERMIT, "on": "2026-03-10"})
    ab.given_package(
        api, api.home, ab.PREPARED, ab.SUBMITTED, ab.ACCEPTED_SHORT, supplied
    )
    ledger, views = api.services.ledger, api.services.views
    assert sweep_documents(ledger, views, DUE_PASSED) == []
