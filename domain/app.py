"""The service layer: one event-sourced application runs commands, answers reads."""

import hashlib
import random
import time
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import (
    IntegrityError,
)
from eventsourcing.utils import EnvType

from domain import access, approval_access
from domain.access import Sender
from domain.batches import (
    Batch,
    Outcome,
    Result,
    Submission,
    check_expected,
    finished,
    replay,
    replay_in_batch,
)
from domain.belongings import Belongings, LoggedBelongings
from domain.commands.base import Command, Unit
from domain.errors import ConcurrentWrite, DomainError, NotFound
from domain.group import GroupCommit
from domain.ledger_store import LedgerStore
from domain.model import issue, officer, project, visit
from domain.model.intake import CallbackRules
from domain.model.meeting_kinds import MeetingKinds
from domain.model.receipt import Receipt
from domain.prefetch import PrefetchingRepository
from domain.time_travel import at_version, version_at
from domain.values import Meta

__all__ = ["Outcome", "Result", "SiteLedger", "Submission"]
A = TypeVar("A", bound=Aggregate)
ATTEMPTS = 6  # a group that keeps losing races is then tried batch by batch
BACKOFF = 0.005  # seconds, doubled at each attempt, a random part of it waited
# Long-lived aggregates, and those whose histories grow (a problem's loop, a visit):
# loading one now or as of a version reads its last snapshot and the events after.
SNAPSHOTTED = (project.Project, officer.Officer, issue.Issue, visit.Visit)
SNAPSHOT_EVERY = 50  # events


class SiteLedger(LedgerStore):
    name = "SiteLedger"  # fixes the PostgreSQL table names: never change it
    snapshotting_intervals = dict.fromkeys(SNAPSHOTTED, SNAPSHOT_EVERY)

    def __init__(
        self,
        env: EnvType | None = None,
        callback_rules: CallbackRules | None = None,
        meeting_kinds: MeetingKinds | None = None,
    ) -> None:
        super().__init__(env=env)
        self.callback_rules = callback_rules or CallbackRules()
        self.meeting_kinds = meeting_kinds or MeetingKinds()
        self._group = GroupCommit(self._commit)
        # Where a moving project finds its problems and visits (the API: its views).
        self.belongings: Belongings = LoggedBelongings(
            lambda: self.recorder, self.mapper
        )
        # Told what each save recorded, once it is committed (an in-process follower).
        self.listeners = []

    # Writes -------------------------------------------------------------------------

    def execute(
        self,
        command: Command,
        meta: Meta,
        expected_version: int | None = None,
        scope: str = "",
        sender: Sender | None = None,
    ) -> Outcome:
        """Applies one command, or answers its first result if it was applied before.

        `scope` is the sender's jurisdiction: anything outside it is not found. A
        `sender` (an officer, not the service itself) must also be allowed to send
        it (`domain.access`); their jurisdiction is the scope then.
        """
        submission = Submission(command, meta, expected_version)
        (result,) = self.execute_batch([submission], scope, sender)
        if isinstance(result, DomainError):
            raise result
        return result

    def execute_batch(
        self,
        submissions: Sequence[Submission],
        scope: str = "",
        sender: Sender | None = None,
    ) -> list[Result]:
        """Applies commands in order, in one transaction; a refusal sinks no other.

        Batches sent at once from several threads are applied together, in one
        transaction (`GroupCommit`). A race lost to another process is run again on
        what that process stored, so a command with no base version lands unless a
        rule refuses it, and one with a base version meets its conflict
        (StaleVersion).
        """
        batch = Batch(submissions, sender.jurisdiction if sender else scope, sender)
        self._group.submit(batch)
        return batch.results

    def _commit(self, batches: list[Batch]) -> None:
        """Applies the batches in one transaction, tried again on a lost race."""
        for attempt in range(ATTEMPTS):
            receipts: list[Receipt] = []
            unit, results = self._attempt(batches, receipts)
            try:
                recordings = self.save(*unit.changed(), receipts=receipts)
            except IntegrityError:
                time.sleep(random.uniform(0, BACKOFF * 2**attempt))
                continue
            written = [r.notification.id for r in recordings]
            position = max(written) if written else self.notification_count()
            for batch in batches:
                batch.results = [
                    finished(r, position, len(batch.submissions) == 1)
                    for r in results[: len(batch.submissions)]
                ]
                del results[: len(batch.submissions)]
            return
        if len(batches) > 1:  # each on its own: only the contended ones lose
            for batch in batches:
                self._commit([batch])
            return
        (batch,) = batches
        batch.results = [
            r
            if isinstance(r, DomainError)
            else ConcurrentWrite(f"{r.aggregate_id} is contended; retry")
            for r in results
        ]

    def _attempt(
        self, batches: list[Batch], receipts: list[Receipt]
    ) -> tuple[Unit, list[Result]]:
        submissions = [(s, b) for b in batches for s in b.submissions]
        repository = cast(PrefetchingRepository, self.repository)
        stored, ahead = repository.read_group(
            self.receipt_book, [s for s, _ in submissions]
        )
        unit = Unit(
            repository,
            callback_rules=self.callback_rules,
            belongings=self.belongings,
            meeting_kinds=self.meeting_kinds,
            ahead=ahead,
        )
        results: list[Result] = []
        first: dict[UUID, int] = {}  # a command id's first place in the group
        for submission, batch in submissions:
            command_id = submission.meta.command_id
            earlier = first.setdefault(command_id, len(results))
            try:
                if earlier < len(results):
                    prior, result = submissions[earlier][0], results[earlier]
                    results.append(
                        replay_in_batch(prior, submission, result, self.fingerprint)
                    )
                elif (receipt := stored.get(command_id)) is not None:
                    results.append(replay(receipt, submission, self.fingerprint))
                else:
                    unit.begin(batch.scope)
                    results.append(
                        self._apply(unit, submission, batch.sender, receipts)
                    )
            except DomainError as error:
                results.append(error)
        return unit, results

    def _apply(
        self,
        unit: Unit,
        submission: Submission,
        sender: Sender | None,
        receipts: list[Receipt],
    ) -> Outcome:
        command, meta = submission.command, submission.meta.check()
        if sender is not None:
            access.check(sender, command, lambda i: unit.get(issue.Issue, i))
            approval_access.check(sender, command, unit)
        check_expected(unit, command, submission.expected_version)
        aggregate = command.handle(unit, meta)
        also = unit.also_changed(aggregate.id)
        receipts.append(
            Receipt(
                command_id=meta.command_id,
                command=command.wire,
                fingerprint=self.fingerprint(command, meta),
                aggregate_id=aggregate.id,
                version=aggregate.version,
                also=also,
            )
        )
        return Outcome(
            meta.command_id,
            aggregate.id,
            aggregate.version,
            also=also,
            aggregate=aggregate,
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
        now = Unit(self.repository, scope).get(kind, aggregate_id)
        return at_version(self.repository, kind, now, version)

    def load_as_of(
        self, kind: type[A], aggregate_id: UUID, instant: datetime, scope: str = ""
    ) -> A:
        """The aggregate as the server knew it at an instant (by the store's clock):
        the events up to it are read, not its whole history."""
        now = Unit(self.repository, scope).get(kind, aggregate_id)
        version = version_at(self.events, aggregate_id, now.version, instant)
        if not version:
            raise NotFound(kind.__name__, aggregate_id)
        return at_version(self.repository, kind, now, version)

    def history(
        self, aggregate_id: UUID, kind: type[Aggregate] = Aggregate, scope: str = ""
    ) -> list[DomainEvent]:
        """Every event of an aggregate, oldest first."""
        self.load(kind, aggregate_id, scope=scope)
        return cast(list[DomainEvent], list(self.events.get(aggregate_id)))

    def notification_count(self) -> int:
        return self.recorder.max_notification_id() or 0
