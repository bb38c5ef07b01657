"""A province's history, seeded and reproducible: counties of projects, enterprises,
officers, a year of visits and problems through every stage of their loop.

Each county is simulated on its own (`bench.county`) from a seed of its own, so the
first county is the same whether the province has one county or two hundred. The
counties' commands are merged in time order and cut into batches of one day each;
`bench.load` runs them through the service layer (or, for size, straight into the
store) with the library's clock set to the instant of each batch.
"""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from api.demo.county import County
from api.demo.history import daily
from api.demo.plan import Timed
from domain.app import Submission

PROVINCE = "61"
START = date(2025, 7, 1)  # a year of work: July to June
DAYS = 365


def county_code(n: int) -> str:
    """The n-th county's code: 20 counties to a city (610101 … 610120, 610201 …)."""
    return f"{PROVINCE}{n // 20 + 1:02d}{n % 20 + 1:02d}"


@dataclass(frozen=True)
class Scenario:
    """What to generate: how many counties, over which days, from which seed."""

    seed: int = 2026
    counties: int = 1
    start: date = START
    days: int = DAYS
    visits_per_day: float = 1.2  # per county, on working days

    @property
    def end(self) -> datetime:
        """The instant the history ends: the last command is before it."""
        return County.at(self.start, self.days, 0)

    def county(self, n: int) -> County:
        return County(f"{self.seed}:{n}", county_code(n), self)

    def commands(self) -> Iterator[Timed]:
        """Every county's commands, merged in time order."""
        streams = [self.county(n).commands() for n in range(self.counties)]
        return heapq.merge(*streams, key=lambda timed: timed.key)

    def batches(self) -> Iterator[tuple[datetime, list[Submission]]]:
        """The commands of each day, in batches of at most 500, with the instant
        of each batch's first command (its events' timestamp)."""
        return daily(self.commands(), self.end)
