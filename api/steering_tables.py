"""Tables of how projects are steered: who covered theirs, the month's assessment."""

from api.tables import Column

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
    Column("jurisdiction", "区划", "Jurisdiction"),
    Column("jurisdiction", "区划名称", "Jurisdiction name", "place"),
    Column("month", "月份", "Month"),
    Column("colour", "预警", "Warning", "code:warning"),
    Column("reason_objects", "预警原因", "Reasons", "reasons"),
)
