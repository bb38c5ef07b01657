"""考核通报: a period's department ranking as published. Published once, it never
changes, whatever is corrected in the ledgers afterwards (「通报季度考核结果、指标数据和
排名变化」, seed 001)."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.values import Meta

RANKINGS = UUID("6f1d2a3b-8c4e-4f5a-9b6c-7d8e9f0a1b2c")


class Ranking(Aggregate):
    """The departments' scores, parts and ranks as the ranking was published."""

    class Published(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        month_from: str
        month_to: str
        as_of: datetime
        weights: dict[str, int]
        rows: list[dict[str, Any]]

    @event(Published)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        month_from: str,
        month_to: str,
        as_of: datetime,
        weights: dict[str, int],
        rows: list[dict[str, Any]],
    ) -> None:
        self.jurisdiction = jurisdiction
        self.month_from = month_from
        self.month_to = month_to
        self.as_of = as_of
        self.weights = weights
        self.rows = rows

    @staticmethod
    def id_for(jurisdiction: str, month_from: str, month_to: str) -> UUID:
        """One ranking per jurisdiction and period: its id says which."""
        return uuid5(RANKINGS, f"{jurisdiction}:{month_from}:{month_to}")
