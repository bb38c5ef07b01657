"""The receipt of an applied command, saved with its events so a replay is recognised."""

from dataclasses import field
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.values import Meta

# Receipts live in their own id space: a client that reuses a visit's id as a command
# id must not collide with the visit.
RECEIPTS = UUID("6f1c0d3e-8a51-4b1e-9c8e-5e0b7f2d4a10")


class CommandReceipt(Aggregate):
    class Recorded(Aggregate.Created):
        meta: Meta
        command: str
        fingerprint: str
        aggregate_id: UUID
        version: int
        # Other aggregates the command changed, and their new versions (a problem
        # raised on a visit records itself on the visit); none in older receipts.
        also: dict[str, int] = field(default_factory=dict)

    @event(Recorded)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        command: str,
        fingerprint: str,
        aggregate_id: UUID,
        version: int,
        also: dict[str, int] | None = None,  # stored events are not re-initialised
    ) -> None:
        self.command_id = meta.command_id
        self.command = command
        self.fingerprint = fingerprint
        self.aggregate_id = aggregate_id
        self.result_version = version
        self.also = {UUID(other): changed for other, changed in (also or {}).items()}

    @staticmethod
    def id_for(command_id: UUID) -> UUID:
        return uuid5(RECEIPTS, command_id.hex)
