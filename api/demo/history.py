"""The demo county's past year: the county simulation (`api.demo.county`) run through
the service layer with the library's clock at each batch's instant, so on first start
the ledgers, charts, lists and as-of reads hold months of history, not one day."""

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tqdm import tqdm

from api.demo import data, load_demo
from api.demo.clock import Clock, stamping
from api.demo.county import County
from api.demo.plan import BEIJING, Timed
from api.places_register import demo_register, load_register, read_register
from domain.app import SiteLedger, Submission
from domain.errors import DomainError

BATCH = 500  # commands per transaction at most
DAYS = 365


class HistoryRefused(Exception):
    """The simulation sent a command the domain refused: a bug in the simulation."""


@dataclass(frozen=True)
class Year:
    """The days simulated: a year up to the start of `today`."""

    start: date
    days: int = DAYS
    visits_per_day: float = 1.2  # on working days

    @property
    def end(self) -> datetime:
        return County.at(self.start, self.days, 0)


def daily(
    commands: Iterable[Timed], end: datetime
) -> Iterator[tuple[datetime, list[Submission]]]:
    """The commands of each day, in batches of at most BATCH, with the instant of
    each batch's first command (its events' timestamp)."""
    day: date | None = None
    start = end
    batch: list[Submission] = []
    for timed in commands:
        if batch and (timed.at.date() != day or len(batch) >= BATCH):
            yield start, batch
            batch = []
        if not batch:
            day, start = timed.at.date(), timed.at
        batch.append(timed.submission)
    if batch:
        yield start, batch


def load_past(app: SiteLedger, seed: int, today: date) -> int:
    """A year of the county's work up to today, each event stamped at its instant;
    answers how many commands ran."""
    year = Year(today - timedelta(days=DAYS))
    county = County(f"{seed}:past", data.COUNTY, year)
    sent = 0
    with (
        stamping(Clock(year.end)) as clock,
        tqdm(desc="the past year", unit="cmd", file=sys.stderr) as bar,
    ):
        for instant, batch in daily(county.commands(), year.end):
            clock.set(instant)
            results = app.execute_batch(batch, scope=data.COUNTY)
            for submission, result in zip(batch, results, strict=True):
                if isinstance(result, DomainError):
                    name = submission.command.wire
                    raise HistoryRefused(f"{name} at {instant}: {result}") from result
            sent += len(batch)
            bar.update(len(batch))
    return sent


def load_demo_with_past(app: SiteLedger, seed: int, *, past: bool) -> list[str]:
    """The county's past year (when asked), then its present; answers a summary."""
    lines = []
    if past:
        sent = load_past(app, seed, datetime.now(BEIJING).date())
        lines.append(f"Loaded the county's past year: {sent} commands.")
    named = load_register(app, read_register(demo_register()))
    lines.append(f"Registered {named} places by name.")
    return lines + load_demo(app, seed, departments=not past)  # the past's
