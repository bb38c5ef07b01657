"""The time limits (限时办结) a command gives a department: worked out once, when it is
applied, on the official calendar of working days."""

from datetime import date
from typing import ClassVar

from domain.errors import InvalidValue
from domain.workdays import (
    MAX_WORKING_DAYS,
    CalendarUnknown,
    add_working_days,
    local_today,
)

RESPOND_WITHIN = 2  # working days: 「新问题2天内出解决方案」 (seed 002)


class Limits:
    """A department's time limits (限时办结), given when a problem reaches it: the
    deadline as a date or as N working days (「60个工作日办结」), and the first
    response (方案) in working days, 2 unless given (「新问题2天内出解决方案」)."""

    added_later: ClassVar[tuple[str, ...]] = ("working_days", "respond_within")
    deadline: date | None
    working_days: int | None
    respond_within: int | None

    def worked_out(self) -> tuple[date, date]:
        """The deadline and the first response's limit, from today (the
        assignment's day in China): never before it."""
        today = local_today()
        if (self.deadline is None) == (self.working_days is None):
            raise InvalidValue("deadline", "give a deadline or working_days, not both")
        deadline = self.deadline or add_working_days(
            today, in_range("working_days", self.working_days, MAX_WORKING_DAYS)
        )
        if deadline < today:
            raise InvalidValue(
                "deadline", f"{deadline} is before the assignment, on {today}"
            )
        within = in_range("respond_within", self.respond_within, MAX_WORKING_DAYS)
        try:
            return deadline, min(deadline, add_working_days(today, within))
        except CalendarUnknown:
            if self.respond_within is not None:
                raise
            # The default first response reaches a year the calendar does not know
            # yet (from late December until the package is upgraded): no limit is
            # guessed from weekends, and no assignment refused for want of one; the
            # response is due by the deadline (docs/deploy.md: upgrade yearly).
            return deadline, deadline


def in_range(field: str, value: int | None, most: int) -> int:
    if value is None:
        return RESPOND_WITHIN
    if not 1 <= value <= most:
        raise InvalidValue(field, f"must be 1 to {most} working days")
    return value
