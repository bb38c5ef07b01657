"""The approvals ledger as tables: columns with Chinese and English headings."""

from api.tables import Column

PERMITS = (
    Column("project_name", "项目", "Project"),
    Column("name", "审批事项", "Permit"),
    Column("department", "审批部门", "Department"),
    Column("stage", "阶段", "Stage"),
    Column("status", "状态", "Status"),
    Column("statutory_days", "法定时限(工作日)", "Statutory limit", "number"),
    Column("committed_days", "承诺时限(工作日)", "Committed limit", "number"),
    Column("submitted_on", "申报日期", "Submitted", "date"),
    Column("accepted_on", "受理日期", "Accepted", "date"),
    Column("due_on", "承诺办结日", "Due", "date"),
    Column("granted_on", "办结日期", "Granted", "date"),
    Column("days_taken", "用时(工作日)", "Working days taken", "number"),
    Column("time_cut", "时限缩短", "Time cut", "rate"),
    Column("past_limit", "超时未办结", "Past its limit", "bool"),
    Column("missing", "容缺材料", "Missing documents"),
    Column("supply_by", "补齐期限", "Supply by", "date"),
    Column("supplied_on", "补齐日期", "Supplied", "date"),
    Column("rongque_overdue", "容缺逾期", "Documents overdue", "bool"),
)
GROUPS = Column("group", "分组", "Group")
FIGURES = (
    Column("permits", "事项数", "Permits", "number"),
    Column("accepted", "已受理", "Accepted", "number"),
    Column("granted", "已办结", "Granted", "number"),
    Column("granted_on_time", "按承诺时限办结", "Granted on time", "number"),
    Column("granted_late", "超时办结", "Granted late", "number"),
    Column("past_limit", "超时未办结", "Open past limit", "number"),
    Column("rongque", "容缺受理", "容缺 acceptances", "number"),
    Column("rongque_overdue", "容缺逾期未补", "容缺 overdue", "number"),
    Column("statutory_days", "法定时限合计", "Statutory days", "number"),
    Column("days_taken", "实际用时合计", "Days taken", "number"),
    Column("time_cut", "平均缩短", "Mean time cut", "rate"),
)
WORKLOAD = (
    Column("agent_name", "代办员", "Agent"),
    Column("opened", "代办事项", "Matters", "number"),
    Column("closed", "已办结", "Closed", "number"),
    Column("open", "在办", "Open", "number"),
    Column("permits", "负责审批事项", "Permits", "number"),
    Column("granted", "已办结审批", "Permits granted", "number"),
)
EVALUATION = (
    Column("person_name", "姓名", "Name"),
    Column("role", "考核类别", "Evaluated as", "code:evaluated_as"),
    Column("projects", "服务项目", "Projects", "number"),
    Column("matters_opened", "代办事项", "Matters", "number"),
    Column("matters_closed", "已办结事项", "Matters closed", "number"),
    Column("matters_open", "在办事项", "Matters open", "number"),
    Column("permits", "审批事项", "Permits", "number"),
    Column("granted", "已办结审批", "Permits granted", "number"),
    Column("granted_on_time", "按承诺时限办结", "Granted on time", "number"),
    Column("on_time_rate", "按时办结率", "On-time rate", "rate"),
    Column("granted_late", "超时办结", "Granted late", "number"),
    Column("past_limit", "超时未办结", "Open past limit", "number"),
    Column("rongque_overdue", "容缺逾期未补", "容缺 overdue", "number"),
    Column("time_cut", "平均缩短", "Mean time cut", "rate"),
)
