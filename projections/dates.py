"""Local dates and instants as views store and compare them (China Standard Time)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

# China keeps one offset all year: a deadline (a date) ends at local midnight.
LOCAL = timezone(timedelta(hours=8), "CST")


def stamp(moment: datetime) -> str:
    """An instant as views store it: UTC ISO 8601, microseconds, sorting as it compares."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def recorded_at(event: Any) -> str:
    """The server's timestamp of an event, as views store it."""
    timestamp: datetime = event.timestamp
    return stamp(timestamp)


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def recorded_on(event: Any) -> str:
    """The local date (ISO) on which the server recorded an event."""
    return local_date(event.timestamp).isoformat()


def day_start(day: date) -> datetime:
    """Local midnight at the start of a day."""
    return datetime.combine(day, time(), LOCAL)


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class AsOf:
    """The instant a read is as of, and the local dates its rules compare with."""

    moment: datetime

    @classmethod
    def of(cls, moment: datetime | None) -> "AsOf":
        """As of an aware instant (now when None); a naive one is refused."""
        if moment is None:
            return cls(datetime.now(UTC))
        if moment.utcoffset() is None:
            raise ValueError("as_of needs its UTC offset")
        return cls(moment)

    @classmethod
    def end_of(cls, day: date) -> "AsOf":
        """The last microsecond of a local day."""
        return cls(day_start(day + timedelta(days=1)) - timedelta(microseconds=1))

    @property
    def stamp(self) -> str:
        return stamp(self.moment)

    @property
    def today(self) -> date:
        return local_date(self.moment)

    @property
    def month(self) -> str:
        return month_of(self.today)

    @property
    def month_start(self) -> str:
        """The instant the local month of as_of began, as views store instants."""
        return stamp(day_start(self.today.replace(day=1)))

    def days_before(self, days: int) -> str:
        """The local date `days` before today, ISO."""
        return (self.today - timedelta(days=days)).isoformat()

    def days_after(self, days: int) -> str:
        return (self.today + timedelta(days=days)).isoformat()
