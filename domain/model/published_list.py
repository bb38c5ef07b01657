"""红黄黑榜 as published (通报): a period's lists frozen with their rows and figures.
Published once per jurisdiction and period; a republish is a new edition beside the
first, with its reason; no correction made later changes either."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.values import Meta

LISTS = UUID("3c0f5a8e-2d7b-4e61-9a43-b5f1c2d8e907")


class PublishedList(Aggregate):
    """The editions of a period's lists, oldest first."""

    class Published(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        period: str  # 2026-11, 2026-Q4 or 2026
        as_of: datetime
        lists: dict[str, list[dict[str, Any]]]
        figures: dict[str, Any]

    @event(Published)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        period: str,
        as_of: datetime,
        lists: dict[str, list[dict[str, Any]]],
        figures: dict[str, Any],
    ) -> None:
        self.jurisdiction = jurisdiction
        self.period = period
        self.editions = [edition(1, as_of, lists, figures, "")]

    class Republished(Aggregate.Event):
        meta: Meta
        as_of: datetime
        lists: dict[str, list[dict[str, Any]]]
        figures: dict[str, Any]
        reason: str

    def republish(
        self,
        meta: Meta,
        as_of: datetime,
        lists: dict[str, list[dict[str, Any]]],
        figures: dict[str, Any],
        reason: str,
    ) -> None:
        self._republished(
            meta=meta,
            as_of=as_of,
            lists=lists,
            figures=figures,
            reason=rules.REASON.check("reason", reason),
        )

    @event(Republished)
    def _republished(
        self,
        meta: Meta,
        as_of: datetime,
        lists: dict[str, list[dict[str, Any]]],
        figures: dict[str, Any],
        reason: str,
    ) -> None:
        number = len(self.editions) + 1
        self.editions = [*self.editions, edition(number, as_of, lists, figures, reason)]

    @staticmethod
    def id_for(jurisdiction: str, period: str) -> UUID:
        """One aggregate per jurisdiction and period: its id says which."""
        return uuid5(LISTS, f"{jurisdiction}:{period}")


def edition(
    number: int,
    as_of: datetime,
    lists: dict[str, list[dict[str, Any]]],
    figures: dict[str, Any],
    reason: str,
) -> dict[str, Any]:
    return {
        "edition": number,
        "as_of": as_of,
        "lists": lists,
        "figures": figures,
        "reason": reason,
    }
