"""What views are fed: the application's notifications, decoded, in log order."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import get_topic

from domain.damage import DamagedHistory
from domain.model.approval import ApprovalPackage
from domain.model.checklist import ChecklistTemplate
from domain.model.claim import Claim
from domain.model.department import Department
from domain.model.enterprise import Enterprise
from domain.model.evidence import Evidence
from domain.model.issue import Issue
from domain.model.meeting import Meeting
from domain.model.officer import Officer
from domain.model.package_template import PackageTemplate
from domain.model.place import Place
from domain.model.project import Project
from domain.model.receipt import CommandReceipt
from domain.model.visit import Visit

KINDS = {
    Project.__name__: "project",
    Enterprise.__name__: "enterprise",
    Officer.__name__: "officer",
    ChecklistTemplate.__name__: "checklist",
    Visit.__name__: "visit",
    Issue.__name__: "issue",
    Evidence.__name__: "evidence",
    ApprovalPackage.__name__: "package",
    PackageTemplate.__name__: "package_template",
    Department.__name__: "department",
    Place.__name__: "place",
    Meeting.__name__: "meeting",
}
# Reference data read from below its jurisdiction (a county's checklists and
# officers): listed and fed to the jurisdictions below too.
SHARED_DOWNWARDS = frozenset(
    KINDS[kind.__name__]
    for kind in (
        Project,
        Enterprise,
        Officer,
        ChecklistTemplate,
        Visit,
        Issue,
        Evidence,
        ApprovalPackage,
        PackageTemplate,
        Department,
        Place,
    )
    if getattr(kind, "shared_downwards", False)
)
# What no view shows: command receipts and claims of unique values.
HIDDEN_TOPICS = tuple(get_topic(kind) + "." for kind in (CommandReceipt, Claim))


@dataclass(frozen=True)
class Item:
    """One notification: its position in the log and its event, None if no view
    projects it (a command receipt, a claim)."""

    position: int
    event: Any  # None for a receipt or a claim

    @property
    def aggregate_id(self) -> UUID:
        aggregate_id: UUID = self.event.originator_id
        return aggregate_id


def decode(
    mapper: Mapper[UUID],
    notifications: Sequence[Notification],
    fed: Mapping[int, Item] | None = None,
) -> list[Item]:
    """Items for notifications, taken from `fed` where this process wrote them;
    receipts and claims are not even decoded, and an event that cannot be read is
    passed over (`siteledger views` names it)."""
    fed = fed or {}
    return [
        fed.get(n.id)
        or Item(
            n.id, None if n.topic.startswith(HIDDEN_TOPICS) else readable(mapper, n)
        )
        for n in notifications
    ]


def fed(position: int, event: Any) -> Item:
    """The item of an event this process wrote, as `decode` would read it back."""
    hidden = get_topic(type(event)).startswith(HIDDEN_TOPICS)
    return Item(position, None if hidden else event)


def readable(mapper: Mapper[UUID], notification: Notification) -> Any:
    try:
        return mapper.to_domain_event(notification)
    except DamagedHistory:
        return None


def kind_of(event: Any) -> str | None:
    """The kind of aggregate an event belongs to, None for aggregates no view shows."""
    return KINDS.get(type(event).__qualname__.partition(".")[0])


def event_name(event: Any) -> str:
    """The event's class as the aggregate names it, e.g. `Issue.Assigned`."""
    return type(event).__qualname__


def instant(event: Any) -> str:
    """The server's timestamp of an event, in a form that sorts as it compares."""
    timestamp: datetime = event.timestamp
    return timestamp.astimezone(UTC).isoformat(timespec="microseconds")


def jurisdiction_after(event: object, before: str) -> str:
    """Where an aggregate is after an event: an event that names a jurisdiction
    (its first, or a move) puts it there."""
    moved_to = getattr(event, "jurisdiction", None)
    return before if moved_to is None else str(moved_to)
