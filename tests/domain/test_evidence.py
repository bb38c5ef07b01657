"""Evidence: declared by a phone, attached, rejected or missed by the server."""

import hashlib
from uuid import UUID, uuid4

import pytest

from domain.app import SiteLedger
from domain.commands.evidence import (
    AttachEvidence,
    DeclareEvidence,
    RejectEvidence,
    ReportEvidenceMissing,
)
from domain.commands.issue import RaiseIssue
from domain.errors import AlreadyExists, InvalidValue, NotFound, RuleBroken
from domain.model.evidence import (
    Claims,
    Evidence,
    Facts,
    MediaType,
    Owner,
    Status,
    display_name,
)
from domain.model.issue import Category, Severity, Source
from tests.factories import a_county, a_visit_in_progress, meta

SHA = hashlib.sha256(b"a photo").hexdigest()
FACTS = Facts(MediaType.JPEG, 4032, 3024, f"sha256/{SHA}", f"thumbnails/{SHA}.jpg")
CLAIMS = Claims("2026-05-01T09:30:00+08:00", 34.36, 107.24, "Apple", "iPhone 15")


def declared(**overrides: object) -> Evidence:
    facts: dict[str, object] = {
        "jurisdiction": "610502",
        "owner": Owner.VISIT,
        "owner_id": uuid4(),
        "item_id": None,
        "sha256": SHA,
        "size": 1234,
        "content_type": MediaType.JPEG,
        "file_name": "IMG_0001.jpg",
    }
    return Evidence.declare(id=uuid4(), meta=meta(), **(facts | overrides))


def status(evidence: Evidence) -> Status:
    """Read afresh (a plain attribute check would stay narrowed for the type checker)."""
    return evidence.status


def attached() -> Evidence:
    evidence = declared()
    evidence.attach(meta(), FACTS, CLAIMS)
    return evidence


def test_declared_evidence_waits_for_its_upload() -> None:
    evidence = declared()
    assert evidence.status is Status.DECLARED
    assert evidence.facts is None
    assert evidence.upload_name == str(evidence.id)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("sha256", {"sha256": "ABC"}),
        ("sha256", {"sha256": SHA.upper()}),
        ("size", {"size": 0}),
        ("size", {"size": 2**31}),
        ("content_type", {"content_type": "image/jpeg"}),
        ("item_id", {"owner": Owner.ANSWER}),
        ("item_id", {"item_id": "safety"}),
    ],
)
def test_a_malformed_declaration_is_refused(
    field: str, overrides: dict[str, object]
) -> None:
    with pytest.raises(InvalidValue) as refused:
        declared(**overrides)
    assert refused.value.field == field


def test_attaching_records_the_servers_facts_next_to_the_claims() -> None:
    evidence = attached()
    assert evidence.status is Status.ATTACHED
    assert evidence.facts == FACTS
    assert evidence.claims == CLAIMS


def test_rejected_evidence_can_be_uploaded_again_and_attached() -> None:
    evidence = declared()
    evidence.reject(meta(), "the bytes do not hash to the declared SHA-256")
    assert evidence.status is Status.REJECTED
    assert evidence.rejection is not None
    evidence.attach(meta(), FACTS, CLAIMS)
    assert status(evidence) is Status.ATTACHED
    assert evidence.rejection is None


def test_attached_evidence_is_neither_attached_again_nor_rejected() -> None:
    evidence = attached()
    with pytest.raises(RuleBroken, match="attached"):
        evidence.attach(meta(), FACTS, CLAIMS)
    with pytest.raises(RuleBroken, match="attached"):
        evidence.reject(meta(), "too late")


def test_only_attached_evidence_goes_missing() -> None:
    with pytest.raises(RuleBroken, match="declared"):
        declared().report_missing(meta())
    evidence = attached()
    evidence.report_missing(meta())
    assert evidence.status is Status.MISSING
    evidence.attach(meta(), FACTS, CLAIMS)  # uploaded again from the phone
    assert status(evidence) is Status.ATTACHED


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("IMG_0001.jpg", "IMG_0001.jpg"),
        ("现场照片 1.heic", "现场照片 1.heic"),
        ("", "evidence"),
    ],
)
def test_a_file_name_is_kept_to_show(name: str, shown: str) -> None:
    assert display_name(name) == shown


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/sdcard/DCIM/IMG_0001.jpg",
        "C:\\Users\\wang\\photo.heic",
        "..",
        "evil\u202egpj.exe",
        "a\x00b.jpg",
        "a\r\nb.jpg",
        " ",
        "x" * 256,
    ],
)
def test_a_file_name_that_could_pass_for_a_path_or_hides_characters_is_refused(
    name: str,
) -> None:
    with pytest.raises(InvalidValue) as refused:
        display_name(name)
    assert refused.value.field == "file_name"


# Through the service layer ---------------------------------------------------------


def declare(app: SiteLedger, owner: Owner, owner_id: UUID, **more: object) -> UUID:
    evidence_id = uuid4()
    command = DeclareEvidence(
        evidence_id=evidence_id,
        owner=owner,
        owner_id=owner_id,
        sha256=SHA.upper(),
        size=1234,
        content_type=MediaType.JPEG,
        file_name="IMG_0001.jpg",
        **more,  # type: ignore[arg-type]
    )
    app.execute(command, meta(), scope="610502")
    return evidence_id


def test_evidence_takes_its_jurisdiction_from_what_it_belongs_to(
    app: SiteLedger,
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    evidence = app.load(Evidence, declare(app, Owner.VISIT, visit_id))
    assert evidence.jurisdiction == "610502"
    assert evidence.sha256 == SHA  # stored in lowercase
    assert evidence.file_name == "IMG_0001.jpg"


def test_an_answers_photo_names_an_item_of_the_visits_checklist(
    app: SiteLedger,
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    declare(app, Owner.ANSWER, visit_id, item_id="safety")
    with pytest.raises(InvalidValue, match="checklist"):
        declare(app, Owner.ANSWER, visit_id, item_id="no-such-item")


def test_evidence_of_a_problem_belongs_to_the_problem(app: SiteLedger) -> None:
    county = a_county(app)
    issue_id = uuid4()
    app.execute(
        RaiseIssue(
            issue_id=issue_id,
            source=Source.HOTLINE,
            category=Category.LAND,
            severity=Severity.LOW,
            description="用地手续未办结",
            project_id=county.project_id,
        ),
        meta(),
    )
    evidence = app.load(Evidence, declare(app, Owner.ISSUE, issue_id))
    assert (evidence.owner, evidence.owner_id) == (Owner.ISSUE, issue_id)


def test_evidence_of_something_outside_the_jurisdiction_is_not_found(
    app: SiteLedger,
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app, "610503"))
    with pytest.raises(NotFound):
        declare(app, Owner.SIGNATURE, visit_id)
    with pytest.raises(NotFound):
        declare(app, Owner.ISSUE, visit_id)  # a visit is not a problem


def test_evidence_is_declared_once(app: SiteLedger) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    evidence_id = declare(app, Owner.VISIT, visit_id)
    again = DeclareEvidence(
        evidence_id=evidence_id,
        owner=Owner.VISIT,
        owner_id=visit_id,
        sha256=SHA,
        size=1,
        content_type=MediaType.PNG,
    )
    with pytest.raises(AlreadyExists):
        app.execute(again, meta())


def test_the_servers_verdicts_are_stored_and_replayed(app: SiteLedger) -> None:
    evidence_id = declare(app, Owner.VISIT, a_visit_in_progress(app, a_county(app)))
    for command in (
        RejectEvidence(evidence_id=evidence_id, reason="nothing was uploaded"),
        AttachEvidence(evidence_id=evidence_id, facts=FACTS, claims=CLAIMS),
        ReportEvidenceMissing(evidence_id=evidence_id),
    ):
        app.execute(command, meta())
    evidence = app.load(Evidence, evidence_id)
    assert (evidence.status, evidence.facts, evidence.claims) == (
        Status.MISSING,
        FACTS,
        CLAIMS,
    )
    names = [type(e).__qualname__ for e in app.history(evidence_id)]
    assert names == [
        "Evidence.Declared",
        "Evidence.Rejected",
        "Evidence.Attached",
        "Evidence.Missing",
    ]
