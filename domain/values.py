"""Value objects and checks shared by every aggregate."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from domain.errors import InvalidValue

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a date of the domain may fall in
DEVICE_ID_LENGTH = 128  # a device as it names itself (`Meta.device_id`)

JURISDICTION = re.compile(r"[0-9]{2,12}")  # ASCII digits: 2 a province … 12 a grid
# A GPS fix's bounds: degrees either side of zero, and its accuracy in metres.
LATITUDE, LONGITUDE, MAX_ACCURACY_M = 90, 180, 100_000
MAX_OFFSET = timedelta(hours=14)
# Bidirectional overrides and isolates can disguise text (CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Meta:
    """Who sent a command, from which device, by the device's clock, under which id."""

    actor_id: UUID
    command_id: UUID
    device_id: str
    device_time: datetime

    def check(self) -> "Meta":
        text("device_id", self.device_id, DEVICE_ID_LENGTH)
        device_time(self.device_time)
        return self


@dataclass(frozen=True)
class GeoFix:
    """A GPS fix as the device reported it: degrees (WGS 84) and accuracy in metres."""

    lat: float
    lon: float
    accuracy_m: float

    def check(self) -> "GeoFix":
        bounds = (("lat", self.lat, LATITUDE), ("lon", self.lon, LONGITUDE))
        for field, value, bound in bounds:
            if not isinstance(value, int | float) or not -bound <= value <= bound:
                raise InvalidValue(field, f"must be a number from -{bound} to {bound}")
        if not 0 <= self.accuracy_m <= MAX_ACCURACY_M:
            raise InvalidValue(
                "accuracy_m", f"must be from 0 to {MAX_ACCURACY_M} metres"
            )
        return self


def plausible_date(field: str, value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValue(field, f"must fall in {FIRST_YEAR} to {LAST_YEAR}")
    return value


def text(field: str, value: str, max_length: int, *, multiline: bool = False) -> str:
    """A non-blank string without control characters, NUL or disguising marks."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, "must not be blank")
    if len(value) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    for char in value:
        if multiline and char in "\n\t":
            continue
        if unicodedata.category(char) in {"Cc", "Cs"} or char in BIDI_CONTROLS:
            raise InvalidValue(field, f"contains a forbidden character {char!r}")
    return value


def jurisdiction(code: str) -> str:
    """A trimmed administrative code: 2 digits a province … 12 a grid."""
    if not isinstance(code, str) or not JURISDICTION.fullmatch(code):
        raise InvalidValue("jurisdiction", "must be 2 to 12 digits")
    return code


def device_time(value: datetime) -> datetime:
    """The device's own clock: aware, a sane year, an offset of at most ±14:00."""
    offset = value.utcoffset()
    if offset is None:
        raise InvalidValue("device_time", "must carry a UTC offset")
    if abs(offset) > MAX_OFFSET:
        raise InvalidValue("device_time", "offset must be within ±14:00")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValue("device_time", "year out of range")
    return value


def amount(field: str, value: Decimal) -> Decimal:
    """Money in 10,000 yuan (万元): finite, not negative, two decimals at most."""
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidValue(field, "must be a finite amount ≥ 0 with at most 2 decimals")
    if value >= Decimal("1e12"):
        raise InvalidValue(field, "is implausibly large")
    return value


# The service's own actors, whose ids no officer may be registered under: in the
# history, what they did must never pass for an officer's, nor an officer's for theirs.
OPERATOR = UUID(int=0)  # what an operator does on the command line
SYSTEM_ACTOR = UUID("00000000-0000-4000-8000-5ee900000000")  # sweep, verifier


def reserved(value: UUID) -> bool:
    """Never a client's new id: a UUID of version 0 (the nil UUID is the operator's),
    3 or 5 (its version digit, whatever its variant: the service derives the ids of
    receipts and claims by name), or the system's own actor."""
    return (value.int >> 76) & 0xF in (0, 3, 5) or value == SYSTEM_ACTOR
