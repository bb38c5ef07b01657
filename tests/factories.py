"""Small builders of the values every test needs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid4

from domain import credit_code as credit_codes
from domain.app import SiteLedger, Submission
from domain.commands.checklist import CreateChecklistTemplate, PublishChecklistVersion
from domain.commands.department import RegisterDepartment
from domain.commands.enterprise import RegisterEnterprise
from domain.commands.officer import RegisterOfficer
from domain.commands.project import RegisterProject
from domain.commands.visit import CheckIn, PlanVisit
from domain.model.checklist import ChecklistItem
from domain.model.enterprise import Scale
from domain.model.officer import Role
from domain.model.project import Level
from domain.model.visit import Kind
from domain.values import GeoFix, Meta

OFFICE = UUID("00000000-0000-4000-8000-000000000001")
BEIJING = timezone(timedelta(hours=8))


def meta(actor_id: UUID = OFFICE, command_id: UUID | None = None) -> Meta:
    """A command's metadata as a phone in China would send it now."""
    return Meta(
        actor_id=actor_id,
        command_id=command_id or uuid4(),
        device_id="test-phone",
        device_time=datetime.now(UTC).astimezone(BEIJING),
    )


@dataclass(frozen=True)
class County:
    """Ids of what a test county holds: an enterprise, its project, an officer, a template."""

    enterprise_id: UUID
    project_id: UUID
    officer_id: UUID
    template_id: UUID

    @property
    def username(self) -> str:
        """The officer's username: its own, as every username is."""
        return f"officer.{self.officer_id.hex[:12]}"


def a_credit_code(jurisdiction: str = "610502") -> str:
    """A fresh enterprise's unified social credit code, registered in the county."""
    division = jurisdiction[:6].ljust(6, "0")
    return credit_codes.make("91", division, f"{uuid4().int % 10**8:08d}")


# What a_county records: five events and the claims of its credit code and of its
# officer's username (receipts are rows beside the log, not events).
COUNTY_NOTIFICATIONS = 7


# The departments tests hand problems to: (code, name, aliases, digits of the
# jurisdiction it belongs to: a county's, its city's, its province's).
DEPARTMENTS = (
    ("FGJ", "县发改局", (), 6),
    ("ZRZYJ", "县自然资源局", (), 6),
    ("ZJJ", "县住建局", (), 6),
    ("XZSPJ", "县行政审批局", ("县行政审批服务局",), 6),
    ("YSB", "县营商办", (), 6),
    ("GDGS", "县供电公司", (), 6),
    ("JRB", "县金融办", (), 6),
    ("CZJ", "县财政局", (), 6),
    ("STHJ", "县生态环境分局", ("县环保局",), 6),
    ("RSJ", "县人社局", (), 6),
    ("SFGW", "市发改委", (), 4),
    ("PFGW", "省发改委", (), 2),
)


def the_departments(app: SiteLedger, jurisdiction: str = "610502") -> None:
    """Registers the departments tests name, where they are not yet."""
    app.execute_batch(
        [
            Submission(
                RegisterDepartment(
                    department_id=uuid4(),
                    jurisdiction=jurisdiction[:digits],
                    code=code,
                    name=name,
                    aliases=aliases,
                ),
                meta(),
            )
            for code, name, aliases, digits in DEPARTMENTS
        ]
    )  # those registered before are refused: AlreadyExists


def a_county(
    app: SiteLedger, jurisdiction: str = "610502", departments: bool = False
) -> County:
    """Registers the least a visit or a problem needs, through the service layer;
    and the departments tests name, if asked to."""
    if departments:
        the_departments(app, jurisdiction)
    county = County(uuid4(), uuid4(), uuid4(), uuid4())
    for command in (
        RegisterEnterprise(
            enterprise_id=county.enterprise_id,
            credit_code=a_credit_code(jurisdiction),
            name="陕西秦川建材有限公司",
            sector="建材",
            scale=Scale.ABOVE_DESIGNATED,
            jurisdiction=jurisdiction,
        ),
        RegisterProject(
            project_id=county.project_id,
            code="XM-2026-001",
            name="年产5万吨新型建材项目",
            level=Level.COUNTY,
            jurisdiction=jurisdiction,
            location="工业园区纬二路",
            owner_enterprise_id=county.enterprise_id,
            sector="建材",
            planned_start=date(2026, 3, 1),
            planned_finish=date(2027, 12, 31),
            total_investment=Decimal("52000"),
            plan_year=2026,
            planned_investment=Decimal("18000"),
        ),
        RegisterOfficer(
            officer_id=county.officer_id,
            username=county.username,
            name="王磊",
            jurisdiction=jurisdiction,
            roles=(Role.OFFICER,),
        ),
        CreateChecklistTemplate(
            template_id=county.template_id,
            name="在建项目检查",
            jurisdiction=jurisdiction,
        ),
        PublishChecklistVersion(template_id=county.template_id, items=ITEMS),
    ):
        app.execute(command, meta())
    return county


ITEMS = (
    ChecklistItem(
        item_id="safety", text="安全防护到位", category="安全", photo_required=True
    ),
    ChecklistItem(
        item_id="progress",
        text="形象进度符合计划",
        category="进度",
        photo_required=False,
    ),
)


def a_visit_in_progress(app: SiteLedger, county: County) -> UUID:
    visit_id = uuid4()
    app.execute(
        PlanVisit(
            visit_id=visit_id,
            officer_ids=(county.officer_id,),
            kind=Kind.INSPECTION,
            planned_for=date.today(),
            project_id=county.project_id,
            template_id=county.template_id,
        ),
        meta(),
    )
    app.execute(CheckIn(visit_id=visit_id, gps=GeoFix(34.36, 107.24, 8.0)), meta())
    return visit_id
