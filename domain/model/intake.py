"""Where a problem comes from besides a visit (a 12345 ticket, a grid unit, a
meeting), the unregistered market subject it may concern, and what a callback
(回访) that went wrong does by the county's rule."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from domain import rules
from domain.errors import InvalidValue
from domain.values import FIRST_YEAR, LAST_YEAR

TICKET = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,39}")  # 工单编号
MASKED_PHONE = re.compile(r"[0-9]{3}\*{4}[0-9]{4}")  # 138****5678
MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class Ticket:
    """A 12345 hotline ticket (工单): its number, unique in the whole store, and who
    called (either may be left out: callers may stay anonymous). Only the masked
    phone is ever kept."""

    number: str
    caller: str | None = None
    phone: str | None = None
    called_at: datetime | None = None  # 来电时间, as the platform recorded it

    def check(self) -> "Ticket":
        if not isinstance(self.number, str) or not TICKET.fullmatch(self.number):
            raise InvalidValue(
                "number", "a ticket number is 1 to 40 of A-Z a-z 0-9 _ -"
            )
        if self.caller is not None:
            rules.CALLER.check("caller", self.caller)
        if self.phone is not None and not MASKED_PHONE.fullmatch(self.phone):
            raise InvalidValue(
                "phone", "give it masked, as 138****5678: only that is kept"
            )
        if self.called_at is not None and (
            self.called_at.utcoffset() is None
            or not FIRST_YEAR <= self.called_at.year <= LAST_YEAR
        ):
            raise InvalidValue("called_at", "an instant with its offset, 2000 to 2100")
        return self


def mask_phone(number: str) -> str:
    """A phone number as it is kept: its first 3 and last 4 digits (138****5678)."""
    digits = "".join(char for char in number if char.isdigit())
    if MASKED_PHONE.fullmatch(number.strip()):
        return number.strip()
    for country in ("0086", "86"):  # China's code before a mobile number
        if digits.startswith(country) and len(digits) == len(country) + 11:
            digits = digits[len(country) :]
    if len(digits) < MIN_PHONE_DIGITS or len(digits) > 20:
        raise InvalidValue("phone", f"is not a phone number ({len(digits)} digits)")
    return f"{digits[:3]}****{digits[-4:]}"


class SubjectKind(Enum):
    """市场主体 not in the register: 个体工商户, a resident, an enterprise not (yet)
    registered here."""

    INDIVIDUAL_BUSINESS = "individual_business"
    RESIDENT = "resident"
    ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class Subject:
    """An unregistered market subject a problem concerns: who and where."""

    kind: SubjectKind
    name: str
    address: str

    def check(self) -> "Subject":
        rules.NAME.check("name", self.name)
        rules.ADDRESS.check("address", self.address)
        return self


class CallbackRule(Enum):
    """What a callback that found the enterprise unsatisfied, or could not reach
    it, does to the problem: flag it for the supervisor, or reopen it."""

    FLAG = "flag"
    REOPEN = "reopen"


class Concern(Enum):
    """Why a callback flagged or reopened a problem."""

    UNSATISFIED = "unsatisfied"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class CallbackRules:
    """The county's rule for each concern (settings; both flag unless set)."""

    unsatisfied: CallbackRule = CallbackRule.FLAG
    unreachable: CallbackRule = CallbackRule.FLAG

    def for_(self, concern: Concern) -> CallbackRule:
        return self.unsatisfied if concern is Concern.UNSATISFIED else self.unreachable


STORED_TYPES = (Ticket, Subject, SubjectKind, Concern)
