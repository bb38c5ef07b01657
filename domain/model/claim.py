"""A value only one aggregate may hold, such as an enterprise's credit code.

A claim is an aggregate of its own, its id derived from the value, saved in the same
transaction as its holder: a second claim of the value cannot be saved, whatever
races it. Like receipts, claims belong to no jurisdiction and are never shown."""

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.values import Meta

CLAIMS = UUID("3b0f5a86-2d7e-4c1a-9f43-8e6d1c2b7a95")


class Claim(Aggregate):
    class Made(Aggregate.Created):
        meta: Meta
        holder_id: UUID

    @event(Made)
    def __init__(self, *, id: UUID, meta: Meta, holder_id: UUID) -> None:
        self.holder_id = holder_id

    @staticmethod
    def id_for(what: str, value: str) -> UUID:
        return uuid5(CLAIMS, f"{what}:{value}")
