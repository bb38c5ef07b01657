"""How long a permit took, in working days on the official calendar, and the time
cut (审批时限缩短) the seeds report: 「审批时限平均缩短51%」.

- A permit's clock runs from its acceptance (受理): the working days it took are
  those after the day of acceptance up to and including the day it was granted
  (办结); one granted the day it was accepted took 0.
- Its committed limit (承诺时限) falls on the `committed_days`-th working day after
  the acceptance; granted later, or still open after that day, it is past its limit.
  That day is left blank while it falls in a year the calendar does not know yet;
  whether the permit is past its limit is still known (the days taken so far are).
- Its time cut is (statutory − taken) ÷ statutory; a group's is the average of its
  granted permits' cuts (the seed's 「平均」)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from domain import workdays

CUT_PLACES = Decimal("0.001")  # a share to a tenth of a per cent


@cache
def _working(day: date) -> bool:
    return workdays.is_working_day(day)


def days_taken(accepted: date, until: date) -> int:
    """The working days after `accepted` up to and including `until`."""
    days, day = 0, accepted
    while day < until:
        day += timedelta(days=1)
        days += _working(day)
    return days


def due(accepted: date, limit: int) -> date | None:
    """The last day within a limit of working days counted from an acceptance;
    None while it falls in a year the official calendar does not know yet (a
    permit accepted in December), never guessed."""
    try:
        return workdays.add_working_days(accepted, limit)
    except workdays.CalendarUnknown:
        return None


def time_cut(statutory: int, taken: int) -> Decimal:
    """(statutory − taken) ÷ statutory, e.g. 0.510 for 51 %."""
    share = Decimal(statutory - taken) / Decimal(statutory)
    return share.quantize(CUT_PLACES, ROUND_HALF_UP)


def average_cut(cuts: list[Decimal]) -> Decimal | None:
    if not cuts:
        return None
    return (sum(cuts, Decimal(0)) / len(cuts)).quantize(CUT_PLACES, ROUND_HALF_UP)
