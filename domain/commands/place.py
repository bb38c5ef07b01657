"""Registering and renaming jurisdictions (the register of places by name)."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.errors import AlreadyExists
from domain.model.place import Place, PlaceLevel, level_of
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RegisterPlace(Command, wire="RegisterPlace"):
    code: str
    level: PlaceLevel
    name: str
    name_en: str = ""

    @property
    def target_id(self) -> UUID:
        return Place.id_for(self.code if isinstance(self.code, str) else "")

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        level_of(self.code)
        if unit.exists(self.target_id):
            raise AlreadyExists(f"{self.code} is registered already: rename it")
        place = Place.register(meta, self.code, self.level, self.name, self.name_en)
        return unit.add(place)


@dataclass(frozen=True, kw_only=True)
class RenamePlace(Change[Place], wire="RenamePlace"):
    kind: ClassVar[type[Aggregate]] = Place
    place_id: UUID
    name: str
    name_en: str = ""
    reason: str

    @property
    def target_id(self) -> UUID:
        return self.place_id

    def apply(self, place: Place, meta: Meta) -> None:
        place.rename(meta, self.name, self.name_en, self.reason)
