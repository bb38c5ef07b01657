"""What each event is called where people read a timeline, in Chinese and English."""

LABELS: dict[str, tuple[str, str]] = {
    "Raised": ("提出问题", "Raised"),
    "Assigned": ("交办", "Assigned"),
    "Transferred": ("转办", "Transferred"),
    "Accepted": ("受理", "Accepted"),
    "ProgressReported": ("报告进展", "Progress reported"),
    "Escalated": ("提级办理", "Escalated"),
    "ResolutionProposed": ("申请销号", "Resolution proposed"),
    "SentBack": ("退回重办", "Sent back"),
    "ClosedOut": ("销号", "Closed out"),
    "Rated": ("回访评价", "Rated"),
    "CallbackFailed": ("回访未联系上", "Not reached at callback"),
    "CallbackFlagged": ("回访标记督办", "Flagged at callback"),
    "Reopened": ("回访重办", "Reopened after callback"),
    "Withdrawn": ("撤销", "Withdrawn"),
    "DeadlinePassed": ("逾期标记", "Deadline passed"),
    "Registered": ("登记", "Registered"),
    "Planned": ("计划走访", "Planned"),
    "CheckedIn": ("到达现场", "Checked in"),
    "ItemAnswered": ("检查项", "Checklist item answered"),
    "ItemsAnswered": ("检查表", "Checklist answered"),
    "NoteAdded": ("记录", "Note added"),
    "ProblemRecorded": ("记录问题", "Problem recorded"),
    "Confirmed": ("企业确认", "Confirmed by the enterprise"),
    "Finished": ("完成走访", "Checked out"),
    "Cancelled": ("取消", "Cancelled"),
    "StageAdvanced": ("推进阶段", "Stage advanced"),
    "StageCorrected": ("更正阶段", "Stage corrected"),
    "MilestoneRecorded": ("记录节点", "Milestone recorded"),
    "AnnualPlanSet": ("下达年度计划", "Annual plan set"),
    "InvestmentReported": ("报送投资", "Investment reported"),
    "InvestmentCorrected": ("更正投资", "Investment corrected"),
    "EnteredPool": ("进入拟落地项目库", "Entered the pre-landing pool"),
    "LeftPool": ("移出拟落地项目库", "Withdrawn from the pool"),
    "StewardAssigned": ("指派项目管家", "Steward assigned"),
    "StewardUnassigned": ("撤回项目管家", "Steward unassigned"),
    "LeaderAssigned": ("指派包抓领导", "Leader assigned"),
    "LeaderUnassigned": ("撤回包抓领导", "Leader unassigned"),
    "Suspended": ("暂停", "Suspended"),
    "Resumed": ("恢复", "Resumed"),
    "Moved": ("变更区划", "Moved"),
    "Held": ("召开会议", "Meeting held"),
    "MinutesRecorded": ("记录会议纪要", "Minutes recorded"),
    "TaskIssued": ("印发任务交办单", "Task issued"),
}


def event_label(qualname: str, lang: str) -> str:
    """`Issue.Assigned` as 交办 or Assigned; an event not listed by its own name."""
    name = qualname.rpartition(".")[2]
    found = LABELS.get(name)
    if found is None:
        return name
    return found[0] if lang == "zh" else found[1]
