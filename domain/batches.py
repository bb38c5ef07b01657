"""A batch of commands as the service layer takes them in and answers them: what a
client sent, what each command did, and the checks of a submission alone."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.access import Sender
from domain.commands.base import Command, Unit
from domain.errors import CommandConflict, DomainError, NotFound, StaleVersion
from domain.model.receipt import Receipt
from domain.values import Meta


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
    position: int = field(default=0, compare=False)  # the log after its batch
    aggregate: Aggregate | None = field(default=None, compare=False, repr=False)


Result = Outcome | DomainError


@dataclass
class Batch:
    """One caller's commands, who sent them and within which jurisdiction, and
    their results once applied."""

    submissions: Sequence[Submission]
    scope: str
    sender: Sender | None
    results: list[Result] = field(default_factory=list)


def finished(result: Result, position: int, alone: bool) -> Result:
    """An outcome with the log's position, and the aggregate as the command left
    it where nothing of the group changed it afterwards."""
    if not isinstance(result, Outcome):
        return result
    aggregate = result.aggregate
    if not alone or aggregate is None or aggregate.version != result.version:
        aggregate = None
    return replace(result, position=position, aggregate=aggregate)


def check_expected(unit: Unit, command: Command, expected: int | None) -> None:
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


Fingerprint = Callable[[Command, Meta], str]


def replay_in_batch(
    prior: Submission, submission: Submission, result: Result, digest: Fingerprint
) -> Outcome:
    """A command id sent again in the same group: its first result, if the same
    sender asked the same."""
    submission.meta.check()
    if digest(prior.command, prior.meta) != digest(submission.command, submission.meta):
        raise CommandConflict(prior.meta.command_id)
    if isinstance(result, DomainError):
        raise result
    return replace(result, duplicate=True, aggregate=None)


def replay(receipt: Receipt, submission: Submission, digest: Fingerprint) -> Outcome:
    """The first result of a command applied before; the same id with other
    content, or from another sender, is a conflict."""
    submission.meta.check()
    if receipt.fingerprint != digest(submission.command, submission.meta):
        raise CommandConflict(receipt.command_id)
    return Outcome(
        receipt.command_id,
        receipt.aggregate_id,
        receipt.version,
        duplicate=True,
        also=dict(receipt.also),
    )
