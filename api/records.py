"""Events and aggregates as plain JSON-ready records for the CLI, API and auditors."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent

from domain.model.approval import ApprovalPackage
from domain.model.checklist import ChecklistTemplate
from domain.model.package_template import PackageTemplate

# How clients name kinds whose class name is not the word they use.
TYPE_NAMES: dict[type[Aggregate], str] = {
    ChecklistTemplate: "checklist",
    ApprovalPackage: "package",
    PackageTemplate: "package_template",
}
SYSTEM_FIELDS = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "meta",
}


def plain(value: Any) -> Any:
    """A value as JSON would carry it."""
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, UUID | date | datetime | Decimal):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def event_record(event: DomainEvent) -> dict[str, Any]:
    """One line of an aggregate's history: what, who, where from, by whose clock."""
    meta = event.meta  # type: ignore[attr-defined]
    return {
        "version": event.originator_version,
        "event": type(event).__qualname__,
        "recorded_at": event.timestamp,
        "actor_id": meta.actor_id,
        "device_id": meta.device_id,
        "device_time": meta.device_time,
        "command_id": meta.command_id,
        "data": {k: plain(v) for k, v in vars(event).items() if k not in SYSTEM_FIELDS},
    }


def state(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's attributes with its type, identity, version and times."""
    values = {k.lstrip("_"): v for k, v in vars(aggregate).items()}
    values.pop("pending_events", None)
    return values | {"type": type_name(type(aggregate)), "id": aggregate.id}


def type_name(kind: type[Aggregate]) -> str:
    """How clients name a kind of aggregate: issue, visit, checklist …"""
    return TYPE_NAMES.get(kind, kind.__name__.lower())


def aggregate_record(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's state as plain JSON values."""
    record: dict[str, Any] = plain(state(aggregate))
    return record
