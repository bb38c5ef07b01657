"""Verifying an upload: its bytes are the declared ones, its type is what it claims,
it decodes; what its EXIF claims, and an oriented thumbnail that carries no EXIF."""

import hashlib
import io
import re
import struct
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from itertools import accumulate
from typing import IO, Any

import filetype
from PIL import ExifTags, Image, ImageOps
from pillow_heif import register_heif_opener

from domain.model.evidence import Claims
from domain.services.blobs import Chunk, Declared
from domain.services.images import Inspection, Unacceptable

THUMBNAIL_PX = 512
MAX_PIXELS = 89_478_485  # Pillow's own bound against decompression bombs
PDF_TAIL = 1024
FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/heic": "HEIF",
    "image/heif": "HEIF",
}
OFFSET = re.compile(r"[+-]\d{2}:\d{2}")
DATETIME, OFFSET_TIME, TAKEN, TAKEN_OFFSET = 0x0132, 0x9010, 0x9003, 0x9011
MAKE, MODEL = 0x010F, 0x0110
LAT_REF, LAT, LON_REF, LON = 1, 2, 3, 4
MAX_LABEL = 100


def verify(
    chunks: Iterable[Chunk], declared: Declared, allowed: frozenset[str], limit: int
) -> Inspection:
    """Checks the bytes against the declaration, then what they are."""
    with spooled(chunks, declared, limit) as file:
        return inspect(file, declared.content_type, allowed)


@contextmanager
def spooled(
    chunks: Iterable[Chunk], declared: Declared, limit: int
) -> Iterator[IO[bytes]]:
    """The bytes, hashed as they arrive, if they are the declared ones; held in
    memory as they came (the size limit bounds it) and read back as one file."""
    digest, size = hashlib.sha256(), 0
    parts: list[Chunk] = []
    for chunk in chunks:
        size += len(chunk)
        if size > min(limit, declared.size):
            raise Unacceptable(too_large(size, limit, declared.size))
        digest.update(chunk)
        parts.append(chunk)
    if size != declared.size:
        raise Unacceptable(f"the upload is {size} bytes, not {declared.size}")
    if digest.hexdigest() != declared.sha256:
        raise Unacceptable("the bytes do not hash to the declared SHA-256")
    with io.BufferedReader(Held(parts)) as file:
        yield file


class Held(io.RawIOBase):
    """Chunks read back as one seekable file. Joining them would copy every byte
    again, which costs more than hashing them (see bench/evidence.py)."""

    def __init__(self, parts: list[Chunk]) -> None:
        self._parts = [memoryview(part) for part in parts]
        self._starts = list(accumulate((len(part) for part in parts), initial=0))
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position}.get(whence)
        self._position = max(0, (self._starts[-1] if base is None else base) + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        into, done = memoryview(buffer).cast("B"), 0
        while done < len(into) and self._position < self._starts[-1]:
            index = bisect_right(self._starts, self._position) - 1
            part = self._parts[index][self._position - self._starts[index] :]
            count = min(len(into) - done, len(part))
            into[done : done + count] = part[:count]
            done += count
            self._position += count
        return done


def too_large(size: int, limit: int, declared: int) -> str:
    if size > limit:
        return f"the upload is larger than the limit of {limit} bytes"
    return f"the upload is larger than the declared {declared} bytes"


def sniffed(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return None if kind is None else str(kind.mime)


def family(content_type: str) -> str:
    """HEIC and HEIF are one container; phones name it either way."""
    return "image/heic" if content_type == "image/heif" else content_type


def inspect(file: IO[bytes], declared_type: str, allowed: frozenset[str]) -> Inspection:
    """Sniffs the type from the bytes (never from a name), then decodes."""
    found = sniffed(file.read(8192))
    file.seek(0)
    if found is None or family(found) != family(declared_type):
        raise Unacceptable(
            f"the bytes are {found or 'of no known type'}, not {declared_type}"
        )
    if declared_type not in allowed:
        raise Unacceptable(f"{declared_type} is not accepted as evidence")
    if found == "application/pdf":
        return pdf(file)
    return decoded(file, declared_type)


def pdf(file: IO[bytes]) -> Inspection:
    """A PDF is taken by its magic, if it is whole (ends with its end-of-file mark)."""
    file.seek(0, io.SEEK_END)
    file.seek(max(0, file.tell() - PDF_TAIL))
    if b"%%EOF" not in file.read():
        raise Unacceptable("the PDF is truncated")
    return Inspection("application/pdf", None, None, no_claims(), None)


@cache
def heif_registered() -> bool:
    """Pillow opens HEIC once pillow-heif registers its plugin (done once, on use)."""
    register_heif_opener()
    return True


def decoded(file: IO[bytes], content_type: str) -> Inspection:
    heif_registered()
    try:
        with Image.open(file, formats=[FORMATS[content_type]]) as image:
            width, height = image.size
            if width * height > (Image.MAX_IMAGE_PIXELS or MAX_PIXELS):
                raise Unacceptable(f"the image has too many pixels ({width}×{height})")
            claims = claims_of(image)
            thumbnail = thumbnail_of(image)
    except (
        OSError,
        SyntaxError,
        ValueError,
        struct.error,
        Image.DecompressionBombError,
    ):
        raise Unacceptable(f"the bytes do not decode as {content_type}") from None
    return Inspection(content_type, width, height, claims, thumbnail)


def thumbnail_of(image: Image.Image) -> bytes:
    """Upright (EXIF orientation applied), at most THUMBNAIL_PX, JPEG, no metadata."""
    image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decodes at 1/2 … 1/8
    image.getexif()  # read once, the orientation with it; then no EXIF to write back,
    image.info.pop("exif", None)  # which fails on tags of an odd type (none is kept)
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    clean = upright.convert("RGB")
    clean.info = {}  # nothing of the original's metadata travels on
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=82)
    return out.getvalue()


# EXIF claims -------------------------------------------------------------------------


def no_claims() -> Claims:
    return Claims(None, None, None, None, None)


def claims_of(image: Image.Image) -> Claims:
    exif = image.getexif()
    details = exif.get_ifd(ExifTags.IFD.Exif)
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    taken = details.get(TAKEN) or exif.get(DATETIME)
    offset = details.get(TAKEN_OFFSET) or details.get(OFFSET_TIME)
    return Claims(
        taken_at=taken_at(taken, offset),
        lat=degrees(gps.get(LAT), gps.get(LAT_REF), 90),
        lon=degrees(gps.get(LON), gps.get(LON_REF), 180),
        make=label(exif.get(MAKE)),
        model=label(exif.get(MODEL)),
    )


def taken_at(value: Any, offset: Any) -> str | None:
    """EXIF's `2026:05:01 09:30:00` (+ `+08:00`) as ISO 8601; None if malformed."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.strptime(value.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    stamp = moment.isoformat()
    if isinstance(offset, str) and OFFSET.fullmatch(offset.strip("\x00 ")):
        stamp += offset.strip("\x00 ")
    return stamp


def degrees(value: Any, ref: Any, bound: int) -> float | None:
    """EXIF's degrees, minutes, seconds and hemisphere as signed decimal degrees."""
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if not 0 <= result <= bound:  # also refuses NaN
        return None
    if isinstance(ref, str) and ref.strip("\x00 ").upper() in {"S", "W"}:
        result = -result
    return round(result, 7)


def label(value: Any) -> str | None:
    """A make or model as printable text, or None."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    kept = "".join(c for c in value if unicodedata.category(c)[0] != "C")
    kept = " ".join(kept.split())[:MAX_LABEL]
    return kept or None
