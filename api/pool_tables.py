"""Tables of the pre-landing pool and the four batches (四个一批), as exports show them."""

from api.tables import PROJECT, Column

POOL = (
    *PROJECT,
    Column("total_investment", "总投资（万元）", "Total investment", "number"),
    Column("pooled_on", "入库日期", "Entered the pool", "date"),
    Column("status", "状态", "Status", "code:pool_status"),
    Column("signed", "签约日期", "Signed", "date"),
    Column("started", "开工日期", "Started", "date"),
    Column("producing", "投产日期", "In production", "date"),
    Column("withdrawn_on", "出库日期", "Withdrawn", "date"),
    Column("reason", "出库原因", "Why withdrawn"),
)
BATCHES = (
    Column("planned", "谋划一批（个）", "Planned (entered the pool)", "number"),
    Column("planned_investment", "谋划总投资（万元）", "Planned: investment", "number"),
    Column("signed", "签约一批（个）", "Signed", "number"),
    Column("signed_investment", "签约总投资（万元）", "Signed: investment", "number"),
    Column("started", "开工一批（个）", "Started", "number"),
    Column("started_investment", "开工总投资（万元）", "Started: investment", "number"),
    Column("producing", "投产一批（个）", "In production", "number"),
    Column(
        "producing_investment",
        "投产总投资（万元）",
        "In production: investment",
        "number",
    ),
    Column("withdrawn", "出库（个）", "Withdrawn from the pool", "number"),
)
GROUPED = {
    "all": Column("group", "区划", "Jurisdiction"),
    "level": Column("group", "级别", "Level", "code:level"),
    "county": Column("group", "县（市、区）", "County"),
    "city": Column("group", "市", "City"),
    "jurisdiction": Column("group", "区划", "Jurisdiction"),
}


def batches_columns(group_by: str) -> tuple[Column, ...]:
    """The period, the group (a place with its name), then the four batches."""
    named = (Column("group", "区划名称", "Name", "place"),)
    grouped = (GROUPED[group_by], *(named if group_by != "level" else ()))
    return (Column("period", "期间", "Period"), *grouped, *BATCHES)
