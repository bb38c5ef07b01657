"""Publishing a period's department ranking and its 红黄黑榜: made by the server from
its ledgers, never taken from a client as it is."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Command, Unit
from domain.errors import AlreadyExists, InvalidValue
from domain.model.published_list import PublishedList
from domain.model.ranking import Ranking
from domain.values import Meta
from domain.values import jurisdiction as jurisdiction_code

MAX_ROWS = 500


@dataclass(frozen=True, kw_only=True)
class PublishRanking(Command, wire="PublishRanking"):
    jurisdiction: str
    month_from: str
    month_to: str
    as_of: datetime
    weights: dict[str, int]
    rows: tuple[dict[str, object], ...]  # as the server computed them

    @property
    def target_id(self) -> UUID:
        return Ranking.id_for(self.jurisdiction, self.month_from, self.month_to)

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        jurisdiction_code(self.jurisdiction)
        if self.month_to < self.month_from:
            raise InvalidValue("month_to", "comes on or after month_from")
        if len(self.rows) > MAX_ROWS:
            raise InvalidValue("rows", f"at most {MAX_ROWS} departments")
        if unit.exists(self.target_id):
            raise AlreadyExists(
                f"the ranking of {self.jurisdiction} for {self.month_from} to"
                f" {self.month_to} is published already: a published ranking"
                " never changes"
            )
        return unit.add(
            Ranking(
                id=self.target_id,
                meta=meta,
                jurisdiction=self.jurisdiction,
                month_from=self.month_from,
                month_to=self.month_to,
                as_of=self.as_of,
                weights=dict(self.weights),
                rows=[dict(row) for row in self.rows],
            )
        )


@dataclass(frozen=True, kw_only=True)
class PublishLists(Command, wire="PublishLists"):
    """红黄黑榜 of a period as the server computed them, published: the first time
    as edition 1, again (with a reason) as the next edition beside it."""

    jurisdiction: str
    period: str
    as_of: datetime
    lists: dict[str, list[dict[str, Any]]]
    figures: dict[str, Any]
    reason: str = ""

    @property
    def target_id(self) -> UUID:
        return PublishedList.id_for(self.jurisdiction, self.period)

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        jurisdiction_code(self.jurisdiction)
        if not unit.exists(self.target_id):
            return unit.add(
                PublishedList(
                    id=self.target_id,
                    meta=meta,
                    jurisdiction=self.jurisdiction,
                    period=self.period,
                    as_of=self.as_of,
                    lists=self.lists,
                    figures=self.figures,
                )
            )
        if not self.reason:
            raise AlreadyExists(
                f"the lists of {self.period} are published already: republishing"
                " takes a reason"
            )
        published = unit.get(PublishedList, self.target_id, to_change=True)
        published.republish(meta, self.as_of, self.lists, self.figures, self.reason)
        return published
