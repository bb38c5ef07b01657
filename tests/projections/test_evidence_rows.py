"""Evidence in the catalog (listed by owner, hash and status) and in the sync feed."""

import hashlib
from uuid import uuid4

from domain.app import SiteLedger
from domain.commands.evidence import AttachEvidence, DeclareEvidence, RejectEvidence
from domain.model.evidence import NO_CLAIMS, Facts, MediaType, Owner
from projections import Views
from tests.factories import a_county, a_visit_in_progress
from tests.projections.builders import ids, one, run

SHA = hashlib.sha256(b"photo").hexdigest()


def test_evidence_is_listed_by_owner_hash_and_status(
    app: SiteLedger, memory_views: Views
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    photo, signature = uuid4(), uuid4()
    for evidence_id, owner in ((photo, Owner.VISIT), (signature, Owner.SIGNATURE)):
        run(
            app,
            DeclareEvidence(
                evidence_id=evidence_id,
                owner=owner,
                owner_id=visit_id,
                sha256=SHA,
                size=10,
                content_type=MediaType.JPEG,
                file_name="IMG_0001.jpg",
            ),
        )
    facts = Facts(MediaType.JPEG, 1, 1, f"sha256/{SHA}", None)
    run(
        app,
        RejectEvidence(evidence_id=photo, reason="nothing was uploaded"),
        AttachEvidence(evidence_id=photo, facts=facts, claims=NO_CLAIMS),
    )
    memory_views.catch_up(app)
    row = one(memory_views, photo)
    assert (row.label, row.status, row.version) == ("IMG_0001.jpg", "attached", 3)
    assert row.fields == {"owner": "visit", "owner_id": str(visit_id), "sha256": SHA}
    assert ids(memory_views, "evidence", owner_id=str(visit_id)) == {photo, signature}
    assert ids(memory_views, "evidence", owner="signature") == {signature}
    assert ids(memory_views, "evidence", status="declared") == {signature}
    assert ids(memory_views, "evidence", "610503") == set()


def test_every_evidence_event_reaches_the_jurisdictions_feed(
    app: SiteLedger, memory_views: Views
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    evidence_id = uuid4()
    run(
        app,
        DeclareEvidence(
            evidence_id=evidence_id,
            owner=Owner.VISIT,
            owner_id=visit_id,
            sha256=SHA,
            size=10,
            content_type=MediaType.PNG,
        ),
        RejectEvidence(evidence_id=evidence_id, reason="the upload is not a PNG"),
    )
    memory_views.catch_up(app)
    rows = [
        row
        for row in memory_views.changes.since("610502", 0, 100)
        if row.aggregate_id == evidence_id
    ]
    assert [(r.kind, r.event, r.version) for r in rows] == [
        ("evidence", "Evidence.Declared", 1),
        ("evidence", "Evidence.Rejected", 2),
    ]
