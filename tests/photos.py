"""Photos made in the tests: a phone's JPEG and HEIC with EXIF, and other files."""

import hashlib
import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw
from pillow_heif import register_heif_opener

# EXIF tags written by a phone.
MAKE, MODEL, ORIENTATION, DATETIME = 0x010F, 0x0110, 0x0112, 0x0132
EXIF_IFD, GPS_IFD, TAKEN, TAKEN_OFFSET = 0x8769, 0x8825, 0x9003, 0x9011
ROTATED_RIGHT = 6  # the camera was held upright: the pixels lie on their side


@dataclass(frozen=True)
class Photo:
    body: bytes
    content_type: str
    file_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def size(self) -> int:
        return len(self.body)


def picture(width: int = 640, height: int = 480) -> Image.Image:
    """A landscape picture, wider than high, with something to see on it."""
    image = Image.new("RGB", (width, height), (40, 120, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 4, height // 4, width // 2, height // 2), fill="orange")
    return image


def phone_exif(orientation: int = ROTATED_RIGHT) -> Image.Exif:
    """What an iPhone writes: maker, time with offset, a GPS fix (34.36 N 107.24 E)."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Apple", "iPhone 15 Pro"
    exif[ORIENTATION] = orientation
    exif[DATETIME] = "2026:05:01 09:31:00"
    details = exif.get_ifd(EXIF_IFD)
    details[TAKEN], details[TAKEN_OFFSET] = "2026:05:01 09:30:00", "+08:00"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (34.0, 21.0, 36.0)
    gps[3], gps[4] = "E", (107.0, 14.0, 24.0)
    return exif


def jpeg_from_phone(width: int = 640, height: int = 480) -> Photo:
    out = io.BytesIO()
    picture(width, height).save(out, "JPEG", quality=85, exif=phone_exif())
    return Photo(out.getvalue(), "image/jpeg", "IMG_0001.JPG")


def jpeg_with_mistyped_exif() -> Photo:
    """A phone's JPEG whose EXIF holds text under a tag Pillow writes as a number
    (the time's entry renumbered): it reads such EXIF, but cannot write it back."""
    body = jpeg_from_phone(1600, 1200).body
    order: Literal["big", "little"] = "big" if b"Exif\x00\x00MM" in body else "little"
    ascii_type = (2).to_bytes(2, order)
    entry = DATETIME.to_bytes(2, order) + ascii_type
    assert body.count(entry) == 1
    mistyped = body.replace(entry, (0x0122).to_bytes(2, order) + ascii_type)
    return Photo(mistyped, "image/jpeg", "IMG_0003.JPG")


def heic_from_phone() -> Photo:
    register_heif_opener()
    out = io.BytesIO()
    picture().save(out, "HEIF", quality=70, exif=phone_exif(orientation=1))
    return Photo(out.getvalue(), "image/heic", "IMG_0002.HEIC")


def plain(fmt: str, content_type: str, name: str) -> Photo:
    out = io.BytesIO()
    picture(96, 64).save(out, fmt)
    return Photo(out.getvalue(), content_type, name)


def png() -> Photo:
    return plain("PNG", "image/png", "screen.png")


def webp() -> Photo:
    return plain("WEBP", "image/webp", "photo.webp")


def pdf() -> Photo:
    return plain("PDF", "application/pdf", "整改报告.pdf")


def not_an_image() -> Photo:
    """A text file that a phone (or an attacker) names `.jpg`."""
    body = b"#!/bin/sh\necho this is no photo\n" * 40
    return Photo(body, "image/jpeg", "photo.jpg")


def truncated_jpeg() -> Photo:
    whole = jpeg_from_phone().body
    return Photo(whole[: len(whole) // 2], "image/jpeg", "cut.jpg")
