"""Working days (工作日) on China's official calendar: weekends, public holidays and the
make-up working days (调休) the State Council announces each year, as the maintained
`chinesecalendar` package records them. A year it does not know yet is refused by
name, never guessed from weekends."""

from datetime import date, timedelta, timezone

import chinese_calendar
import eventsourcing.domain

from domain.errors import RuleBroken

CHINA = timezone(timedelta(hours=8), "CST")
MAX_WORKING_DAYS = 250  # about a year's worth


class CalendarUnknown(RuleBroken):
    """The official calendar of a year is not known to this release."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the official working-day calendar of {year} is not known to this"
            f" release (chinesecalendar {chinese_calendar_version()} knows up to"
            f" {last_known_year()}): give the limit as a date, or upgrade the package"
        )
        self.year = year


def chinese_calendar_version() -> str:
    return str(getattr(chinese_calendar, "__version__", "unknown"))


def last_known_year() -> int:
    """The last year whose holidays and make-up days the package knows."""
    known: int = max(day.year for day in chinese_calendar.holidays)
    return known


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarUnknown(day.year) from None


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (the day itself not counted):
    「2天内」 from a Friday before a holiday lands after it."""
    day = start
    for _ in range(count):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def local_today() -> date:
    """Today in China by the server's clock (the one the library stamps events with)."""
    return eventsourcing.domain.datetime_now_with_tzinfo().astimezone(CHINA).date()
