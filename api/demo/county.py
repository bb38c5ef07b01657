"""One county's year, simulated in time order: people and places first, then every
day's visits, problems moving along their loop, monthly investment, the nightly sweep.

Ideas and texts come from the demo county (`api.demo`); what is new is time: each
command happens at an instant of the simulated year, and a problem's next step is
scheduled when the previous one happens, so every command is valid when it runs.
"""

import heapq
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from uuid import UUID

from api.demo import data
from api.demo.county_approvals import Approvals
from api.demo.county_meetings import Meetings
from api.demo.county_places import Places
from api.demo.county_problems import Problems
from api.demo.county_visits import Visits
from api.demo.plan import BEIJING, Timed
from domain.app import Submission
from domain.commands.base import Command
from domain.values import Meta


class Span(Protocol):
    """The days simulated, and how busy they are."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> datetime: ...

    @property
    def visits_per_day(self) -> float: ...


Action = Callable[[], None]


class County:
    """The simulation: a queue of actions by instant; each sends commands."""

    def __init__(self, seed: str, code: str, scenario: Span) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.code = code
        self.scenario = scenario
        self.now = self.at(scenario.start, 0, 8)
        self.queue: list[tuple[datetime, int, Action]] = []
        self.sent: list[Timed] = []
        self.seq = 0
        self.officers: dict[str, UUID] = {}
        self.places = Places(self)
        self.visits = Visits(self, self.places)
        self.problems = Problems(self)
        self.approvals = Approvals(self)
        self.meetings = Meetings(self)

    @staticmethod
    def at(start: date, day: int, hour: int, minute: int = 0) -> datetime:
        """Local time on a day of the year simulated."""
        moment = time(hour, minute)
        return datetime.combine(start + timedelta(days=day), moment, BEIJING)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def day(self) -> int:
        return (self.today - self.scenario.start).days

    def commands(self) -> Iterator[Timed]:
        """The county's commands in time order, up to the end of the year."""
        self.later(0, 8, self.setup)
        end = self.scenario.end
        while self.queue:
            when, _, action = heapq.heappop(self.queue)
            if when >= end:
                return
            self.now = when
            action()
            yield from self.sent
            self.sent.clear()

    def setup(self) -> None:
        self.places.people()
        self.places.register()
        self.approvals.setup()
        self.later(0, 9, self.working_day)

    def working_day(self) -> None:
        """Schedules today's visits and problems, tonight's sweep, and tomorrow."""
        if self.today.weekday() < 5:
            self.visits.today()
            self.problems.hotline_today()
            if self.today.weekday() == 0:  # 一周一调度
                self.later(0, 15, self.meetings.weekly)
        self.places.month_end()
        self.later(1, 1, self.problems.sweep)
        self.later(1, 9, self.working_day)

    def later(self, days: int, hour: int, action: Action, minute: int = 0) -> None:
        """Schedules an action at an hour `days` from today."""
        when = self.at(self.today, days, hour, minute)
        self.seq += 1
        heapq.heappush(self.queue, (when, self.seq, action))

    def send(
        self,
        actor: str | UUID,
        *commands: Command,
        new_id: Callable[[], UUID] | None = None,
    ) -> None:
        """Sends commands now, from the actor's phone (or the system's sweep); their
        ids drawn from the county's stream, or from `new_id`."""
        actor_id = actor if isinstance(actor, UUID) else self.officers[actor]
        device = "sweep" if isinstance(actor, UUID) else f"{actor}-phone"
        for command in commands:
            self.seq += 1
            meta = Meta(actor_id, (new_id or self.new_id)(), device, self.now)
            self.sent.append(
                Timed(self.now, self.code, self.seq, Submission(command, meta))
            )

    def new_id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def username(self, name: str) -> str:
        """An officer's username, unique in the province."""
        return f"{name}.{self.code}"

    def person(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN_NAMES)

    def pick(self, weights: dict[Any, int]) -> Any:
        return self.rng.choices(list(weights), list(weights.values()))[0]
