"""How every non-JSON value in an event is stored: one transcoding per type."""

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum: type[Enum]) -> None:
        self.type = enum
        self.name = stored_name(enum)

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = stored_name(cls)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def stored_name(cls: type[Any]) -> str:
    """A type's name in stored events (stored schema: rename with care): its module's
    last part and its name, or the name it was stored under before it moved
    (`__stored_as__`)."""
    moved: str | None = getattr(cls, "__stored_as__", None)
    return moved or f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__qualname__}"


def register(transcoder: JSONTranscoder, *types: type[Any]) -> None:
    """Registers a transcoding for each enum and dataclass type given."""
    transcoder.register(DateAsISO())
    for cls in types:
        if issubclass(cls, Enum):
            transcoder.register(EnumAsValue(cls))
        else:
            transcoder.register(DataclassAsDict(cls))
