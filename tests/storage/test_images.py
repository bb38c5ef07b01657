"""Verifying uploaded bytes: the declaration, the type, decoding, claims, thumbnail."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from domain.model.evidence import MediaType
from domain.services.blobs import Declared
from domain.services.images import Inspection, Unacceptable
from storage.images import (
    THUMBNAIL_PX,
    degrees,
    label,
    taken_at,
    verify,
)
from tests.photos import (
    Photo,
    heic_from_phone,
    jpeg_from_phone,
    jpeg_with_mistyped_exif,
    not_an_image,
    pdf,
    png,
    truncated_jpeg,
    webp,
)

LIMIT = 25 << 20
CONTENT_TYPES = frozenset(t.value for t in MediaType)


def declared(photo: Photo, **changed: object) -> Declared:
    values: dict[str, object] = {
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
    }
    return Declared(**(values | changed))  # type: ignore[arg-type]


def in_chunks(body: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def inspected(photo: Photo, **changed: object) -> Inspection:
    return verify(
        in_chunks(photo.body), declared(photo, **changed), CONTENT_TYPES, LIMIT
    )


def refusal(photo: Photo, limit: int = LIMIT, **changed: Any) -> str:
    with pytest.raises(Unacceptable) as refused:
        verify(in_chunks(photo.body), declared(photo, **changed), CONTENT_TYPES, limit)
    return refused.value.reason


def test_a_phones_jpeg_shows_its_claims_beside_the_servers_facts() -> None:
    found = inspected(jpeg_from_phone())
    assert (found.content_type, found.width, found.height) == ("image/jpeg", 640, 480)
    assert found.claims.taken_at == "2026-05-01T09:30:00+08:00"
    assert (found.claims.lat, found.claims.lon) == (34.36, 107.24)
    assert (found.claims.make, found.claims.model) == ("Apple", "iPhone 15 Pro")


def test_a_heic_from_an_iphone_decodes_with_its_claims() -> None:
    found = inspected(heic_from_phone())
    assert (found.content_type, found.width, found.height) == ("image/heic", 640, 480)
    assert (found.claims.lat, found.claims.lon) == (34.36, 107.24)


def test_the_thumbnail_is_upright_small_and_carries_no_exif() -> None:
    found = inspected(jpeg_from_phone(1600, 1200))
    assert found.thumbnail is not None
    thumbnail = Image.open(io.BytesIO(found.thumbnail))
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (THUMBNAIL_PX * 3 // 4, THUMBNAIL_PX)  # turned upright
    assert not thumbnail.getexif()
    assert "exif" not in thumbnail.info


def test_exif_that_cannot_be_written_back_still_gives_an_upright_thumbnail() -> None:
    found = inspected(jpeg_with_mistyped_exif())
    assert found.thumbnail is not None
    thumbnail = Image.open(io.BytesIO(found.thumbnail))
    assert thumbnail.size == (THUMBNAIL_PX * 3 // 4, THUMBNAIL_PX)
    assert found.claims.lat == 34.36  # what could be read is still claimed


@pytest.mark.parametrize("photo", [png(), webp()], ids=["png", "webp"])
def test_pngs_and_webps_are_accepted_without_claims(photo: Photo) -> None:
    found = inspected(photo)
    assert found.content_type == photo.content_type
    assert found.claims.taken_at is None
    assert found.thumbnail is not None


def test_a_pdf_is_accepted_by_its_magic_without_a_thumbnail() -> None:
    found = inspected(pdf())
    assert (found.content_type, found.width, found.thumbnail) == (
        "application/pdf",
        None,
        None,
    )


def test_a_heic_declared_as_heif_is_the_same_container() -> None:
    assert inspected(heic_from_phone(), content_type="image/heif").width == 640


@pytest.mark.parametrize(
    ("photo", "changed", "reason"),
    [
        (jpeg_from_phone(), {"sha256": "0" * 64}, "do not hash to the declared"),
        (jpeg_from_phone(), {"size": 10}, "larger than the declared 10 bytes"),
        (jpeg_from_phone(), {"size": 10**9}, "not 1000000000"),
        (not_an_image(), {}, "of no known type, not image/jpeg"),
        (png(), {"content_type": "image/jpeg"}, "are image/png, not image/jpeg"),
        (truncated_jpeg(), {}, "do not decode as image/jpeg"),
    ],
    ids=["hash", "larger", "smaller", "not-an-image", "another-type", "truncated"],
)
def test_bytes_that_are_not_the_declared_evidence_are_refused(
    photo: Photo, changed: dict[str, Any], reason: str
) -> None:
    assert reason in refusal(photo, **changed)


def test_an_upload_over_the_limit_is_refused_before_it_is_read_whole() -> None:
    photo = jpeg_from_phone()
    assert "larger than the limit of 1000 bytes" in refusal(photo, limit=1000)


def test_a_type_that_is_not_allowed_is_refused() -> None:
    photo = webp()
    with pytest.raises(Unacceptable, match="not accepted"):
        verify([photo.body], declared(photo), frozenset({"image/jpeg"}), LIMIT)


def test_a_truncated_pdf_is_refused() -> None:
    whole = pdf()
    cut = Photo(whole.body[:-40], whole.content_type, whole.file_name)
    assert "truncated" in refusal(cut)


@pytest.mark.parametrize(
    ("value", "offset", "expected"),
    [
        ("2026:05:01 09:30:00", "+08:00", "2026-05-01T09:30:00+08:00"),
        ("2026:05:01 09:30:00\x00", None, "2026-05-01T09:30:00"),
        ("2026:05:01 09:30:00", "+8", "2026-05-01T09:30:00"),
        ("0000:00:00 00:00:00", "+08:00", None),
        (b"2026:05:01 09:30:00", None, None),
    ],
)
def test_an_exif_time_is_a_claim_read_as_iso_8601(
    value: object, offset: object, expected: str | None
) -> None:
    assert taken_at(value, offset) == expected


@pytest.mark.parametrize(
    ("value", "ref", "bound", "expected"),
    [
        ((34.0, 21.0, 36.0), "N", 90, 34.36),
        ((107.0, 14.0, 24.0), "W", 180, -107.24),
        ((95.0, 0.0, 0.0), "N", 90, None),
        ((float("nan"), 0.0, 0.0), "N", 90, None),
        ((1.0, 2.0), "N", 90, None),
        (None, None, 90, None),
    ],
)
def test_exif_gps_becomes_signed_decimal_degrees(
    value: object, ref: object, bound: int, expected: float | None
) -> None:
    assert degrees(value, ref, bound) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Apple\x00", "Apple"), (b"HUAWEI", "HUAWEI"), ("\u202e\n", None), (7, None)],
)
def test_a_make_or_model_is_printable_text(value: object, expected: str | None) -> None:
    assert label(value) == expected
