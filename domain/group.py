"""Group commit: what concurrent callers hand in at once is run together, in one
transaction, by whichever of them comes first (the leader), instead of each queueing
for the store's write lock with a transaction of its own."""

from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Handed(Generic[T]):
    """One caller's work, and whether a leader has run it."""

    work: T
    done: bool = False
    error: BaseException | None = field(default=None, repr=False)


class GroupCommit(Generic[T]):
    """Runs `run` on the work of every caller waiting at the time, one group at a
    time: a caller that arrives while a group runs waits, then either finds its work
    done by the next leader or leads the next group itself."""

    def __init__(self, run: Callable[[list[T]], None], most: int = 64) -> None:
        self._run = run
        self._most = most  # callers in one group at the most
        self._waiting: list[Handed[T]] = []
        self._queue = Lock()  # guards `_waiting`
        self._leading = Lock()  # held while a group runs

    def submit(self, work: T) -> None:
        """Returns once `work` has run (with the others waiting then), or raises
        what running its group raised."""
        handed = Handed(work)
        with self._queue:
            self._waiting.append(handed)
        while not handed.done:
            with self._leading:
                if handed.done:
                    break
                with self._queue:
                    group = self._waiting[: self._most]
                    del self._waiting[: self._most]
                self._lead(group)
        if handed.error is not None:
            raise handed.error

    def _lead(self, group: list[Handed[T]]) -> None:
        try:
            self._run([handed.work for handed in group])
        except BaseException as error:  # each caller hears of it
            for handed in group:
                handed.error = error
        finally:
            for handed in group:
                handed.done = True
