"""The shape of a command, and the unit of work it loads and creates aggregates in."""

import dataclasses
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate

from domain import values
from domain.belongings import Belongings
from domain.errors import (
    AlreadyExists,
    InvalidValue,
    NotFound,
    OutsideJurisdiction,
    RuleBroken,
)
from domain.model.claim import Claim
from domain.model.intake import CallbackRules
from domain.model.meeting_kinds import MeetingKinds
from domain.values import Meta

A = TypeVar("A", bound=Aggregate)
RESERVED_ID = (
    "must be a random or time-ordered UUID of the client's making:"
    " not nil, name-based (version 3 or 5) or the system's"
)


class Unit:
    """The aggregates one command (or one batch of them) loads, creates and changes."""

    def __init__(
        self,
        repository: Repository[UUID],
        scope: str = "",
        callback_rules: CallbackRules = CallbackRules(),  # noqa: B008 (frozen)
        belongings: Belongings | None = None,
        meeting_kinds: MeetingKinds = MeetingKinds(),  # noqa: B008 (frozen)
    ) -> None:
        self._repository = repository
        self.meeting_kinds = meeting_kinds  # the county's (settings)
        self._scope = scope
        self.callback_rules = callback_rules  # the county's (settings)
        self._belongings = belongings
        self.aggregates: dict[UUID, Aggregate] = {}
        self._touched: dict[UUID, int] = {}  # by this command: its new events then

    def get(self, kind: type[A], aggregate_id: UUID, *, to_change: bool = False) -> A:
        """An aggregate the sender may see; `to_change` it must lie within their scope."""
        aggregate = self.aggregates.get(aggregate_id)
        if aggregate is None:
            try:
                aggregate = self._repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFound(kind.__name__, aggregate_id) from None
        if not isinstance(aggregate, kind) or not self.visible(aggregate, to_change):
            raise NotFound(kind.__name__, aggregate_id)
        self.aggregates[aggregate_id] = aggregate
        self._touched.setdefault(aggregate_id, len(aggregate.pending_events))
        return aggregate

    def visible(self, aggregate: Aggregate, to_change: bool = True) -> bool:
        """Within the sender's jurisdiction (receipts belong to none and are hidden).

        Reference data (checklists, officers) set up higher is seen from below too:
        a township officer plans a visit with the county's checklist.
        """
        jurisdiction = getattr(aggregate, "jurisdiction", None)
        if jurisdiction is None:
            return False
        if jurisdiction.startswith(self._scope):
            return True
        shared = getattr(aggregate, "shared_downwards", False)
        return shared and not to_change and self._scope.startswith(jurisdiction)

    def version(self, aggregate_id: UUID) -> int:
        """The aggregate's current version, 0 where it does not exist yet."""
        try:
            return self.get(Aggregate, aggregate_id, to_change=True).version
        except NotFound:
            return 0

    def require_new(self, aggregate_id: UUID, field: str) -> None:
        """A client's id for a new aggregate: not taken, and none the service keeps
        for itself (`values.reserved`), so it can never take a receipt's or claim's
        id, nor pass for the command line's actor."""
        if values.reserved(aggregate_id):
            raise InvalidValue(field, RESERVED_ID)
        if self.exists(aggregate_id):
            raise AlreadyExists(f"{aggregate_id} exists already")

    def add_claiming(self, aggregate: A, what: str, value: str, meta: Meta) -> A:
        """A new aggregate that holds a value unique in the whole system (a credit
        code, a username): both checked before either is added, and the value's
        claim saved with it, so a race of two cannot both be saved."""
        self._require_placed_within(aggregate)
        claim_id = Claim.id_for(what, value)
        if self.exists(claim_id):
            raise AlreadyExists(f"{what} {value} is registered already")
        self.add(Claim(id=claim_id, meta=meta, holder_id=aggregate.id))
        return self.add(aggregate)

    def holder(self, what: str, value: str) -> UUID | None:
        """The aggregate that claimed a unique value, None if none did."""
        claim_id = Claim.id_for(what, value)
        if not self.exists(claim_id):
            return None
        claim = self.aggregates.get(claim_id) or self._repository.get(claim_id)
        return claim.holder_id if isinstance(claim, Claim) else None

    def belongings_of(self, project_id: UUID) -> list[Aggregate]:
        """The problems and visits recorded for a project that the sender may
        change (what a view lists is checked against each aggregate by the caller)."""
        if self._belongings is None:
            raise RuleBroken("this unit of work cannot look up a project's problems")
        listed = set(self._belongings.of_project(project_id))
        # and those this unit made itself (a batch that raises, then moves)
        listed |= {
            aggregate_id
            for aggregate_id, held in self.aggregates.items()
            if getattr(held, "project_id", None) == project_id
        }
        found = []
        for aggregate_id in sorted(listed):
            try:
                found.append(self.get(Aggregate, aggregate_id, to_change=True))
            except NotFound:
                continue  # not the sender's to move
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.aggregates or aggregate_id in self._repository

    def begin(self, scope: str) -> None:
        """A command of the batch starts, sent from within `scope`: what it changes
        is told from what the ones before it changed."""
        self._scope = scope
        self._touched = {}

    def also_changed(self, main: UUID) -> dict[UUID, int]:
        """The aggregates this command changed besides its own, with their new
        versions (claims and receipts belong to no jurisdiction: nobody's to see)."""
        return {
            held.id: held.version
            for touched, before in self._touched.items()
            if touched != main
            and len((held := self.aggregates[touched]).pending_events) > before
            and getattr(held, "jurisdiction", None) is not None
        }

    def add(self, aggregate: A) -> A:
        self._require_placed_within(aggregate)
        self.aggregates[aggregate.id] = aggregate
        self._touched.setdefault(aggregate.id, 0)
        return aggregate

    def _require_placed_within(self, aggregate: Aggregate) -> None:
        if hasattr(aggregate, "jurisdiction"):
            self.require_within(aggregate.jurisdiction)

    def require_within(self, jurisdiction: str) -> None:
        """What a command creates or moves stays within the sender's jurisdiction."""
        if not jurisdiction.startswith(self._scope):
            raise OutsideJurisdiction("jurisdiction", "is outside your jurisdiction")

    def changed(self) -> list[Aggregate]:
        return [a for a in self.aggregates.values() if a.pending_events]


WIRE: dict[str, type["Command"]] = {}  # every command by its wire name, aliases too


@dataclasses.dataclass(frozen=True, kw_only=True)
class Command:
    """A client's intention. Handlers check every rule before they change anything.

    A command clients can send names itself on the wire, once: `class
    AssignIssue(IssueChange, wire="AssignIssue")`. That name, never the class's, is
    what `/sync`, receipts, fingerprints and the OpenAPI document use, so renaming a
    class breaks no phone's queue; a wire name retired for a new one stays an alias
    (`aliases=("Old",)`) and keeps working. `docs/wire-names.txt` lists them all.
    """

    wire: ClassVar[str]

    def __init_subclass__(
        cls, *, wire: str = "", aliases: tuple[str, ...] = (), **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if not wire:
            return  # a base of commands, sent by no one
        cls.wire = wire
        for name in (wire, *aliases):
            if WIRE.setdefault(name, cls) is not cls:
                raise TypeError(f"wire name {name!r} is {WIRE[name].__name__}'s")

    @property
    def target_id(self) -> UUID:
        """The aggregate that a client's `If-Match` or base version refers to."""
        raise NotImplementedError

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        raise NotImplementedError

    def content(self) -> dict[str, Any]:
        """What the command asks, as plain values (fingerprinted with its sender).

        A field added to a command after some were stored (`added_later`) is left
        out while it is None, so a retry of a command sent before it existed still
        matches its receipt."""
        later = getattr(self, "added_later", ())
        values = {
            name: value
            for name, value in plain(self).items()
            if value is not None or name not in later
        }
        return {"command": self.wire, **values}


def plain(value: Any) -> Any:
    """`dataclasses.asdict` less its deep copy of every value (two thirds of its
    time): a command's values are immutable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, list | tuple):
        return type(value)(plain(item) for item in value)
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class Change(Command, Generic[A]):
    """A command on one existing aggregate of kind `kind`, named by `target_id`."""

    kind: ClassVar[type[Aggregate]]

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        aggregate = unit.get(self.kind, self.target_id, to_change=True)
        destination = getattr(self, "jurisdiction", None)  # set on a move
        if destination is not None:
            unit.require_within(values.jurisdiction(destination))
        self.apply(aggregate, meta)  # type: ignore[arg-type]
        return aggregate

    def apply(self, aggregate: A, meta: Meta) -> None:
        raise NotImplementedError
