"""A settable clock for the library's event timestamps, to write a history over time.

Only generators and tests use it: the service itself always records the server's
own time. The library reads `eventsourcing.domain.datetime_now_with_tzinfo` on every
new event, so replacing it moves every timestamp made meanwhile.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import eventsourcing.domain


class Clock:
    """The instant new events are stamped with, until it is set again."""

    def __init__(self, now: datetime) -> None:
        self.set(now)

    def set(self, now: datetime) -> None:
        if now.utcoffset() is None:
            raise ValueError("the clock needs an aware instant")
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def stamping(clock: Clock) -> Iterator[Clock]:
    """Events made inside the block carry the clock's instant as their timestamp."""
    real = eventsourcing.domain.datetime_now_with_tzinfo
    eventsourcing.domain.datetime_now_with_tzinfo = clock
    try:
        yield clock
    finally:
        eventsourcing.domain.datetime_now_with_tzinfo = real
