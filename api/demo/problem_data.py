"""The demo's problems: what enterprises raise, by category, and the words of each
step of their loop (progress, resolution, escalation, callback), and the ways the
problems take through it."""

from domain.model.issue import Category, Source

ISSUE_TEXTS = {
    Category.LAND: (
        "项目二期用地指标未落实，影响厂房建设",
        "土地征收涉及3户群众未签协议",
    ),
    Category.POWER: (
        "生产线满负荷运行需增容至4000千伏安",
        "施工临时用电接入迟迟未批复",
    ),
    Category.FINANCE: (
        "流动资金紧张，希望协调银行续贷2000万元",
        "技改补助资金尚未拨付",
    ),
    Category.APPROVALS: (
        "施工许可证办理缺少消防设计审查意见",
        "环评批复后规划许可未能并联办理",
    ),
    Category.ENVIRONMENT: (
        "环评批复前置条件不清楚，需要指导",
        "排污许可证变更办理周期长",
    ),
    Category.LABOUR: ("熟练技工短缺约60人，希望协助招工", "外地务工人员子女入学需协调"),
    Category.CONSTRUCTION: (
        "进场道路狭窄，大型设备无法进场",
        "周边群众阻工，影响施工进度",
    ),
    Category.OPERATIONS: (
        "天然气供应不稳定，影响正常生产",
        "产品进入政府采购目录需指导",
    ),
    Category.POLICY: ("希望了解首台套装备奖励政策", "入规纳统后奖励政策兑现问题"),
    Category.OTHER: ("企业门前公交站点设置不合理", "员工通勤班车线路需调整"),
}
PROGRESS_NOTES = (
    "已召开协调会，明确责任分工",
    "已与企业对接，正在准备材料",
    "已报上级部门审核",
)
RESOLUTIONS = (
    "已协调办结，相关证照已发放",
    "已完成增容接电并通电试运行",
    "资金已拨付到位",
)
ESCALATIONS = (
    ("县营商办", "超期未办结，提级办理"),
    ("县政府分管领导", "涉及多部门，顶格协调"),
)
# Who takes each step of the loop; the rest are the department's handler's.
SUPERVISOR_STEPS = frozenset({"assign", "transfer", "escalate", "send_back", "close"})
TRANSFER_REASON = "经核实不属本部门职责，转相关部门办理"
SEND_BACK_REASON = "企业反映问题未实际解决，退回重办"
CLOSE_NOTE = "经回访核实已解决，予以销号"
RATE_COMMENTS = {
    "satisfied": "办理及时，非常满意",
    "basically_satisfied": "基本解决，希望加快进度",
    "unsatisfied": "问题仍未彻底解决，企业不满意",
}

# Problems not raised on a visit: (source, how many); two more are hotline duplicates.
OTHER_SOURCES = {
    Source.HOTLINE: 5,
    Source.MEETING: 5,
    Source.SELF_REPORT: 2,
    Source.GRID: 2,
}
DUPLICATES = 2
# Each problem's way through the loop, and how many problems take it (38 in all).
ISSUE_PATHS: tuple[tuple[tuple[str, ...], int], ...] = tuple(
    (tuple(path.split()), count)
    for path, count in (
        ("", 4),
        ("assign", 4),
        ("assign accept progress", 4),
        ("assign transfer", 3),
        ("assign accept escalate progress", 4),
        ("assign accept progress propose", 4),
        ("assign accept propose send_back progress", 3),
        ("assign accept propose close", 3),
        ("assign accept progress propose close rate:satisfied", 5),
        ("assign transfer accept propose close rate:basically_satisfied", 3),
        (
            "assign accept escalate escalate propose send_back propose close"
            " rate:unsatisfied",
            1,
        ),
    )
)
