"""The kinds of meeting a county holds (调度会, 汇报会, 督查, 通报会 …) and their rhythm:
「一周一调度、半月一汇报、一月一督查、一季一通报」 (seed 002), settings per county."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from domain.errors import InvalidValue
from domain.values import text

CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")


class Every(Enum):
    """How often a kind of meeting is due: once a calendar period, or no rhythm."""

    WEEK = "week"  # Monday to Sunday
    HALF_MONTH = "half_month"  # the 1st to the 15th, the 16th to the month's end
    MONTH = "month"
    QUARTER = "quarter"
    NONE = "none"  # held when needed (专题会, 现场办公会)


@dataclass(frozen=True)
class MeetingKind:
    code: str  # what commands and the store hold
    name: str  # what tables and exports show
    every: Every

    def check(self) -> "MeetingKind":
        if not CODE.fullmatch(self.code):
            raise ValueError(f"a meeting kind is 1 to 32 of a-z 0-9 _: {self.code!r}")
        text("name", self.name, 50)
        return self


DEFAULT_KINDS = (
    MeetingKind("dispatch", "调度会", Every.WEEK),  # 一周一调度
    MeetingKind("report", "汇报会", Every.HALF_MONTH),  # 半月一汇报
    MeetingKind("inspection", "督查会", Every.MONTH),  # 一月一督查
    MeetingKind("briefing", "通报会", Every.QUARTER),  # 一季一通报
    MeetingKind("topical", "专题会", Every.NONE),  # seeds 000, 003
    MeetingKind("on_site", "现场办公会", Every.NONE),  # seed 001
)


@dataclass(frozen=True)
class MeetingKinds:
    """The kinds a county holds, in the order it lists them."""

    kinds: tuple[MeetingKind, ...] = DEFAULT_KINDS

    @classmethod
    def parse(cls, setting: str) -> "MeetingKinds":
        """`code:every:name,…` (e.g. `dispatch:week:周调度会`); empty: the defaults."""
        if not setting.strip():
            return cls()
        kinds = []
        for part in setting.split(","):
            code, every, name = (piece.strip() for piece in f"{part}::".split(":")[:3])
            try:
                kinds.append(MeetingKind(code, name, Every(every)).check())
            except (ValueError, InvalidValue) as bad:
                raise ValueError(f"a meeting kind is code:every:name: {bad}") from None
        if len({kind.code for kind in kinds}) != len(kinds):
            raise ValueError("a meeting kind is named twice")
        return cls(tuple(kinds))

    def get(self, code: str) -> MeetingKind | None:
        return next((kind for kind in self.kinds if kind.code == code), None)

    def require(self, code: str) -> MeetingKind:
        found = self.get(code)
        if found is None:
            known = ", ".join(kind.code for kind in self.kinds)
            raise InvalidValue("kind", f"is not a kind of meeting held here ({known})")
        return found


def period_of(day: date, every: Every) -> tuple[date, date]:
    """The first and last day of the period `day` falls in."""
    if every is Every.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    last = monthrange(day.year, day.month)[1]
    if every is Every.HALF_MONTH:
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), day.replace(day=last)
    if every is Every.MONTH:
        return day.replace(day=1), day.replace(day=last)
    if every is Every.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        end = date(day.year, first + 2, monthrange(day.year, first + 2)[1])
        return date(day.year, first, 1), end
    raise ValueError("a meeting held when needed has no period")


def next_due(last: date, every: Every) -> date:
    """The day the next meeting is due by: the end of the period after the last's."""
    _, end = period_of(last, every)
    return period_of(end + timedelta(days=1), every)[1]
