"""The rules a new key project's facts meet: its code, names, place, planned dates
and investment."""

import re
from typing import Any

from domain import rules, values
from domain.errors import InvalidValue
from domain.model.project_investment import plan_year
from domain.values import amount, plausible_date

CODE = re.compile(r"[A-Za-z0-9-]{1,32}")


def registration_checked(facts: dict[str, Any]) -> dict[str, Any]:
    """A new project's facts, checked."""
    if not isinstance(facts["code"], str) or not CODE.fullmatch(facts["code"]):
        raise InvalidValue("code", "must be 1 to 32 of A-Z a-z 0-9 -")
    rules.NAME.check("name", facts["name"])
    rules.LOCATION.check("location", facts["location"])
    rules.SECTOR.check("sector", facts["sector"])
    values.jurisdiction(facts["jurisdiction"])
    start = plausible_date("planned_start", facts["planned_start"])
    if plausible_date("planned_finish", facts["planned_finish"]) < start:
        raise InvalidValue("planned_finish", "must not be before the start")
    if amount("total_investment", facts["total_investment"]) == 0:
        raise InvalidValue("total_investment", "must be more than zero")
    plan_year("plan_year", facts["plan_year"])
    amount("planned_investment", facts["planned_investment"])
    return facts
