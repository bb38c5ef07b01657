"""The ledgers and the board as tables: columns with Chinese and English headings,
and coded values (categories, stages, colours …) in either language."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from api.table_cells import joined, late_nodes
from api.tables_labels import LABELS, REASONS
from projections.dates import local_date
from projections.place_register import PlaceName

Places = Mapping[str, PlaceName]  # the register's names, by code

LANGUAGES = ("zh", "en")


def plain(value: Any, lang: str) -> str:
    return str(value)


def number(value: Any, lang: str) -> int | float:
    return value if isinstance(value, int | float) else float(Decimal(value))


def day(value: Any, lang: str) -> date:
    """A local date (or the local date of a stored instant)."""
    text = str(value)
    if len(text) > 10:
        return local_date(datetime.fromisoformat(text))
    return date.fromisoformat(text)


def yes_no(value: Any, lang: str) -> str:
    return ("是", "否")[not value] if lang == "zh" else ("yes", "no")[not value]


def reasons(value: Any, lang: str) -> str:
    return "；".join(reason_text(reason, lang) for reason in value)


CELLS: dict[str, Callable[[Any, str], Any]] = {
    "number": number,
    "rate": number,
    "date": day,
    "bool": yes_no,
    "reasons": reasons,
    "list": joined,
    "nodes": late_nodes,
}


@dataclass(frozen=True)
class Column:
    """A column: the row's key, its headings, and how its values are shown.

    `kind`: "text", "code:<labels>" (translated), "number", "rate", "date",
    "instant" (date and time, local), "reasons", "serial" (1 to n, the row's
    place in the file) or "place" (the name of the jurisdiction whose code the
    key holds, from the register of places)."""

    key: str
    zh: str
    en: str
    kind: str = "text"

    def heading(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def cell(self, value: Any, lang: str) -> Any:
        """The value as a spreadsheet cell: numbers stay numbers."""
        if value is None:
            return None
        kind, _, labels = self.kind.partition(":")
        if kind == "code":
            found = LABELS[labels].get(str(value))
            return str(value) if found is None else found[LANGUAGES.index(lang)]
        convert = CELLS.get(kind) or plain
        return convert(value, lang)


def reason_text(reason: Any, lang: str) -> str:
    zh, en = REASONS[reason.code]
    template = zh if lang == "zh" else en
    value = reason.value
    if isinstance(value, float):
        value = f"{value:.1%}"
    if isinstance(value, dict) and "node" in value:  # a node late: its name, days
        node = LABELS["node"][value["node"]][0 if lang == "zh" else 1]
        return template.format(node=node, days=value["days"])
    return template.format(value=value)


def tabulate(
    columns: Iterable[Column],
    rows: Iterable[Mapping[str, Any]],
    lang: str,
    places: Places | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Headings and cells of the rows, in a language."""
    if lang not in LANGUAGES:
        raise ValueError(f"no headings in {lang!r}")
    chosen = list(columns)
    headings = [column.heading(lang) for column in chosen]
    return headings, list(cells_of(chosen, rows, lang, places))


def cells_of(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    lang: str,
    places: Places | None = None,
) -> Iterator[list[Any]]:
    """Each row's cells, as the rows come; places named from `places`."""
    for n, row in enumerate(rows, start=1):
        yield [one_cell(column, row, n, lang, places or {}) for column in columns]


def one_cell(
    column: Column, row: Mapping[str, Any], n: int, lang: str, places: Places
) -> Any:
    if column.kind == "serial":
        return n
    value = row.get(column.key)
    if column.kind == "place":
        return place_name(value, lang, places)
    return column.cell(value, lang)


def place_name(code: Any, lang: str, places: Places) -> str | None:
    """The name the register gives a code (None where it has none)."""
    found = places.get(str(code)) if code else None
    return found.named(lang) if found else None


def grouped(group_by: str, figures: Sequence[Column]) -> tuple[Column, ...]:
    """A summary's columns: its group (and a jurisdiction's name), then figures."""
    named = (PLACE_GROUP,) if group_by == "jurisdiction" else ()
    return (GROUPS[group_by], *named, *figures)


# How a place and a project lead a row of an export: the code beside its name.
PLACE = (
    Column("jurisdiction", "区划", "Jurisdiction"),
    Column("jurisdiction", "区划名称", "Jurisdiction name", "place"),
)
PROJECT = (
    Column("serial", "序号", "No.", "serial"),
    Column("code", "项目编号", "Code"),
    Column("name", "项目名称", "Project"),
    Column("level", "级别", "Level", "code:level"),
    *PLACE,
)
ISSUES = (
    Column("serial", "序号", "No.", "serial"),
    Column("description", "问题描述", "Problem"),
    Column("project_name", "项目", "Project"),
    Column("enterprise_name", "企业", "Enterprise"),
    *PLACE,
    Column("category", "类别", "Category", "code:category"),
    Column("source", "来源", "Source", "code:source"),
    Column("ticket_number", "12345工单编号", "12345 ticket"),
    Column("subject_name", "诉求主体", "Unregistered subject"),
    Column("department_then", "责任单位", "Department"),
    Column("status", "状态", "Status", "code:issue_status"),
    Column("raised_on", "提出日期", "Raised", "date"),
    Column("assigned_at", "交办日期", "Assigned", "date"),
    Column("due_then", "办结时限", "Due", "date"),
    Column("respond_by", "方案时限", "First response due", "date"),
    Column("responded_at", "首次响应", "First response", "date"),
    Column("proposed_at", "办结申请日期", "Resolution proposed", "date"),
    Column("closed_on", "销号日期", "Closed", "date"),
    Column("overdue", "是否逾期", "Overdue", "bool"),
    Column("days_overdue", "逾期天数", "Days overdue", "number"),
    Column("days_open", "历时天数", "Days open", "number"),
    Column("escalation_level", "提级次数", "Escalations", "number"),
    Column("send_backs", "退回次数", "Sent back", "number"),
    Column("satisfaction", "满意度", "Satisfaction", "code:satisfaction"),
    Column("callback_flag", "回访标记", "Callback flag", "code:callback_flag"),
    Column("reopens", "重办次数", "Reopened", "number"),
)
ISSUE_FIGURES = (
    Column("received", "受理数", "Received", "number"),
    Column("resolved", "办结数", "Resolved", "number"),
    Column("resolved_on_time", "按期办结数", "Resolved on time", "number"),
    Column("on_time_rate", "按期办结率", "On-time rate", "rate"),
    Column("open", "在办数", "Open", "number"),
    Column("overdue", "逾期数", "Overdue", "number"),
    Column("mean_days_to_close", "平均办结天数", "Mean days to close", "number"),
    Column("rated", "回访数", "Rated", "number"),
    Column("satisfaction_rate", "满意率", "Satisfaction rate", "rate"),
)
GROUPS = {
    "department": Column("group", "责任单位", "Department"),
    "category": Column("group", "类别", "Category", "code:category"),
    "source": Column("group", "来源", "Source", "code:source"),
    "jurisdiction": Column("group", "区划", "Jurisdiction"),
    "month": Column("group", "月份", "Month"),
    "escalation_level": Column("group", "提级层级", "Escalation level"),
    "officer": Column("group_name", "走访人员", "Officer"),
    "enterprise": Column("group_name", "企业", "Enterprise"),
    "project": Column("group_name", "项目", "Project"),
}
PLACE_GROUP = Column("group", "区划名称", "Jurisdiction name", "place")
DEPARTMENTS = (
    Column("rank", "排名", "Rank", "number"),
    Column("group", "责任单位", "Department"),
    Column("score", "得分", "Score", "number"),
    Column("previous_rank", "上期排名", "Previous rank", "number"),
    Column("change", "排名变化", "Change", "number"),
    *ISSUE_FIGURES,
    Column("response_due", "应答复数", "First responses due", "number"),
    Column("responded_on_time", "按时答复数", "Responded on time", "number"),
    Column("escalated", "提级数", "Escalated", "number"),
)
VISITS = (
    Column("serial", "序号", "No.", "serial"),
    Column("planned_for", "计划日期", "Planned for", "date"),
    Column("kind", "走访类型", "Kind", "code:visit_kind"),
    Column("status", "状态", "Status", "code:visit_status"),
    Column("place_name", "走访对象", "Visited"),
    Column("officer_names", "走访人员", "Officers"),
    *PLACE,
    Column("started_at", "到达时间", "Checked in", "date"),
    Column("finished_at", "离开时间", "Checked out", "date"),
    Column("passed", "检查合格项", "Items passed", "number"),
    Column("failed", "检查不合格项", "Items failed", "number"),
    Column("problems", "发现问题数", "Problems raised", "number"),
    Column("evidence", "影像资料数", "Photos", "number"),
)
VISIT_FIGURES = (
    Column("planned", "计划走访", "Planned", "number"),
    Column("on_site", "到达现场", "On site", "number"),
    Column("finished", "完成走访", "Finished", "number"),
    Column("cancelled", "取消", "Cancelled", "number"),
    Column("problems", "发现问题", "Problems raised", "number"),
    Column("items_failed", "不合格项", "Items failed", "number"),
    Column("evidence", "影像资料", "Photos", "number"),
)
BOARD = (
    *PROJECT,
    Column("stage", "阶段", "Stage", "code:stage"),
    Column("planned_start", "计划开工", "Planned start", "date"),
    Column("groundbreaking_on", "实际开工", "Broke ground", "date"),
    Column(
        "total_investment", "总投资（万元）", "Total investment (10k yuan)", "number"
    ),
    Column("planned_this_year", "年度计划（万元）", "Planned this year", "number"),
    Column("completed_this_year", "年度完成（万元）", "Completed this year", "number"),
    Column("completed_share", "完成比例", "Completed share", "rate"),
    Column("open_problems", "在办问题", "Open problems", "number"),
    Column("overdue_problems", "逾期问题", "Overdue problems", "number"),
    Column("last_visit_at", "最近走访", "Last visit", "date"),
    Column("late_nodes", "滞后节点", "Nodes late", "nodes"),
    Column("steward_names", "项目管家", "Stewards", "list"),
    Column("steward_visits_this_month", "管家本月走访", "Steward visits", "number"),
    Column("leader_name", "包抓领导", "Leader"),
    Column(
        "leader_visits_this_quarter",
        "领导本季调研",
        "Leader visits this quarter",
        "number",
    ),
    Column("leader_visit_due", "领导调研未达要求", "Leader visit due", "bool"),
    Column("assessed_month", "月度预警月份", "Assessed month"),
    Column("assessed_colour", "月度预警", "Monthly warning", "code:warning"),
    Column("assessed_reasons", "月度预警原因", "Monthly reasons", "reasons"),
    Column("preview_colour", "本月预警预览", "This month (preview)", "code:warning"),
    Column("warning", "预警", "Warning", "code:warning"),
    Column("reasons", "预警原因", "Reasons", "reasons"),
)
LISTS = (Column("list", "榜单", "List", "code:list"), *BOARD)
UNVISITED = (
    Column("name", "名称", "Name"),
    Column("kind", "类别", "Kind", "code:place"),
    *PLACE,
)
DISCLOSURE = (
    Column("name", "项目名称", "Project"),
    Column("start_year", "开工年份", "Start year", "number"),
    Column("end_year", "竣工年份", "End year", "number"),
    *PLACE,
    Column("location", "建设地点", "Location"),
    Column("stage", "建设阶段", "Stage", "code:stage"),
    Column(
        "total_investment", "总投资（万元）", "Total investment (10k yuan)", "number"
    ),
    Column("planned_this_year", "年度计划投资（万元）", "Planned this year", "number"),
    Column(
        "completed_this_year", "年度完成投资（万元）", "Completed this year", "number"
    ),
    Column("completed_share", "完成比例", "Completed share", "rate"),
)
