"""A jurisdiction as reference data (行政区划): its code, level and names."""

from enum import Enum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules, values
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta

PLACES = UUID("0b7e3c52-61d4-4b8a-9f25-3a6c8d1e7f40")


class PlaceLevel(Enum):
    """The levels of the administrative codes, by their length."""

    PROVINCE = "province"  # 2 digits, e.g. 61
    CITY = "city"  # 4, 6105
    COUNTY = "county"  # 6, 610502
    TOWNSHIP = "township"  # 9, 610502001
    VILLAGE = "village"  # 12, 610502001004 (a village or grid)


LENGTHS = {2: PlaceLevel.PROVINCE, 4: PlaceLevel.CITY, 6: PlaceLevel.COUNTY}
LENGTHS |= {9: PlaceLevel.TOWNSHIP, 12: PlaceLevel.VILLAGE}


class Place(Aggregate):
    """A jurisdiction's names: the place belongs to itself (its code is its
    jurisdiction), so its admins register it, and the places below read it."""

    shared_downwards: ClassVar[bool] = True

    class Registered(Aggregate.Created):
        meta: Meta
        jurisdiction: str  # the place's own code, as every placed event names it
        level: PlaceLevel
        name: str
        name_en: str

    @event(Registered)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        level: PlaceLevel,
        name: str,
        name_en: str,
    ) -> None:
        self.code = jurisdiction
        self.jurisdiction = jurisdiction
        self.level = level
        self.name = name
        self.name_en = name_en

    @staticmethod
    def id_for(code: str) -> UUID:
        """One place per code: its id says which."""
        return uuid5(PLACES, code)

    @classmethod
    def register(
        cls, meta: Meta, code: str, level: PlaceLevel, name: str, name_en: str
    ) -> "Place":
        expected = level_of(code)
        if level is not expected:
            raise InvalidValue("level", f"{code} is a {expected.value}'s code")
        return cls(
            id=cls.id_for(code),
            meta=meta,
            jurisdiction=code,
            level=level,
            name=rules.PLACE_NAME.check("name", name),
            name_en=english(name_en),
        )

    class Renamed(Aggregate.Event):
        meta: Meta
        name: str
        name_en: str
        reason: str

    def rename(self, meta: Meta, name: str, name_en: str, reason: str) -> None:
        rules.PLACE_NAME.check("name", name)
        if (name, english(name_en)) == (self.name, self.name_en):
            raise RuleBroken(f"{self.code} is named {name} already")
        self._renamed(
            meta=meta,
            name=name,
            name_en=name_en,
            reason=rules.REASON.check("reason", reason),
        )

    @event(Renamed)
    def _renamed(self, meta: Meta, name: str, name_en: str, reason: str) -> None:
        self.name = name
        self.name_en = name_en


def level_of(code: str) -> PlaceLevel:
    """The level a code's length gives; InvalidValue for any other length."""
    valid = isinstance(code, str) and values.JURISDICTION.fullmatch(code)
    level = LENGTHS.get(len(code)) if valid else None
    if level is None:
        raise InvalidValue("code", "must be 2, 4, 6, 9 or 12 digits")
    return level


def english(name_en: str) -> str:
    """The English name; empty where none is known (the Chinese one is shown)."""
    return rules.PLACE_NAME_EN.check("name_en", name_en) if name_en != "" else ""


STORED_TYPES = (PlaceLevel,)
