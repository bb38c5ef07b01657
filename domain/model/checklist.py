"""A versioned inspection checklist that visits copy one version of."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.values import Meta
from domain.values import jurisdiction as jurisdiction_code

ITEM_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")
MAX_ITEMS = 200


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to inspect; a photo-required item needs a photo when it is judged."""

    item_id: str
    text: str
    category: str
    photo_required: bool

    def __deepcopy__(self, memo: dict[int, Any]) -> "ChecklistItem":
        """Immutable: a copy of a checklist or visit (the repository's cache gives
        copies) shares its items."""
        return self

    def check(self) -> "ChecklistItem":
        if not isinstance(self.item_id, str) or not ITEM_ID.fullmatch(self.item_id):
            raise InvalidValue("item_id", "must be 1 to 32 of A-Z a-z 0-9 . _ -")
        rules.ITEM_TEXT.check("text", self.text)
        rules.LABEL.check("category", self.category)
        if not isinstance(self.photo_required, bool):
            raise InvalidValue("photo_required", "must be true or false")
        return self


def check_items(items: list[ChecklistItem]) -> list[ChecklistItem]:
    """A publishable item list: 1 to 200 well-formed items with unique ids."""
    if not 1 <= len(items) <= MAX_ITEMS:
        raise InvalidValue("items", f"must hold 1 to {MAX_ITEMS} items")
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, ChecklistItem):
            raise InvalidValue("items", "must all be checklist items")
        item.check()
        if item.item_id in seen:
            raise InvalidValue("items", f"item id {item.item_id!r} appears twice")
        seen.add(item.item_id)
    return items


class ChecklistTemplate(Aggregate):
    """A named list of inspection items; each publication is a new, fixed version."""

    # Reference data: seen (never changed) from jurisdictions below its own.
    shared_downwards: ClassVar[bool] = True

    class Created(Aggregate.Created):
        meta: Meta
        name: str
        jurisdiction: str

    @event(Created)
    def __init__(
        self,
        *,
        id: UUID,  # the library's name for a client-made id
        meta: Meta,
        name: str,
        jurisdiction: str,
    ) -> None:
        self.name = name
        self.jurisdiction = jurisdiction
        self.versions: dict[str, list[ChecklistItem]] = {}
        self.latest_version = 0
        self.retired = False

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        meta: Meta,
        name: str,
        jurisdiction: str,
    ) -> "ChecklistTemplate":
        """Checks a new template's name and jurisdiction and creates it."""
        return cls(
            id=id,
            meta=meta,
            name=rules.NAME.check("name", name),
            jurisdiction=jurisdiction_code(jurisdiction),
        )

    def items(self, version: int | None = None) -> list[ChecklistItem]:
        """The items of a version (the latest when None)."""
        if self.latest_version == 0:
            raise RuleBroken(f"checklist {self.name!r} has no published version")
        if version is None:
            version = self.latest_version
        try:
            return list(self.versions[str(version)])
        except KeyError:
            raise InvalidValue(
                "template_version", f"checklist {self.name!r} has no version {version}"
            ) from None

    class VersionPublished(Aggregate.Event):
        meta: Meta
        version: int
        items: list[ChecklistItem]

    def publish(self, meta: Meta, items: list[ChecklistItem]) -> None:
        self.require_active()
        check_items(items)
        if self.latest_version and items == self.versions[str(self.latest_version)]:
            raise RuleBroken(f"version {self.latest_version} has these items already")
        self._version_published(
            meta=meta, version=self.latest_version + 1, items=list(items)
        )

    @event(VersionPublished)
    def _version_published(
        self, meta: Meta, version: int, items: list[ChecklistItem]
    ) -> None:
        self.versions[str(version)] = items
        self.latest_version = version

    class Retired(Aggregate.Event):
        meta: Meta
        reason: str

    def retire(self, meta: Meta, reason: str) -> None:
        self.require_active()
        self._retired(meta=meta, reason=rules.WRITTEN_REASON.check("reason", reason))

    @event(Retired)
    def _retired(self, meta: Meta, reason: str) -> None:
        self.retired = True

    def require_active(self, planned_at: datetime | None = None) -> None:
        """Refuses a retired template: no new versions, no new visits. A visit a
        phone planned offline before the retirement (by its clock) is no new one: it
        keeps the version it was run with (nothing changes a template once retired,
        so its last change is the retirement)."""
        if self.retired and (planned_at is None or planned_at >= self.modified_on):
            raise RuleBroken(f"checklist {self.name!r} is retired")


STORED_TYPES = (ChecklistItem,)
