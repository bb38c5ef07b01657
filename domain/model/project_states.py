"""A key project's level, lifecycle stages and milestones, and where it is in its
course. The enums are stored under the names they had in `domain.model.project`
(`__stored_as__`)."""

from enum import Enum

from domain.errors import RuleBroken


class Level(Enum):
    __stored_as__ = "project.Level"  # its name in stored events: it was declared there
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"


class Stage(Enum):
    """The lifecycle (全生命周期), in order: 谋划, 前期, 建设, 投产, 运营."""

    __stored_as__ = "project.Stage"

    PLANNING = "planning"
    PRE_CONSTRUCTION = "pre_construction"
    UNDER_CONSTRUCTION = "under_construction"
    COMMISSIONED = "commissioned"
    OPERATING = "operating"


class Milestone(Enum):
    """The nodes a project passes (their order: project_nodes.NODES). Values added
    later come last: what is stored never changes."""

    __stored_as__ = "project.Milestone"

    SIGNED = "signed"
    GROUNDBREAKING = "groundbreaking"  # 开工
    COMPLETION = "completion"  # 竣工
    PRODUCTION = "production"  # 投产
    LAND = "land"  # 供地
    PERMITS = "permits"  # 施工许可
    TOPPING_OUT = "topping_out"  # 主体封顶


STAGES = list(Stage)


class Course:
    """Where a project is in its course: what its rules (`project_steering`,
    `project_investment`) read of the state `Project`'s events build."""

    jurisdiction: str
    stage: Stage
    suspended: bool

    def _require_running(self, action: str) -> None:
        if self.suspended:
            raise RuleBroken(f"cannot {action} a suspended project; resume it first")
