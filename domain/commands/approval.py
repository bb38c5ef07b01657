"""Commands of approval packages: templates per kind of project, a project's
package, its permits' steps, 容缺 acceptances, agents and their matters."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Change, Command, Unit
from domain.errors import RuleBroken
from domain.model.approval import ApprovalPackage
from domain.model.officer import Officer, Role
from domain.model.package_template import PackageTemplate, PermitSpec
from domain.model.permit import Matter
from domain.model.project import Project
from domain.values import Meta

CLAIM = "package of project"  # a project has one package


@dataclass(frozen=True, kw_only=True)
class CreatePackageTemplate(Command, wire="CreatePackageTemplate"):
    template_id: UUID
    name: str
    project_kind: str
    jurisdiction: str

    @property
    def target_id(self) -> UUID:
        return self.template_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.template_id, "template_id")
        return unit.add(
            PackageTemplate.create(
                id=self.template_id,
                meta=meta,
                name=self.name,
                project_kind=self.project_kind,
                jurisdiction=self.jurisdiction,
            )
        )


@dataclass(frozen=True, kw_only=True)
class TemplateChange(Change[PackageTemplate]):
    kind: ClassVar[type[Aggregate]] = PackageTemplate
    template_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.template_id


@dataclass(frozen=True, kw_only=True)
class PublishPackageVersion(TemplateChange, wire="PublishPackageVersion"):
    permits: tuple[PermitSpec, ...]

    def apply(self, template: PackageTemplate, meta: Meta) -> None:
        template.publish(meta, list(self.permits))


@dataclass(frozen=True, kw_only=True)
class RetirePackageTemplate(TemplateChange, wire="RetirePackageTemplate"):
    reason: str

    def apply(self, template: PackageTemplate, meta: Meta) -> None:
        template.retire(meta, self.reason)


@dataclass(frozen=True, kw_only=True)
class CreatePackage(Command, wire="CreatePackage"):
    """Gives a project its package: a copy of a template version's permits (the
    latest when none is given). A project has one package."""

    package_id: UUID
    project_id: UUID
    template_id: UUID
    template_version: int | None = None

    @property
    def target_id(self) -> UUID:
        return self.package_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.package_id, "package_id")
        project = unit.get(Project, self.project_id)
        template = unit.get(PackageTemplate, self.template_id)
        if not project.jurisdiction.startswith(template.jurisdiction):
            raise RuleBroken(f"{template.name!r} is not for {project.jurisdiction}")
        permits = template.permits(self.template_version)
        package = ApprovalPackage.create(
            id=self.package_id,
            meta=meta,
            jurisdiction=project.jurisdiction,
            project_id=project.id,
            template_id=template.id,
            template_version=self.template_version or template.latest_version,
            permits=permits,
        )
        return unit.add_claiming(package, CLAIM, str(project.id), meta)


def carry_package(unit: Unit, project: Project, meta: Meta) -> None:
    """A project that moved takes its package along, in the move's own unit: the
    package's place is always its project's."""
    package_id = unit.holder(CLAIM, str(project.id))
    if package_id is not None:
        package = unit.get(ApprovalPackage, package_id, to_change=True)
        package.follow(meta, project.jurisdiction)


@dataclass(frozen=True, kw_only=True)
class PackageChange(Change[ApprovalPackage]):
    kind: ClassVar[type[Aggregate]] = ApprovalPackage
    package_id: UUID

    @property
    def target_id(self) -> UUID:
        return self.package_id


def agent(unit: Unit, officer_id: UUID, package: ApprovalPackage, meta: Meta) -> UUID:
    """An active officer with the agent's role who serves the package's place."""
    officer = unit.get(Officer, officer_id)
    if Role.AGENT not in officer.roles or not officer.active_at(meta.device_time):
        raise RuleBroken(f"officer {officer_id} is not an active agent")
    if not officer.serves(package.jurisdiction):
        raise RuleBroken(f"officer {officer_id} does not serve {package.jurisdiction}")
    return officer.id


@dataclass(frozen=True, kw_only=True)
class AssignAgents(PackageChange, wire="AssignAgents"):
    chief_agent_id: UUID
    agent_ids: tuple[UUID, ...] = ()

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        package = unit.get(ApprovalPackage, self.package_id, to_change=True)
        chief = agent(unit, self.chief_agent_id, package, meta)
        agents = [agent(unit, a, package, meta) for a in self.agent_ids]
        package.assign_agents(meta, chief, agents)
        return package


@dataclass(frozen=True, kw_only=True)
class AssignPermitAgent(PackageChange, wire="AssignPermitAgent"):
    permit_id: str
    agent_id: UUID

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.assign_permit_agent(meta, self.permit_id, self.agent_id)


@dataclass(frozen=True, kw_only=True)
class PermitChange(PackageChange):
    """A command on one permit of a package (its department's, for a handler)."""

    permit_id: str


@dataclass(frozen=True, kw_only=True)
class CommitLimit(PermitChange, wire="CommitLimit"):
    committed_days: int

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.commit_limit(meta, self.permit_id, self.committed_days)


@dataclass(frozen=True, kw_only=True)
class PreparePermit(PermitChange, wire="PreparePermit"):
    on: date

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.prepare(meta, self.permit_id, self.on)


@dataclass(frozen=True, kw_only=True)
class SubmitPermit(PermitChange, wire="SubmitPermit"):
    on: date

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.submit(meta, self.permit_id, self.on)


@dataclass(frozen=True, kw_only=True)
class AcceptPermit(PermitChange, wire="AcceptPermit"):
    """受理; naming missing documents and a date makes it a 容缺 acceptance."""

    on: date
    missing: tuple[str, ...] = ()
    supply_by: date | None = None

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.accept(
            meta, self.permit_id, self.on, list(self.missing), self.supply_by
        )


@dataclass(frozen=True, kw_only=True)
class SupplyDocuments(PermitChange, wire="SupplyDocuments"):
    on: date

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.supply(meta, self.permit_id, self.on)


@dataclass(frozen=True, kw_only=True)
class GrantPermit(PermitChange, wire="GrantPermit"):
    on: date
    reference: str | None = None

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.grant(meta, self.permit_id, self.on, self.reference)


@dataclass(frozen=True, kw_only=True)
class ReturnPermit(PermitChange, wire="ReturnPermit"):
    on: date
    reason: str

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.return_(meta, self.permit_id, self.on, self.reason)


@dataclass(frozen=True, kw_only=True)
class OpenMatter(PackageChange, wire="OpenMatter"):
    """An agent's matter (代办事项); the sender's own unless a chief or supervisor
    names another agent."""

    matter_id: UUID
    agent_id: UUID
    what: str
    for_whom: str
    opened_on: date
    permit_id: str | None = None

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        matter = Matter(
            matter_id=self.matter_id,
            agent_id=self.agent_id,
            what=self.what,
            for_whom=self.for_whom,
            opened_on=self.opened_on,
            permit_id=self.permit_id,
        )
        package.open_matter(meta, matter)


@dataclass(frozen=True, kw_only=True)
class CloseMatter(PackageChange, wire="CloseMatter"):
    matter_id: UUID
    on: date
    result: str

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.close_matter(meta, self.matter_id, self.on, self.result)


@dataclass(frozen=True, kw_only=True)
class FlagDocumentsOverdue(PermitChange, wire="FlagDocumentsOverdue"):
    """The sweep: a 容缺 acceptance's documents were due before `today` (local
    date) and are still missing. Sent by the system only, never through the API."""

    today: date

    def apply(self, package: ApprovalPackage, meta: Meta) -> None:
        package.flag_documents_overdue(meta, self.permit_id, self.today)
