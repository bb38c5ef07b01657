"""Commands on the pre-landing pool (拟落地重点项目管理库): entering a project, and
withdrawing it."""

from dataclasses import dataclass
from datetime import date

from domain.commands.project import ProjectChange
from domain.model.project import Project
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class EnterPool(ProjectChange, wire="EnterPool"):
    """入库: the project enters the pool on a day, before it is signed."""

    on: date

    def apply(self, project: Project, meta: Meta) -> None:
        project.enter_pool(meta, self.on)


@dataclass(frozen=True, kw_only=True)
class LeavePool(ProjectChange, wire="LeavePool"):
    """出库: the project is withdrawn from the pool on a day, with the reason."""

    on: date
    reason: str

    def apply(self, project: Project, meta: Meta) -> None:
        project.leave_pool(meta, self.on, self.reason)
