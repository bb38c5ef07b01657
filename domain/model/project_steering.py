"""Who looks after a key project and how far it is: its stewards (包保) and leader,
its stage, milestones, suspension and move. The rules `Project` takes for steering
it; its events and their effects stay in `domain.model.project`."""

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain import rules, values
from domain.errors import RuleBroken
from domain.model.officer import Officer
from domain.model.project_states import STAGES, Course, Milestone, Stage
from domain.values import Meta, plausible_date


class Steering(Course):
    """A project's rules for its people and its lifecycle."""

    stewards: list[UUID]
    leader: UUID | None
    milestones: dict[str, date]
    _steward_assigned: Callable[..., None]
    _steward_unassigned: Callable[..., None]
    _leader_assigned: Callable[..., None]
    _leader_unassigned: Callable[..., None]
    _stage_advanced: Callable[..., None]
    _stage_corrected: Callable[..., None]
    _milestone_recorded: Callable[..., None]
    _suspended: Callable[..., None]
    _resumed: Callable[..., None]
    _moved: Callable[..., None]

    # People ---------------------------------------------------------------------

    def assign_steward(self, meta: Meta, officer: Officer) -> None:
        require_serving(officer, self.jurisdiction)
        if officer.id in self.stewards:
            raise RuleBroken(f"{officer.username} is a steward already")
        self._steward_assigned(meta=meta, officer_id=officer.id)

    def unassign_steward(self, meta: Meta, officer_id: UUID) -> None:
        if officer_id not in self.stewards:
            raise RuleBroken(f"{officer_id} is no steward of the project")
        self._steward_unassigned(meta=meta, officer_id=officer_id)

    def assign_leader(self, meta: Meta, officer: Officer) -> None:
        require_serving(officer, self.jurisdiction)
        if officer.id == self.leader:
            raise RuleBroken(f"{officer.username} leads the project already")
        self._leader_assigned(meta=meta, officer_id=officer.id)

    def unassign_leader(self, meta: Meta) -> None:
        if self.leader is None:
            raise RuleBroken("the project has no leader")
        self._leader_unassigned(meta=meta)

    # Lifecycle ------------------------------------------------------------------

    def advance_stage(self, meta: Meta, stage: Stage) -> None:
        self._require_running("advance")
        if STAGES.index(stage) <= STAGES.index(self.stage):
            raise RuleBroken(
                f"{stage.value} is not past {self.stage.value}: correct it instead"
            )
        self._stage_advanced(meta=meta, stage=stage)

    def correct_stage(self, meta: Meta, stage: Stage, reason: str) -> None:
        if stage is self.stage:
            raise RuleBroken(f"the project is {stage.value} already")
        self._stage_corrected(
            meta=meta, stage=stage, reason=rules.REASON.check("reason", reason)
        )

    def record_milestone(
        self, meta: Meta, milestone: Milestone, on: date, reason: str = ""
    ) -> None:
        plausible_date("on", on)
        earlier = self.milestones.get(milestone.value)
        if earlier == on:
            raise RuleBroken(f"{milestone.value} is recorded on {on} already")
        if earlier is not None or reason:
            rules.REASON.check("reason", reason)
        self._milestone_recorded(meta=meta, milestone=milestone, on=on, reason=reason)

    def suspend(self, meta: Meta, reason: str) -> None:
        self._require_running("suspend")
        self._suspended(meta=meta, reason=rules.REASON.check("reason", reason))

    def resume(self, meta: Meta) -> None:
        if not self.suspended:
            raise RuleBroken("the project is not suspended")
        self._resumed(meta=meta)

    def move(self, meta: Meta, to: str, reason: str) -> None:
        if values.jurisdiction(to) == self.jurisdiction:
            raise RuleBroken(f"the project is in {to} already")
        self._moved(
            meta=meta, jurisdiction=to, reason=rules.REASON.check("reason", reason)
        )


def require_serving(officer: Officer, jurisdiction: str) -> None:
    """A steward or leader is active and serves the project's place (its
    jurisdiction or one above, as a city leader does a county's project)."""
    if not officer.active:
        raise RuleBroken(f"{officer.username} has been deactivated")
    if not officer.serves(jurisdiction):
        raise RuleBroken(f"{officer.username} does not serve {jurisdiction}")
