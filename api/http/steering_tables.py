"""Tables of how projects are steered: who covered theirs, the month's assessment."""

from api.tables import PLACE, PROJECT, Column

COVERAGE = (
    Column("officer_name", "姓名", "Officer"),
    Column("period", "期间", "Period"),
    Column("required", "每期要求次数", "Visits required", "number"),
    Column("projects", "负责项目数", "Projects", "number"),
    Column("visited", "已达要求", "Visited as required", "number"),
    Column("coverage", "覆盖率", "Coverage", "rate"),
    Column("not_visited_names", "未达要求项目", "Not visited as required", "list"),
)
ASSESSED = (
    Column("serial", "序号", "No.", "serial"),
    Column("code", "项目编号", "Code"),
    Column("name", "项目名称", "Project"),
    *PLACE,
    Column("month", "月份", "Month"),
    Column("colour", "预警", "Warning", "code:warning"),
    Column("reason_objects", "预警原因", "Reasons", "reasons"),
)
STATISTICS = (
    Column("projects", "项目数", "Projects", "number"),
    Column("in_plan", "年度计划项目", "In the year's plan", "number"),
    Column("started", "开(复)工项目", "Started", "number"),
    Column("start_rate", "开(复)工率", "Start rate", "rate"),
    Column("planned", "年度计划投资（万元）", "Planned this year", "number"),
    Column("completed", "年度完成投资（万元）", "Completed this year", "number"),
    Column("completion_rate", "占年度计划", "Share of the plan", "rate"),
)
STATISTICS_GROUPS = {
    "level": Column("group", "级别", "Level", "code:level"),
    "stage": Column("group", "阶段", "Stage", "code:stage"),
    "sector": Column("group", "行业", "Industry"),
    "county": Column("group", "县（市、区）", "County"),
    "city": Column("group", "市", "City"),
    "jurisdiction": Column("group", "区划", "Jurisdiction"),
    "month": Column("group", "月份", "Month"),
}
PLACES = ("county", "city", "jurisdiction")
UNREPORTED = (
    *PROJECT,
    Column("stage", "阶段", "Stage", "code:stage"),
    Column("month", "未报月份", "Month not reported"),
)


def statistics_columns(group_by: str) -> tuple[Column, ...]:
    """The group (a place with its name), then the figures."""
    named = (
        (Column("group", "区划名称", "Name", "place"),) if group_by in PLACES else ()
    )
    return (STATISTICS_GROUPS[group_by], *named, *STATISTICS)
