"""A key project's money: its cumulative investment reported month by month (and
corrected), and its annual plans. The rules `Project` takes for them; its events and
their effects stay in `domain.model.project`."""

import re
from collections.abc import Callable
from decimal import Decimal

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.project_states import Course
from domain.values import FIRST_YEAR, LAST_YEAR, Meta, amount

MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
PLAUSIBLE_OVERRUN = 3  # completed investment beyond 3× the total is a typo


class Investing(Course):
    """A project's rules for what is invested in it."""

    total_investment: Decimal
    investment: dict[str, Decimal]
    completed_investment: Decimal
    annual_plans: dict[str, Decimal]
    _investment_reported: Callable[..., None]
    _investment_corrected: Callable[..., None]
    _annual_plan_set: Callable[..., None]

    def report_investment(self, meta: Meta, month: str, cumulative: Decimal) -> None:
        self._require_running("report investment on")
        self._check_cumulative(month, cumulative)
        latest = max(self.investment, default=None)
        if latest is not None and month < latest:
            raise RuleBroken(f"{latest} is reported already: correct {month} instead")
        if cumulative < self.completed_investment:
            raise RuleBroken(
                f"{cumulative} is below the {self.completed_investment} reported for "
                f"{latest}: correct it instead"
            )
        if month == latest and cumulative == self.completed_investment:
            raise RuleBroken(f"{month} is reported at {cumulative} already")
        self._investment_reported(meta=meta, month=month, cumulative=cumulative)

    def correct_investment(
        self, meta: Meta, month: str, cumulative: Decimal, reason: str
    ) -> None:
        self._check_cumulative(month, cumulative)
        if self.investment.get(month) == cumulative:
            raise RuleBroken(f"{month} stands at {cumulative} already")
        self._investment_corrected(
            meta=meta,
            month=month,
            cumulative=cumulative,
            reason=rules.REASON.check("reason", reason),
        )

    def set_annual_plan(self, meta: Meta, year: int, planned: Decimal) -> None:
        plan_year("year", year)
        if self.annual_plans.get(str(year)) == amount("amount", planned):
            raise RuleBroken(f"the plan for {year} is {planned} already")
        self._annual_plan_set(meta=meta, year=year, amount=planned)

    def _check_cumulative(self, month: str, cumulative: Decimal) -> None:
        found = MONTH.fullmatch(month) if isinstance(month, str) else None
        if found is None or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
            raise InvalidValue("month", "must be a month YYYY-MM from 2000 to 2100")
        if amount("cumulative", cumulative) > PLAUSIBLE_OVERRUN * self.total_investment:
            raise InvalidValue(
                "cumulative", f"exceeds {PLAUSIBLE_OVERRUN}× the total investment"
            )


def plan_year(field: str, year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidValue(field, "must be a whole year")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue(field, f"must be from {FIRST_YEAR} to {LAST_YEAR}")
    return year
