"""Confirming evidence on every blob store: verified bytes are attached, anything else
is rejected with its reason and nothing is promoted."""

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from PIL import Image

from domain.commands.evidence import DeclareEvidence
from domain.errors import InvalidValue, RuleBroken
from domain.model.evidence import Evidence, MediaType, Owner, Status
from domain.services.blobs import Area, BlobStore, evidence_key
from domain.services.evidence import EvidenceService, Policy
from storage.images import verify
from tests.factories import meta
from tests.photos import (
    Photo,
    heic_from_phone,
    jpeg_from_phone,
    not_an_image,
    pdf,
)
from tests.storage.desk import LIMIT, Desk, attached


def test_a_confirmed_jpeg_is_attached_with_its_facts_and_claims(desk: Desk) -> None:
    photo = jpeg_from_phone()
    evidence = attached(desk, photo)
    assert evidence.status is Status.ATTACHED
    assert evidence.facts is not None
    assert evidence.claims is not None
    assert (evidence.facts.width, evidence.facts.height) == (640, 480)
    assert evidence.facts.key == evidence_key(photo.sha256)
    assert (evidence.claims.lat, evidence.claims.lon) == (34.36, 107.24)
    assert desk.stored(evidence.facts.key) == photo.body
    assert desk.backend.store.stat(Area.QUARANTINE, str(evidence.id)) is None


def test_the_thumbnail_is_stored_without_exif(desk: Desk) -> None:
    evidence = attached(desk, heic_from_phone())
    assert evidence.facts is not None
    assert evidence.facts.thumbnail_key is not None
    thumbnail = desk.stored(evidence.facts.thumbnail_key)
    assert thumbnail is not None
    assert not Image.open(io.BytesIO(thumbnail)).getexif()


def test_confirming_attached_evidence_again_changes_nothing(desk: Desk) -> None:
    evidence = attached(desk, jpeg_from_phone())
    events = desk.app.notification_count()
    again = desk.confirm(evidence.id)
    assert (again.status, again.version) == (Status.ATTACHED, evidence.version)
    assert desk.app.notification_count() == events


def test_a_form_upload_is_confirmed_like_a_put(desk: Desk) -> None:
    photo = pdf()
    evidence_id = desk.declare(photo)
    assert desk.upload(evidence_id, photo.body, form=True) in (200, 204)
    evidence = desk.confirm(evidence_id)
    assert evidence.status is Status.ATTACHED
    assert evidence.facts is not None
    assert evidence.facts.thumbnail_key is None


def rejected(desk: Desk, evidence_id: UUID, reason: str) -> Evidence:
    """Confirms and checks the rejection: its reason, nothing attached or promoted."""
    evidence = desk.confirm(evidence_id)
    assert evidence.status is Status.REJECTED
    assert evidence.rejection is not None
    assert reason in evidence.rejection
    assert "Evidence.Attached" not in desk.events(evidence_id)
    assert desk.stored(evidence_key(evidence.sha256)) is None
    return evidence


def test_confirm_refuses_bytes_that_do_not_hash_to_the_declaration(
    desk: Desk,
) -> None:
    photo = jpeg_from_phone()
    evidence_id = desk.declare(photo)
    other = bytes(reversed(photo.body))  # the same size: a form's policy lets it in
    desk.upload(evidence_id, other, form=True)
    rejected(desk, evidence_id, "do not hash to the declared SHA-256")


def test_confirm_refuses_an_upload_of_another_size(desk: Desk) -> None:
    photo = jpeg_from_phone()
    evidence_id = desk.declare(photo)
    desk.backend.plant(str(evidence_id), photo.body + b"tail")
    rejected(desk, evidence_id, f"not {photo.size}")


def test_confirm_refuses_a_non_image_named_jpg(desk: Desk) -> None:
    fake = not_an_image()
    evidence_id = desk.declare(fake)
    desk.upload(evidence_id, fake.body)
    rejected(desk, evidence_id, "not image/jpeg")


def test_confirm_refuses_an_object_never_uploaded(desk: Desk) -> None:
    rejected(desk, desk.declare(jpeg_from_phone()), "nothing has been uploaded")


def test_confirm_refuses_an_object_over_the_limit(desk: Desk) -> None:
    big = Photo(b"\xff\xd8\xff" + bytes(LIMIT), "image/jpeg", "big.jpg")
    evidence_id = desk.declare(big)  # as a sync from offline records it
    desk.backend.plant(str(evidence_id), big.body)
    rejected(desk, evidence_id, f"larger than the limit of {LIMIT} bytes")


def test_a_repeated_refusal_is_recorded_once(desk: Desk) -> None:
    evidence_id = desk.declare(jpeg_from_phone())
    desk.confirm(evidence_id)
    desk.confirm(evidence_id)
    assert desk.events(evidence_id) == ["Evidence.Declared", "Evidence.Rejected"]


def test_rejected_evidence_is_attached_once_the_right_bytes_arrive(
    desk: Desk,
) -> None:
    photo = jpeg_from_phone()
    evidence_id = desk.declare(photo)
    rejected(desk, evidence_id, "nothing has been uploaded")
    desk.upload(evidence_id, photo.body)
    assert desk.confirm(evidence_id).status is Status.ATTACHED


def test_two_pieces_of_evidence_of_one_photo_share_its_stored_object(
    desk: Desk,
) -> None:
    photo = jpeg_from_phone()
    first, second = attached(desk, photo), attached(desk, photo)
    assert first.facts is not None
    assert second.facts is not None
    assert first.facts.key == second.facts.key
    assert desk.stored(first.facts.key) == photo.body


class Racing:
    """A store through which a second confirmation overtakes the first."""

    def __init__(self, store: BlobStore, overtake: Iterator[None]) -> None:
        self._store, self._overtake = store, overtake

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def promote(self, *args: str) -> None:
        next(self._overtake, None)
        self._store.promote(*args)


def test_two_confirmations_at_once_attach_the_evidence_once(desk: Desk) -> None:
    photo = jpeg_from_phone()
    evidence_id = desk.declare(photo)
    desk.upload(evidence_id, photo.body)

    def overtake() -> Iterator[None]:
        desk.confirm(evidence_id)
        yield

    racing = Racing(desk.backend.store, overtake())
    slow = EvidenceService(desk.app, racing, desk.service.policy, verify)  # type: ignore[arg-type]
    assert slow.confirm(evidence_id, meta()).status is Status.ATTACHED
    assert desk.events(evidence_id).count("Evidence.Attached") == 1


def test_links_read_the_original_and_its_thumbnail(desk: Desk) -> None:
    photo = jpeg_from_phone()
    evidence = attached(desk, photo)
    content = desk.service.link(evidence)
    assert content.expires_at > datetime.now(UTC)
    assert desk.backend.download(content.url) == photo.body
    thumbnail = desk.backend.download(desk.service.link(evidence, thumbnail=True).url)
    assert Image.open(io.BytesIO(thumbnail)).format == "JPEG"


def test_only_attached_evidence_has_content_and_a_pdf_no_thumbnail(
    desk: Desk,
) -> None:
    with pytest.raises(RuleBroken, match="declared"):
        desk.service.link(desk.load(desk.declare(jpeg_from_phone())))
    with pytest.raises(RuleBroken, match="no thumbnail"):
        desk.service.link(attached(desk, pdf()), thumbnail=True)


def test_attached_evidence_gets_no_new_upload_slot(desk: Desk) -> None:
    with pytest.raises(RuleBroken, match="attached already"):
        desk.service.slot(attached(desk, jpeg_from_phone()))


@pytest.mark.parametrize(
    ("size", "content_type", "field"),
    [(LIMIT + 1, MediaType.JPEG, "size"), (10, MediaType.WEBP, "content_type")],
)
def test_a_declaration_over_the_limits_is_not_admitted(
    desk: Desk, size: int, content_type: MediaType, field: str
) -> None:
    command = DeclareEvidence(
        evidence_id=uuid4(),
        owner=Owner.VISIT,
        owner_id=desk.visit_id,
        sha256="0" * 64,
        size=size,
        content_type=content_type,
    )
    policy = Policy(max_bytes=LIMIT, allowed_types=frozenset({MediaType.JPEG}))
    with pytest.raises(InvalidValue) as refused:
        EvidenceService(desk.app, desk.backend.store, policy, verify).admit(command)
    assert refused.value.field == field


def test_an_upload_of_a_type_no_longer_allowed_is_refused(desk: Desk) -> None:
    photo = pdf()
    evidence_id = desk.declare(photo)
    desk.upload(evidence_id, photo.body)
    policy = Policy(allowed_types=frozenset({MediaType.JPEG}))
    strict = EvidenceService(desk.app, desk.backend.store, policy, verify)
    evidence = strict.confirm(evidence_id, meta())
    assert evidence.rejection == "application/pdf is not accepted as evidence"
