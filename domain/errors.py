"""What a refused command raises; the edges map each class to one answer."""

from uuid import UUID


class DomainError(Exception):
    """A command was refused."""


class InvalidValue(DomainError):
    """A value is malformed or out of range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class OutsideJurisdiction(InvalidValue):
    """What the command would create lies outside the sender's jurisdiction."""


class NotFound(DomainError):
    """No such aggregate (or not of the expected kind)."""

    def __init__(self, kind: str, aggregate_id: UUID) -> None:
        super().__init__(f"{kind} {aggregate_id} not found")
        self.kind = kind
        self.aggregate_id = aggregate_id


class RuleBroken(DomainError):
    """The command is not allowed in the aggregate's present state."""


class AlreadyExists(RuleBroken):
    """An aggregate with that id exists already."""


class StaleVersion(DomainError):
    """The command was based on a version that is no longer current."""

    def __init__(self, aggregate_id: UUID, expected: int, current: int) -> None:
        super().__init__(
            f"{aggregate_id} is at version {current}, not {expected} as expected"
        )
        self.aggregate_id = aggregate_id
        self.expected = expected
        self.current = current


class CommandConflict(DomainError):
    """The command id was used before for a different command."""

    def __init__(self, command_id: UUID) -> None:
        super().__init__(f"command {command_id} was already used for other content")
        self.command_id = command_id


class ConcurrentWrite(DomainError):
    """Another writer changed the same aggregate first; try again."""
