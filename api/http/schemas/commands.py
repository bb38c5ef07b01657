"""Request schemas made from the command dataclasses, so a command is declared once."""

import dataclasses
import re
import types
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import marshmallow as ma
from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.rules import documented, rules_of
from domain.commands.base import Command

MAX_TEXT = 4000
MAX_ITEMS = 200
SURROGATE = re.compile("[\ud800-\udfff]")


def whole_characters(value: str) -> None:
    """Refuses a lone surrogate (JSON `"\\ud800"`): no stored text can hold one."""
    if SURROGATE.search(value):
        raise ma.ValidationError("holds a lone surrogate, not a whole character")


def request_schema(
    command: type[Command], *, exclude: tuple[str, ...] = ()
) -> type[ma.Schema]:
    """`<Command>Request`: the command's fields less those the URL gives."""
    hints = get_type_hints(command)
    declared = {
        f.name: field_for(hints[f.name], f, command.__name__)
        for f in dataclasses.fields(command)
        if f.name not in exclude
    }
    name = f"{command.__name__}Request"
    return Schema.from_dict(declared, name=name)


class ValueSchema(Schema):
    """Loads a value object (a GPS fix, a checklist item) as its dataclass."""

    model: ClassVar[type[Any]]

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Any:
        return self.model(**data)


@cache
def value_schema(cls: type[Any]) -> type[ma.Schema]:
    hints = get_type_hints(cls)
    declared = {
        f.name: field_for(hints[f.name], f, cls.__name__)
        for f in dataclasses.fields(cls)
    }
    return type(cls.__name__, (ValueSchema,), {**declared, "model": cls})


def field_for(
    hint: Any, spec: dataclasses.Field[Any], owner: str = ""
) -> fields.Field[Any]:
    """A marshmallow field for a type hint, optional where the dataclass has a
    default, with the checks the domain makes of it alone (api.schemas.rules)."""
    options: dict[str, Any] = {"required": True}
    if spec.default is not dataclasses.MISSING:
        default = spec.default
        options = {
            "load_default": list(default) if isinstance(default, tuple) else default
        }
    inner, optional = _unwrap_optional(hint)
    if optional:
        options["allow_none"] = True
    field = _field(inner, options)
    field.validators.extend(rules_of(owner, spec.name))
    field.metadata = {**field.metadata, **documented(owner, spec.name)}
    return field


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(get_args(hint))
    return hint, False


def _field(hint: Any, options: dict[str, Any]) -> fields.Field[Any]:
    if get_origin(hint) is tuple:
        item = _field(get_args(hint)[0], {"required": True})
        return fields.List(item, validate=validate.Length(max=MAX_ITEMS), **options)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return fields.Enum(hint, by_value=True, **options)
    if dataclasses.is_dataclass(hint):
        return fields.Nested(value_schema(hint), **options)  # type: ignore[arg-type]
    simple: dict[type, Any] = {
        UUID: lambda: fields.UUID(**options),
        str: lambda: fields.String(
            validate=[validate.Length(max=MAX_TEXT), whole_characters], **options
        ),
        bool: lambda: fields.Boolean(**options),
        int: lambda: fields.Integer(
            strict=True, validate=validate.Range(-(2**31), 2**31 - 1), **options
        ),
        float: lambda: fields.Float(allow_nan=False, **options),
        Decimal: lambda: fields.Decimal(allow_nan=False, as_string=True, **options),
        date: lambda: fields.Date(**options),
        datetime: lambda: fields.AwareDateTime(**options),
    }
    return simple[hint]()  # type: ignore[no-any-return]


def build(command: type[Command], data: dict[str, Any], **ids: UUID) -> Command:
    """The command from loaded request data (lists become the command's tuples)."""
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return command(**ids, **values)
