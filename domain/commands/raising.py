"""Raising a problem: on a visit, from a 12345 ticket, by a grid unit, at a meeting;
about a registered project or enterprise, or an unregistered market subject."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands.base import Command, Unit
from domain.errors import InvalidValue
from domain.model.enterprise import Enterprise
from domain.model.intake import Subject, Ticket
from domain.model.issue import Category, Issue, Severity, Source
from domain.model.project import Project
from domain.model.visit import Visit
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class RaiseIssue(Command, wire="RaiseIssue"):
    """A problem raised on a visit, from a 12345 ticket, by a grid unit, at a
    meeting or reported; about a registered project or enterprise, or a market
    subject not registered here (its `jurisdiction` given then)."""

    added_later: ClassVar[tuple[str, ...]] = (
        *("ticket", "grid_unit", "meeting", "subject", "jurisdiction"),
    )
    issue_id: UUID
    source: Source
    category: Category
    severity: Severity
    description: str
    project_id: UUID | None = None
    enterprise_id: UUID | None = None
    visit_id: UUID | None = None
    ticket: Ticket | None = None
    grid_unit: str | None = None
    meeting: str | None = None
    subject: Subject | None = None
    jurisdiction: str | None = None

    @property
    def target_id(self) -> UUID:
        return self.issue_id

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        unit.require_new(self.issue_id, "issue_id")
        visit = None if self.visit_id is None else unit.get(Visit, self.visit_id)
        project_id, enterprise_id = self.project_id, self.enterprise_id
        if visit is not None:
            visit.require_in_progress()
            if project_id is None and enterprise_id is None:
                project_id, enterprise_id = visit.project_id, visit.enterprise_id
        project = None if project_id is None else unit.get(Project, project_id)
        enterprise = (
            None if enterprise_id is None else unit.get(Enterprise, enterprise_id)
        )
        if visit is not None:
            require_seen_on(visit, project, enterprise)
        issue = Issue.raise_(
            id=self.issue_id,
            meta=meta,
            jurisdiction=self.placed(project or enterprise),
            source=self.source,
            category=self.category,
            severity=self.severity,
            description=self.description,
            project_id=project_id,
            enterprise_id=enterprise_id,
            visit_id=self.visit_id,
            ticket=self.ticket,
            grid_unit=self.grid_unit,
            meeting=self.meeting,
            subject=self.subject,
        )
        if visit is not None:
            visit.record_problem(meta, issue.id)
        if self.ticket is None:
            return unit.add(issue)
        return unit.add_claiming(issue, "12345 ticket", self.ticket.number, meta)

    def placed(self, owner: Project | Enterprise | None) -> str:
        """Where the problem lies: its project's or enterprise's jurisdiction, or,
        for an unregistered subject, the one given."""
        if owner is None:
            if self.jurisdiction is None:
                raise InvalidValue(
                    "jurisdiction", "an unregistered subject's problem needs one"
                )
            return self.jurisdiction
        if self.jurisdiction is not None:
            raise InvalidValue(
                "jurisdiction",
                "is the project's or enterprise's: give it only"
                " for an unregistered subject",
            )
        return owner.jurisdiction


def require_seen_on(
    visit: Visit, project: Project | None, enterprise: Enterprise | None
) -> None:
    """A problem raised on a visit concerns the place visited, or a project of the
    enterprise visited."""
    if project is not None and visit.project_id == project.id:
        return
    if project is not None and visit.enterprise_id == project.owner_enterprise_id:
        return
    if enterprise is not None and visit.enterprise_id == enterprise.id:
        return
    raise InvalidValue("project_id", "is not the place this visit is at")
