"""Evidence in the catalog (listed by owner, hash and status) and in the sync feed."""

import hashlib
import sqlite3
from contextlib import closing
from uuid import uuid4

from click.testing import CliRunner

from api.cli import main
from domain.app import SiteLedger
from domain.commands.evidence import AttachEvidence, DeclareEvidence, RejectEvidence
from domain.model.evidence import NO_CLAIMS, Facts, MediaType, Owner
from projections import Views, open_views
from storage.eventstore import open_ledger, store_env
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


def test_a_catalog_of_the_old_shape_rebuilds_into_honest_columns(
    sqlite_url: str,
) -> None:
    """Evidence kept its owner in `source`, owner id in `visit_id`, digest in `code`
    until the catalog had columns of those names: after upgrading, `views rebuild`
    makes the table anew (docs/deploy.md) and `views verify` finds it equal."""
    with open_ledger(sqlite_url) as app, open_views(store_env(sqlite_url)) as views:
        visit_id = a_visit_in_progress(app, a_county(app))
        photo = uuid4()
        run(
            app,
            DeclareEvidence(
                evidence_id=photo,
                owner=Owner.VISIT,
                owner_id=visit_id,
                sha256=SHA,
                size=10,
                content_type=MediaType.JPEG,
            ),
        )
        views.catch_up(app)
    with (
        closing(
            sqlite3.connect(
                sqlite_url.removeprefix("sqlite:///").replace(
                    ".sqlite3", ".views.sqlite3"
                )
            )
        ) as db,
        db,
    ):
        for column in ("owner", "owner_id", "sha256"):  # the table as it was
            db.execute(f"ALTER TABLE view_catalog DROP COLUMN {column}")
    env = {"SITELEDGER_DATABASE_URL": sqlite_url}
    rebuilt = CliRunner().invoke(main, ["views", "rebuild", "catalog"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    verified = CliRunner().invoke(main, ["views", "verify"], env=env)
    assert verified.exit_code == 0, verified.output
    assert "catalog: equal" in verified.output
    with open_views(store_env(sqlite_url)) as views:
        assert ids(views, "evidence", owner_id=str(visit_id)) == {photo}
        assert one(views, photo).fields["sha256"] == SHA
