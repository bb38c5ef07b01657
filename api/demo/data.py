"""Names, places and texts of the demo county (陕西省渭南市临渭区, code 610502); its
problems' texts and ways in `problem_data`."""

from domain.model.checklist import ChecklistItem
from domain.model.issue import Category
from domain.model.officer import Role
from domain.model.project import Level, Stage
from domain.model.visit import Kind
from domain.model.visit import Status as VisitStatus

COUNTY = "610502"
COUNTY_NAME = "临渭区"
CENTRE = (34.4994, 109.4930)  # latitude, longitude of the county seat
TOWNSHIPS = (
    "双王街道",
    "向阳街道",
    "杜桥街道",
    "桥南镇",
    "阳郭镇",
    "故市镇",
    "下邽镇",
    "三张镇",
    "交斜镇",
    "孝义镇",
)
GRIDS_PER_TOWNSHIP = 4
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋"
)


def pairs(text: str) -> tuple[str, ...]:
    """Two-character words written one after another."""
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


GIVEN_NAMES = pairs(
    "建华秀英晓东海燕志强红梅文博思远宏伟亚楠国庆卫东小军宇航欣怡振华俊杰子涵浩然"
    "雨萱建军丽娟永刚春梅立新玉兰明辉桂芳"
)
TITLES = ("总经理", "项目经理", "副总经理", "办公室主任", "安全负责人", "财务总监")

# Departments that handle problems: (username suffix, name).
DEPARTMENTS = (
    ("land", "县自然资源局"),
    ("dev", "县发改局"),
    ("build", "县住建局"),
    ("env", "县生态环境分局"),
    ("power", "县供电公司"),
    ("labour", "县人社局"),
    ("approval", "县行政审批局"),
    ("finance", "县财政局"),
)
HANDLER_OF = {
    Category.LAND: "land",
    Category.POWER: "power",
    Category.FINANCE: "finance",
    Category.APPROVALS: "approval",
    Category.ENVIRONMENT: "env",
    Category.LABOUR: "labour",
    Category.CONSTRUCTION: "build",
    Category.OPERATIONS: "dev",
    Category.POLICY: "dev",
    Category.OTHER: "approval",
}
DEPARTMENT_NAMES = dict(DEPARTMENTS)
# Every department of the county, registered first: (code, name, aliases). 县行政审批局
# is also known by the name it had before, 县行政审批服务局.
ALIASES = {"县行政审批局": ("县行政审批服务局",), "县生态环境分局": ("县环保局",)}
REGISTERED_DEPARTMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    *((key, name, ALIASES.get(name, ())) for key, name in DEPARTMENTS),
    ("business", "县营商办", ()),
    ("projects", "县重点项目专班", ()),
    ("discipline", "县纪委监委", ()),
    ("poll", "县民意调查中心", ()),
    ("hotline", "县12345政务服务热线", ()),
)
LEADERS = ("leader01", "leader02", "leader03", "leader04")
TOWNSHIP_OFFICERS = len(TOWNSHIPS)
ASSISTANTS = tuple(f"officer{n}" for n in range(11, 15))  # 帮办代办员, county-wide
# (username, roles, jurisdiction, department): 31 users with every role.
OFFICERS: tuple[tuple[str, tuple[Role, ...], str, str | None], ...] = (
    ("admin", (Role.ADMIN,), COUNTY, None),
    ("supervisor", (Role.SUPERVISOR,), COUNTY, "县营商办"),
    *((leader, (Role.SUPERVISOR,), COUNTY, "县重点项目专班") for leader in LEADERS),
    ("auditor", (Role.AUDITOR,), COUNTY, "县纪委监委"),
    ("auditor-poll", (Role.AUDITOR,), COUNTY, "县民意调查中心"),
    ("callback-12345", (Role.CALLBACK,), COUNTY, "县12345政务服务热线"),
    *((f"handler-{key}", (Role.HANDLER,), COUNTY, name) for key, name in DEPARTMENTS),
    *(
        (f"officer{n:02d}", (Role.OFFICER,), f"{COUNTY}{n:03d}", None)
        for n in range(1, TOWNSHIP_OFFICERS + 1)
    ),
    *((name, (Role.OFFICER,), COUNTY, "县行政审批局") for name in ASSISTANTS),
)

# Enterprises: brand names, then (sector, business) pairs that make a company name.
BRANDS = pairs(
    "秦川华岳渭河金泰宏远瑞丰恒信鼎盛中联鑫达天诚永兴华阳盛源三秦东岳丰源嘉禾泰和新亚"
    "荣华兴业长安博睿润泽汇通旭日正大康达弘毅"
)
BUSINESSES = (
    ("新材料", "新材料科技"),
    ("建材", "建材"),
    ("食品加工", "食品"),
    ("装备制造", "机械制造"),
    ("新能源", "新能源科技"),
    ("现代农业", "农业发展"),
    ("商贸物流", "物流"),
    ("医药健康", "药业"),
    ("电子信息", "电子科技"),
    ("纺织服装", "纺织"),
    ("文化旅游", "文化旅游开发"),
    ("建筑业", "建筑工程"),
)
STATE_FIRMS = (
    ("城市建设", "城市建设投资开发有限公司"),
    ("交通运输", "交通建设投资有限公司"),
    ("生态环保", "水务集团有限公司"),
    ("社会民生", "城乡发展投资有限公司"),
    ("现代农业", "农业投资发展有限公司"),
)
COOPERATIVES = ("果蔬种植专业合作社", "奶山羊养殖专业合作社", "葡萄种植专业合作社")
PRIVATE_FIRMS = 52
PROJECTS_OF_PRIVATE_FIRMS = 140
PROJECTS_OF_STATE_FIRMS = 30
LEVELS = {Level.PROVINCIAL: 12, Level.MUNICIPAL: 40, Level.COUNTY: 118}
# Total investment in 万元 by level: lowest, highest, rounded to.
TOTALS = {
    Level.PROVINCIAL: (50_000, 500_000, 1000),
    Level.MUNICIPAL: (10_000, 100_000, 100),
    Level.COUNTY: (500, 30_000, 10),
}
STAGE_COUNTS = {
    Stage.PLANNING: 8,
    Stage.PRE_CONSTRUCTION: 12,
    Stage.UNDER_CONSTRUCTION: 95,
    Stage.COMMISSIONED: 30,
    Stage.OPERATING: 25,
}
# Project names by sector: "{n}" a figure, "{town}" a township; industrial ones are
# prefixed by the owner's brand.
PROJECT_NAMES = {
    "新材料": ("年产{n}万吨新型建材项目", "年产{n}万平方米节能玻璃生产线项目"),
    "建材": ("年产{n}万吨高性能混凝土外加剂项目", "年产{n}万立方米装配式构件项目"),
    "食品加工": ("年产{n}万吨果蔬深加工项目", "年产{n}万吨面粉加工技改项目"),
    "装备制造": ("智能装备制造产业园项目", "年产{n}00台套农机装备生产线项目"),
    "新能源": ("{n}0MW分布式光伏发电项目", "{n}0MWh储能电站项目"),
    "现代农业": ("{town}{n}00亩设施农业产业园项目", "{town}{n}00亩高标准农田建设项目"),
    "商贸物流": ("农产品冷链物流园项目", "{town}电商物流集散中心项目"),
    "医药健康": ("年产{n}00吨中药饮片加工项目", "医疗器械产业园项目"),
    "电子信息": ("智能终端配件产业园项目", "年产{n}0万片电路板生产线项目"),
    "纺织服装": ("年产{n}万件服装加工项目", "纺织产业转型升级项目"),
    "文化旅游": ("{town}田园综合体项目", "{town}历史文化街区保护利用项目"),
    "建筑业": ("绿色建筑产业基地项目", "建筑垃圾资源化利用项目"),
    "城市建设": ("县城污水处理厂提标改造", "{town}老旧小区改造项目"),
    "交通运输": ("{town}过境公路改建工程", "城区道路提升改造工程（{town}段）"),
    "生态环保": ("渭河{town}段生态修复工程", "{town}污水管网建设工程"),
    "社会民生": ("{town}中心小学教学楼建设项目", "{town}养老服务中心建设项目"),
}
PUBLIC_SECTORS = ("城市建设", "交通运输", "生态环保", "社会民生")
FIGURES = (2, 3, 5, 6, 8, 10, 12, 15, 20, 30, 50)
SPOTS = (
    "工业集中区",
    "纬二路北段",
    "渭河大道南侧",
    "产业园区",
    "高新大道东段",
    "村东侧",
)

CHECKLISTS = {
    "在建重点项目现场检查表": (
        ChecklistItem("safety-1", "施工现场安全防护到位、临边洞口封闭", "安全", True),
        ChecklistItem("safety-2", "特种作业人员持证上岗", "安全", False),
        ChecklistItem("progress-1", "形象进度符合年度计划", "进度", True),
        ChecklistItem("progress-2", "施工人员和机械按计划到位", "进度", False),
        ChecklistItem("env-1", "扬尘治理“六个百分之百”落实", "环保", True),
        ChecklistItem("env-2", "建筑垃圾及污水规范处置", "环保", False),
        ChecklistItem("approval-1", "用地、规划、施工许可手续齐全", "手续", False),
        ChecklistItem("approval-2", "项目公示牌信息完整", "手续", True),
    ),
    "规上企业服务走访检查表": (
        ChecklistItem("prod-1", "生产经营正常，无停产减产", "生产", False),
        ChecklistItem("safety-1", "安全生产责任制落实", "安全", True),
        ChecklistItem("env-1", "环保设施正常运行", "环保", True),
        ChecklistItem("labour-1", "用工稳定，无欠薪", "用工", False),
        ChecklistItem("policy-1", "惠企政策已宣传到位", "政策", False),
        ChecklistItem("need-1", "企业诉求已登记", "诉求", False),
    ),
}
VISIT_STATUSES = {
    VisitStatus.FINISHED: 158,
    VisitStatus.IN_PROGRESS: 16,
    VisitStatus.PLANNED: 18,
    VisitStatus.CANCELLED: 8,
}
# When each is planned for, in days from today.
PLANNED_FOR = {
    VisitStatus.FINISHED: (-150, -1),
    VisitStatus.IN_PROGRESS: (0, 0),
    VisitStatus.PLANNED: (-3, 30),
    VisitStatus.CANCELLED: (-20, 10),
}
VISIT_KINDS = {
    Kind.SERVICE: 40,
    Kind.INSPECTION: 40,
    Kind.SUPERVISION: 10,
    Kind.FOLLOW_UP: 10,
}
PROBLEMS_ON_VISITS = 24
FAIL_NOTES = ("部分临边防护缺失，已要求整改", "进度滞后约两周", "裸土未全部覆盖")
VISIT_NOTES = (
    "企业反映订单充足，产能利用率约85%。",
    "现场施工人员约120人，塔吊3台在用。",
    "宣讲了稳岗返还和研发费用加计扣除政策。",
    "项目主体结构已封顶，正在进行二次结构施工。",
    "企业负责人希望加快办理不动产权证。",
)
CANCEL_REASONS = (
    "企业负责人外出，改期走访",
    "暴雨预警，暂停现场检查",
    "与县级观摩活动冲突",
)
MILESTONE_FIX = "按施工许可核发后的实际开工日期更正"
SUSPEND_REASON = "企业资金链紧张，申请暂缓施工"
