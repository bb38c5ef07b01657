"""Coded values in Chinese and English, as exports show them: (zh, en) by code."""

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "category": {
        "land": ("用地", "Land"),
        "power_utilities": ("用电用水用气", "Power and utilities"),
        "finance": ("融资资金", "Finance"),
        "approvals_permits": ("手续办理", "Approvals and permits"),
        "environment": ("环评环保", "Environment"),
        "labour": ("用工", "Labour"),
        "construction": ("施工建设", "Construction"),
        "operations": ("生产经营", "Production and operations"),
        "policy": ("政策兑现", "Policy"),
        "other": ("其他", "Other"),
    },
    "source": {
        "visit": ("走访收集", "Visit"),
        "hotline_12345": ("12345热线", "12345 hotline"),
        "meeting": ("会议交办", "Meeting"),
        "self_report": ("企业自报", "Self-reported"),
        "grid": ("网格上报", "Grid unit"),
    },
    "callback_flag": {
        "unsatisfied": ("回访不满意", "Unsatisfied at callback"),
        "unreachable": ("回访未联系上", "Not reached at callback"),
    },
    "issue_status": {
        "raised": ("待交办", "Raised"),
        "assigned": ("已交办", "Assigned"),
        "accepted": ("办理中", "In hand"),
        "resolution_proposed": ("待销号", "Resolution proposed"),
        "closed": ("已销号", "Closed"),
        "withdrawn": ("已撤销", "Withdrawn"),
    },
    "satisfaction": {
        "satisfied": ("满意", "Satisfied"),
        "basically_satisfied": ("基本满意", "Basically satisfied"),
        "unsatisfied": ("不满意", "Unsatisfied"),
    },
    "meeting_every": {
        "week": ("一周一次", "Weekly"),
        "half_month": ("半月一次", "Half-monthly"),
        "month": ("一月一次", "Monthly"),
        "quarter": ("一季一次", "Quarterly"),
        "none": ("按需召开", "When needed"),
    },
    "visit_kind": {
        "service": ("走访服务", "Service visit"),
        "inspection": ("现场检查", "Inspection"),
        "supervision": ("现场督办", "Supervision"),
        "follow_up": ("回访跟进", "Follow-up"),
    },
    "visit_status": {
        "planned": ("计划中", "Planned"),
        "in_progress": ("进行中", "In progress"),
        "finished": ("已完成", "Finished"),
        "cancelled": ("已取消", "Cancelled"),
    },
    "stage": {
        "planning": ("谋划", "Planning"),
        "pre_construction": ("前期", "Pre-construction"),
        "under_construction": ("在建", "Under construction"),
        "commissioned": ("投产", "Commissioned"),
        "operating": ("运营", "Operating"),
    },
    "level": {
        "provincial": ("省级重点", "Provincial"),
        "municipal": ("市级重点", "Municipal"),
        "county": ("县级重点", "County"),
    },
    "warning": {
        "red": ("红色预警", "Red"),
        "yellow": ("黄色预警", "Yellow"),
        "blue": ("蓝色预警", "Blue"),
    },
    "list": {  # the quarterly lists: the red list commends
        "red": ("红榜", "Red list (commended)"),
        "yellow": ("黄榜", "Yellow list"),
        "black": ("黑榜", "Black list"),
    },
    "place": {"enterprise": ("企业", "Enterprise"), "project": ("项目", "Project")},
    "node": {  # a project's nodes (节点), in the order it passes them
        "signed": ("签约", "signing"),
        "land": ("供地", "land"),
        "permits": ("施工许可", "permits"),
        "groundbreaking": ("开工", "groundbreaking"),
        "topping_out": ("主体封顶", "topping out"),
        "completion": ("竣工", "completion"),
        "production": ("投产", "production"),
    },
    "evaluated_as": {"agent": ("代办员", "Agent"), "steward": ("项目管家", "Steward")},
}
# Each reason of a warning, `{value}` its figure: (zh, en).
REASONS = {
    "problems_long_overdue": (
        "{value}个问题逾期超过时限",
        "{value} problems long overdue",
    ),
    "problems_overdue": ("{value}个问题逾期", "{value} problems overdue"),
    "deadline_soon": ("{value}个问题临近办结时限", "{value} problems due within days"),
    "groundbreaking_late": ("开工滞后{value}天", "groundbreaking {value} days late"),
    "investment_behind": (
        "年度投资完成{value}，滞后于序时进度",
        "{value} of the year's investment done, behind pace",
    ),
    "not_visited_this_month": ("本月未走访", "not visited this month"),
    "node_late": ("{node}节点滞后{days}天", "{node} {days} days late"),
    "not_in_statistics": ("已开工未入库纳统", "under way, not in the statistics"),
    "enterprise_below_size": (
        "已投产，企业未入规",
        "in production, its enterprise below the size threshold",
    ),
    "permits_past_limit": (
        "{value}项审批超承诺时限",
        "{value} permits past their limit",
    ),
}
# Each exported table's title (and sheet name), by its file name or its prefix.
SHEETS = {
    "board": ("重点项目看板", "Key project board"),
    "issues-by": ("问题办理汇总", "Problems summarised"),
    "issues": ("问题台账", "Problem ledger"),
    "visits-by": ("走访汇总", "Visits summarised"),
    "visits": ("走访台账", "Visit ledger"),
    "departments": ("责任单位考核排名", "Departments ranked"),
    "disclosure": ("重点项目建设情况公开", "Key projects disclosed"),
    "lists": ("红黄黑榜", "Red, yellow and black lists"),
    "unvisited": ("本月未走访", "Not visited this month"),
    "statistics-by": ("重点项目统计", "Key project statistics"),
    "unreported": ("未报送投资项目", "Investment not reported"),
    "assessments": ("重点项目月度三色预警", "Monthly warning"),
    "coverage-stewards": ("项目管家走访覆盖", "Stewards' coverage"),
    "coverage-leaders": ("包抓领导季度调研", "Leaders' quarterly visits"),
    "issue-summary": ("问题办理汇总", "Problems summarised"),
    "visit-summary": ("走访汇总", "Visits summarised"),
    "projects": ("重点项目看板", "Key project board"),
}
