"""A project's approval package (审批套餐): its permits moving from prepared to
granted, 容缺 acceptances, its agents (a chief agent and N agents) and their matters."""

from dataclasses import replace
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import InvalidValue, RuleBroken
from domain.model.package_template import PermitSpec, check_permits
from domain.model.permit import Matter, Permit, PermitStatus, check_agents
from domain.values import Meta


class ApprovalPackage(Aggregate):
    """One project's permits. Commands check the rules; events record."""

    class Created(Aggregate.Created):
        meta: Meta
        jurisdiction: str
        project_id: UUID
        template_id: UUID
        template_version: int
        permits: list[PermitSpec]

    @event(Created)
    def __init__(
        self,
        *,
        id: UUID,
        meta: Meta,
        jurisdiction: str,
        project_id: UUID,
        template_id: UUID,
        template_version: int,
        permits: list[PermitSpec],
    ) -> None:
        self.jurisdiction = jurisdiction
        self.project_id = project_id
        self.template_id = template_id
        self.template_version = template_version
        self.permits = {p.permit_id: Permit.of(p) for p in permits}
        self.chief_agent_id: UUID | None = None
        self.agent_ids: list[UUID] = []
        self.matters: dict[str, Matter] = {}

    @classmethod
    def create(cls, *, id: UUID, meta: Meta, **facts: object) -> "ApprovalPackage":
        check_permits(facts["permits"])  # type: ignore[arg-type]
        return cls(id=id, meta=meta, **facts)  # type: ignore[arg-type]

    def permit(self, permit_id: str) -> Permit:
        try:
            return self.permits[permit_id]
        except KeyError:
            raise InvalidValue(
                "permit_id", f"{str(permit_id)[:40]!r} is not in this package"
            ) from None

    def serves(self, officer_id: UUID) -> bool:
        """The officer is the package's chief agent or one of its agents."""
        return officer_id == self.chief_agent_id or officer_id in self.agent_ids

    class Moved(Aggregate.Event):
        meta: Meta
        jurisdiction: str

    def follow(self, meta: Meta, jurisdiction: str) -> None:
        """Its project moved to another jurisdiction: the package goes with it."""
        if jurisdiction != self.jurisdiction:
            self._moved(meta=meta, jurisdiction=jurisdiction)

    @event(Moved)
    def _moved(self, meta: Meta, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction

    # Agents --------------------------------------------------------------------

    class AgentsAssigned(Aggregate.Event):
        meta: Meta
        chief_agent_id: UUID
        agent_ids: list[UUID]

    def assign_agents(self, meta: Meta, chief: UUID, agents: list[UUID]) -> None:
        """1名首席代办员总负责、N个代办员: the chief is not among the N."""
        check_agents(chief, agents)
        self._agents_assigned(meta=meta, chief_agent_id=chief, agent_ids=agents)

    @event(AgentsAssigned)
    def _agents_assigned(
        self, meta: Meta, chief_agent_id: UUID, agent_ids: list[UUID]
    ) -> None:
        self.chief_agent_id = chief_agent_id
        self.agent_ids = agent_ids
        for permit in self.permits.values():
            if permit.agent_id is not None and not self.serves(permit.agent_id):
                permit.agent_id = None

    class PermitAgentAssigned(Aggregate.Event):
        meta: Meta
        permit_id: str
        agent_id: UUID

    def assign_permit_agent(self, meta: Meta, permit_id: str, agent: UUID) -> None:
        self.permit(permit_id)
        if not self.serves(agent):
            raise RuleBroken(f"officer {agent} is not an agent of this package")
        self._permit_agent_assigned(meta=meta, permit_id=permit_id, agent_id=agent)

    @event(PermitAgentAssigned)
    def _permit_agent_assigned(
        self, meta: Meta, permit_id: str, agent_id: UUID
    ) -> None:
        self.permits[permit_id].agent_id = agent_id

    class LimitCommitted(Aggregate.Event):
        meta: Meta
        permit_id: str
        committed_days: int

    def commit_limit(self, meta: Meta, permit_id: str, days: int) -> None:
        """The department's committed limit (承诺时限), at most the statutory one."""
        self.permit(permit_id).require_committable(days)
        self._limit_committed(meta=meta, permit_id=permit_id, committed_days=days)

    @event(LimitCommitted)
    def _limit_committed(self, meta: Meta, permit_id: str, committed_days: int) -> None:
        self.permits[permit_id].committed_days = committed_days

    # Steps ---------------------------------------------------------------------

    class Step(Aggregate.Event):
        meta: Meta
        permit_id: str
        on: date

    class Prepared(Step):
        pass

    class Submitted(Step):
        pass

    class Accepted(Step):
        missing: list[str]
        supply_by: date | None

    class DocumentsSupplied(Step):
        pass

    class Granted(Step):
        reference: str | None

    class Returned(Step):
        reason: str

    def prepare(self, meta: Meta, permit_id: str, on: date) -> None:
        self.permit(permit_id).require_step("prepare", on, meta.device_time)
        self._prepared(meta=meta, permit_id=permit_id, on=on)

    @event(Prepared)
    def _prepared(self, meta: Meta, permit_id: str, on: date) -> None:
        permit = self.permits[permit_id]
        permit.status, permit.prepared_on = PermitStatus.PREPARED, on

    def submit(self, meta: Meta, permit_id: str, on: date) -> None:
        self.permit(permit_id).require_step("submit", on, meta.device_time)
        self._submitted(meta=meta, permit_id=permit_id, on=on)

    @event(Submitted)
    def _submitted(self, meta: Meta, permit_id: str, on: date) -> None:
        permit = self.permits[permit_id]
        permit.status, permit.submitted_on = PermitStatus.SUBMITTED, on
        permit.accepted_on = permit.returned_on = permit.return_reason = None

    def accept(
        self,
        meta: Meta,
        permit_id: str,
        on: date,
        missing: list[str],
        supply_by: date | None,
    ) -> None:
        """受理; with documents missing (容缺受理), the date they must come by."""
        self.permit(permit_id).require_acceptable(
            on, meta.device_time, missing, supply_by
        )
        self._accepted(
            meta=meta, permit_id=permit_id, on=on, missing=missing, supply_by=supply_by
        )

    @event(Accepted)
    def _accepted(
        self,
        meta: Meta,
        permit_id: str,
        on: date,
        missing: list[str],
        supply_by: date | None,
    ) -> None:
        permit = self.permits[permit_id]
        permit.status, permit.accepted_on = PermitStatus.ACCEPTED, on
        permit.missing, permit.supply_by, permit.supplied_on = missing, supply_by, None

    def supply(self, meta: Meta, permit_id: str, on: date) -> None:
        """The documents missing at a 容缺 acceptance arrive (late or not)."""
        self.permit(permit_id).require_suppliable(on, meta.device_time)
        self._supplied(meta=meta, permit_id=permit_id, on=on)

    @event(DocumentsSupplied)
    def _supplied(self, meta: Meta, permit_id: str, on: date) -> None:
        self.permits[permit_id].supplied_on = on

    def grant(
        self, meta: Meta, permit_id: str, on: date, reference: str | None
    ) -> None:
        """办结: not while documents of a 容缺 acceptance are outstanding."""
        self.permit(permit_id).require_grantable(on, meta.device_time)
        if reference is not None:
            rules.REFERENCE.check("reference", reference)
        self._granted(meta=meta, permit_id=permit_id, on=on, reference=reference)

    @event(Granted)
    def _granted(
        self, meta: Meta, permit_id: str, on: date, reference: str | None
    ) -> None:
        permit = self.permits[permit_id]
        permit.status, permit.granted_on = PermitStatus.GRANTED, on
        permit.reference = reference

    def return_(self, meta: Meta, permit_id: str, on: date, reason: str) -> None:
        self.permit(permit_id).require_step("return", on, meta.device_time)
        reason = rules.REASON.check("reason", reason)
        self._returned(meta=meta, permit_id=permit_id, on=on, reason=reason)

    @event(Returned)
    def _returned(self, meta: Meta, permit_id: str, on: date, reason: str) -> None:
        permit = self.permits[permit_id]
        permit.status, permit.returned_on = PermitStatus.RETURNED, on
        permit.return_reason, permit.returns = reason, permit.returns + 1

    class DocumentsOverdue(Aggregate.Event):
        meta: Meta
        permit_id: str
        supply_by: date

    def flag_documents_overdue(self, meta: Meta, permit_id: str, today: date) -> None:
        """The sweep: a 容缺 acceptance's documents were due before `today`."""
        due = self.permit(permit_id).require_documents_overdue(today)
        self._documents_overdue(meta=meta, permit_id=permit_id, supply_by=due)

    @event(DocumentsOverdue)
    def _documents_overdue(self, meta: Meta, permit_id: str, supply_by: date) -> None:
        self.permits[permit_id].flagged_supply_by = supply_by

    # Matters (代办事项) ----------------------------------------------------------

    class MatterOpened(Aggregate.Event):
        meta: Meta
        matter: Matter

    def open_matter(self, meta: Meta, matter: Matter) -> None:
        """An agent of the package takes on a matter, for a permit or not."""
        matter.require_new(meta.device_time)
        if matter.permit_id is not None:
            self.permit(matter.permit_id)
        if str(matter.matter_id) in self.matters:
            raise RuleBroken(f"matter {matter.matter_id} is recorded already")
        if not self.serves(matter.agent_id):
            raise RuleBroken(f"officer {matter.agent_id} is not an agent here")
        self._matter_opened(meta=meta, matter=matter)

    @event(MatterOpened)
    def _matter_opened(self, meta: Meta, matter: Matter) -> None:
        self.matters[str(matter.matter_id)] = replace(matter)  # not the event's

    class MatterClosed(Aggregate.Event):
        meta: Meta
        matter_id: UUID
        on: date
        result: str

    def close_matter(self, meta: Meta, matter_id: UUID, on: date, result: str) -> None:
        result = rules.RESULT.check("result", result)
        matter = self.matters.get(str(matter_id))
        if matter is None:
            raise InvalidValue("matter_id", f"{matter_id} is not a matter here")
        matter.require_closable(on, meta.device_time)
        self._matter_closed(meta=meta, matter_id=matter_id, on=on, result=result)

    @event(MatterClosed)
    def _matter_closed(
        self, meta: Meta, matter_id: UUID, on: date, result: str
    ) -> None:
        matter = self.matters[str(matter_id)]
        matter.closed_on, matter.result = on, result


STORED_TYPES = (Matter,)
