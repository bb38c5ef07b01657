"""The meetings' tables: the task list (任务交办单) and the rhythm, as files."""

from api.tables import PLACE, Column

TASKS = (
    Column("serial", "序号", "No.", "serial"),
    Column("meeting_title", "会议名称", "Meeting"),
    Column("meeting_kind_name", "会议类型", "Kind of meeting"),
    Column("held_on", "会议日期", "Held on", "date"),
    Column("chair_name", "主持人", "Chair"),
    Column("number", "交办序号", "Task no.", "number"),
    Column("description", "交办事项", "Task"),
    Column("project_name", "项目", "Project"),
    *PLACE,
    Column("department", "责任单位", "Department"),
    Column("due_on", "办结时限", "Due", "date"),
    Column("status", "办理状态", "Status", "code:issue_status"),
    Column("overdue", "是否逾期", "Overdue", "bool"),
    Column("days_overdue", "逾期天数", "Days overdue", "number"),
    Column("escalation_level", "提级次数", "Escalations", "number"),
    Column("closed_on", "销号日期", "Closed", "date"),
    Column("satisfaction", "满意度", "Satisfaction", "code:satisfaction"),
)
RHYTHM = (
    *PLACE,
    Column("kind_name", "会议类型", "Kind of meeting"),
    Column("every", "频次", "Rhythm", "code:meeting_every"),
    Column("last_held", "最近召开", "Last held", "date"),
    Column("held_this_year", "本年召开次数", "Held this year", "number"),
    Column("next_due", "下次应召开", "Next due by", "date"),
    Column("overdue", "是否逾期", "Overdue", "bool"),
    Column("days_overdue", "逾期天数", "Days overdue", "number"),
)
