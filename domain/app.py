"""The service layer: one event-sourced application runs commands, answers reads."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.application import Application, project_aggregate
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment, EnvType

from domain import transcodings
from domain.commands.base import Command, Unit
from domain.errors import (
    CommandConflict,
    ConcurrentWrite,
    DomainError,
    NotFound,
    StaleVersion,
)
from domain.model import (
    checklist,
    enterprise,
    evidence,
    issue,
    officer,
    project,
    visit,
)
from domain.model.receipt import CommandReceipt
from domain.values import GeoFix, Meta

A = TypeVar("A", bound=Aggregate)
STORED_TYPES = (
    Meta,
    GeoFix,
    *checklist.STORED_TYPES,
    *enterprise.STORED_TYPES,
    *evidence.STORED_TYPES,
    *issue.STORED_TYPES,
    *officer.STORED_TYPES,
    *project.STORED_TYPES,
    *visit.STORED_TYPES,
)


@dataclass(frozen=True)
class Submission:
    """A command as a client sent it: who and when, and the version it was based on."""

    command: Command
    meta: Meta
    expected_version: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What an applied command did: the aggregate it changed, and its new version;
    with a command applied now, alone in its batch, the aggregate as it left it."""

    command_id: UUID
    aggregate_id: UUID
    version: int
    duplicate: bool = False
    also: dict[UUID, int] = field(default_factory=dict)  # others it changed
    aggregate: Aggregate | None = field(default=None, compare=False, repr=False)


Result = Outcome | DomainError


class SiteLedger(Application[UUID]):
    name = "SiteLedger"  # fixes the PostgreSQL table names: never change it
    snapshotting_intervals = {project.Project: 50, officer.Officer: 50}  # noqa: RUF012

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the settings handed in: the shell's environment never leaks in."""
        values = {"IS_SNAPSHOTTING_ENABLED": "y", **(env or {})}
        return Environment(name, values)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder, *STORED_TYPES)

    # Writes -------------------------------------------------------------------------

    def execute(
        self,
        command: Command,
        meta: Meta,
        expected_version: int | None = None,
        scope: str = "",
    ) -> Outcome:
        """Applies one command, or answers its first result if it was applied before.

        `scope` is the sender's jurisdiction: anything outside it is not found.
        """
        submission = Submission(command, meta, expected_version)
        (result,) = self.execute_batch([submission], scope)
        if isinstance(result, DomainError):
            raise result
        return result

    def execute_batch(
        self, submissions: Sequence[Submission], scope: str = ""
    ) -> list[Result]:
        """Applies commands in order, in one transaction; a refusal sinks no other."""
        unit = Unit(self.repository, scope)
        results: list[Result] = []
        first: dict[UUID, int] = {}  # a command id's first place in the batch
        for submission in submissions:
            earlier = first.setdefault(submission.meta.command_id, len(results))
            try:
                if earlier == len(results):
                    results.append(self._apply(unit, submission))
                else:
                    prior, result = submissions[earlier], results[earlier]
                    results.append(self._replay_in_batch(prior, submission, result))
            except DomainError as error:
                results.append(error)
        try:
            self.save(*unit.changed())
        except IntegrityError:
            # Another writer got in first: apply each on its own, so only the ones
            # that really collide are refused.
            if len(submissions) > 1:
                return [r for s in submissions for r in self.execute_batch([s], scope)]
            return [self._after_lost_race(submissions[0])]
        if len(results) > 1:  # a later command of the batch may have changed it since
            results = [
                replace(r, aggregate=None) if isinstance(r, Outcome) else r
                for r in results
            ]
        return results

    def _apply(self, unit: Unit, submission: Submission) -> Outcome:
        command, meta = submission.command, submission.meta.check()
        fingerprint = self.fingerprint(command, meta)
        receipt = self._receipt(meta.command_id)
        if receipt is not None:
            return self._replay(receipt, fingerprint)
        self._check_expected(unit, command, submission.expected_version)
        unit.begin()
        aggregate = command.handle(unit, meta)
        also = unit.also_changed(aggregate.id)
        unit.add(
            CommandReceipt(
                id=CommandReceipt.id_for(meta.command_id),
                meta=meta,
                command=type(command).__name__,
                fingerprint=fingerprint,
                aggregate_id=aggregate.id,
                version=aggregate.version,
                also={str(changed): version for changed, version in also.items()},
            )
        )
        return Outcome(
            meta.command_id,
            aggregate.id,
            aggregate.version,
            also=also,
            aggregate=aggregate,
        )

    @staticmethod
    def _check_expected(unit: Unit, command: Command, expected: int | None) -> None:
        if expected is None:
            return
        current = unit.version(command.target_id)
        if current == 0 and expected != 0:
            # A change names its aggregate's class; a create's `kind` may be a field.
            kind = getattr(type(command), "kind", None)
            name = kind.__name__ if isinstance(kind, type) else "Aggregate"
            raise NotFound(name, command.target_id)
        if current != expected:
            raise StaleVersion(command.target_id, expected, current)

    def _replay_in_batch(
        self, prior: Submission, submission: Submission, result: Result
    ) -> Outcome:
        submission.meta.check()
        fingerprint = self.fingerprint(submission.command, submission.meta)
        if self.fingerprint(prior.command, prior.meta) != fingerprint:
            raise CommandConflict(prior.meta.command_id)
        if isinstance(result, DomainError):
            raise result
        return replace(result, duplicate=True, aggregate=None)

    def _after_lost_race(self, submission: Submission) -> Result:
        receipt = self._receipt(submission.meta.command_id)
        if receipt is None:
            return ConcurrentWrite(
                f"{submission.command.target_id} changed meanwhile; retry"
            )
        try:
            fingerprint = self.fingerprint(submission.command, submission.meta)
            return self._replay(receipt, fingerprint)
        except CommandConflict as conflict:
            return conflict

    def replayed(self, command: Command, meta: Meta) -> Outcome | None:
        """The first result of this very command from this sender, if it was
        applied; None otherwise (also for the id reused with other content)."""
        receipt = self._receipt(meta.command_id)
        if receipt is None or receipt.fingerprint != self.fingerprint(command, meta):
            return None
        return self._replay(receipt, receipt.fingerprint)

    def _receipt(self, command_id: UUID) -> CommandReceipt | None:
        """The receipt, from its one event: one query, not the snapshots first."""
        recorded = self.events.get(CommandReceipt.id_for(command_id), limit=1)
        receipt: CommandReceipt | None = project_aggregate(None, recorded)
        return receipt

    @staticmethod
    def _replay(receipt: CommandReceipt, fingerprint: str) -> Outcome:
        if receipt.fingerprint != fingerprint:
            raise CommandConflict(receipt.command_id)
        return Outcome(
            receipt.command_id,
            receipt.aggregate_id,
            receipt.result_version,
            duplicate=True,
            also=receipt.also,
        )

    def fingerprint(self, command: Command, meta: Meta) -> str:
        """A digest of who asks what, to tell a replay from a reused id."""
        content = {"actor_id": meta.actor_id, **command.content()}
        return hashlib.sha256(self.mapper.transcoder.encode(content)).hexdigest()

    # Reads --------------------------------------------------------------------------

    # Reads are scoped like writes: what lies outside `scope` is not found. Access
    # follows where an aggregate is now, also for its history and earlier states.

    def load(
        self,
        kind: type[A],
        aggregate_id: UUID,
        version: int | None = None,
        scope: str = "",
    ) -> A:
        """The aggregate as it is now, or as of a version."""
        aggregate = Unit(self.repository, scope).get(kind, aggregate_id)
        if version is None or version == aggregate.version:
            return aggregate
        if not 0 < version < aggregate.version:
            raise NotFound(kind.__name__, aggregate_id)
        then: A = self.repository.get(aggregate_id, version=version)
        return then

    def load_as_of(
        self, kind: type[A], aggregate_id: UUID, instant: datetime, scope: str = ""
    ) -> A:
        """The aggregate as the server knew it at an instant (by the store's clock)."""
        history = self.history(aggregate_id, kind, scope)
        known = [e.originator_version for e in history if e.timestamp <= instant]
        if not known:
            raise NotFound(kind.__name__, aggregate_id)
        return self.load(kind, aggregate_id, version=known[-1])

    def history(
        self, aggregate_id: UUID, kind: type[Aggregate] = Aggregate, scope: str = ""
    ) -> list[DomainEvent]:
        """Every event of an aggregate, oldest first."""
        self.load(kind, aggregate_id, scope=scope)
        return cast(list[DomainEvent], list(self.events.get(aggregate_id)))

    def notification_count(self) -> int:
        return self.recorder.max_notification_id() or 0
