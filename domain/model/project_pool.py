"""A key project's place in the pre-landing pool (拟落地重点项目管理库): entered before
it is signed, withdrawn with a reason. The part of `Project` that holds it, in a module
of its own; its events are `Project.*` as the project's others are."""

from datetime import date

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import RuleBroken
from domain.values import Meta, plausible_date


class Project(Aggregate):
    """What the pool adds to a project. Projects stored before it (and their
    snapshots) were never entered: an absent attribute reads as not in the pool."""

    @property
    def pooled_on(self) -> date | None:
        """The day the project entered the pool, while it is in it."""
        held: date | None = self.__dict__.get("entered_pool_on")
        return held

    class EnteredPool(Aggregate.Event):
        meta: Meta
        on: date

    def enter_pool(self, meta: Meta, on: date) -> None:
        """入库: before the project is signed; again only after it was withdrawn."""
        plausible_date("on", on)
        if self.pooled_on is not None:
            raise RuleBroken(f"the project is in the pool since {self.pooled_on}")
        milestones: dict[str, date] = self.__dict__.get("milestones", {})
        signed = milestones.get("signed")
        if signed is not None and signed <= on:
            raise RuleBroken(f"the project was signed on {signed}: the pool is before")
        self._entered_pool(meta=meta, on=on)

    @event(EnteredPool)
    def _entered_pool(self, meta: Meta, on: date) -> None:
        self.entered_pool_on: date | None = on

    class LeftPool(Aggregate.Event):
        meta: Meta
        on: date
        reason: str

    def leave_pool(self, meta: Meta, on: date, reason: str) -> None:
        """出库: withdrawn from the pool (it will not land as planned), with why."""
        entered = self.pooled_on
        if entered is None:
            raise RuleBroken("the project is not in the pool")
        if plausible_date("on", on) < entered:
            raise RuleBroken(f"the project entered the pool on {entered}, after {on}")
        self._left_pool(meta=meta, on=on, reason=rules.REASON.check("reason", reason))

    @event(LeftPool)
    def _left_pool(self, meta: Meta, on: date, reason: str) -> None:
        self.entered_pool_on = None
