"""One real server for the end-to-end tests: `siteledger serve` on 127.0.0.1, a fresh SQLite
store, officers made with the CLI and a site to visit made over HTTP."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest

from tests.e2e.client import Api, add_user, session
from tests.e2e.server import serve
from tests.factories import a_credit_code

COUNTY = "610502"
LAND_BUREAU = "县自然资源局"
ITEMS = [
    {"item_id": item_id, "text": text, "category": category, "photo_required": False}
    for item_id, text, category in (
        ("safety", "安全防护到位", "安全"),
        ("progress", "形象进度符合计划", "进度"),
    )
]


@dataclass(frozen=True)
class Staff:
    """A county's people, each signed in: who does what in the closed loop."""

    officer: Api
    supervisor: Api
    handler: Api
    auditor: Api
    admin: Api
    callback: Api  # the 12345 centre's caller (回访)


@dataclass(frozen=True)
class Site:
    """A project of an enterprise, and the checklist its visits use."""

    enterprise_id: UUID
    project_id: UUID
    template_id: UUID


@pytest.fixture(scope="session")
def e2e_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("e2e")
    return {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
    }


@pytest.fixture(scope="session")
def accounts(e2e_env: dict[str, str]) -> dict[str, UUID]:
    """The county's officers, registered with `siteledger users add`."""
    return {
        "officer": add_user(e2e_env, "wang-lei", COUNTY, "officer"),
        "supervisor": add_user(e2e_env, "li-na", COUNTY, "supervisor"),
        "handler": add_user(
            e2e_env, "zhao-min", COUNTY, "handler", department=LAND_BUREAU
        ),
        "auditor": add_user(e2e_env, "chen-jie", COUNTY, "auditor"),
        "admin": add_user(e2e_env, "admin", COUNTY, "admin"),
        "callback": add_user(e2e_env, "zhou-12345", COUNTY, "callback"),
    }


@pytest.fixture(scope="session")
def base_url(e2e_env: dict[str, str], accounts: dict[str, UUID]) -> Iterator[str]:
    with serve(e2e_env) as url:
        yield url


@pytest.fixture(scope="session")
def staff(base_url: str, accounts: dict[str, UUID]) -> Staff:
    usernames = {
        "officer": "wang-lei",
        "supervisor": "li-na",
        "handler": "zhao-min",
        "auditor": "chen-jie",
        "admin": "admin",
        "callback": "zhou-12345",
    }
    return Staff(
        **{
            role: session(base_url, username, accounts[role])
            for role, username in usernames.items()
        }
    )


@pytest.fixture(scope="session")
def site(staff: Staff) -> Site:
    """Registered over HTTP by the county's admin."""
    found = Site(uuid4(), uuid4(), uuid4())
    admin = staff.admin
    admin.ok("/enterprises", enterprise(found.enterprise_id), 201)
    admin.ok("/projects", project(found.project_id, found.enterprise_id), 201)
    admin.ok(
        "/checklists",
        {"template_id": str(found.template_id), "name": "在建项目检查"}
        | {"jurisdiction": COUNTY},
        201,
    )
    admin.ok(f"/checklists/{found.template_id}/versions", {"items": ITEMS})
    return found


def enterprise(enterprise_id: UUID) -> dict[str, str]:
    return {
        "enterprise_id": str(enterprise_id),
        "credit_code": a_credit_code(COUNTY),
        "name": "陕西秦川建材有限公司",
        "sector": "建材",
        "scale": "above_designated",
        "jurisdiction": COUNTY,
    }


def project(project_id: UUID, enterprise_id: UUID) -> dict[str, object]:
    return {
        "project_id": str(project_id),
        "code": "XM-2026-001",
        "name": "年产5万吨新型建材项目",
        "level": "county",
        "jurisdiction": COUNTY,
        "location": "工业园区纬二路",
        "owner_enterprise_id": str(enterprise_id),
        "sector": "建材",
        "planned_start": date(2026, 3, 1).isoformat(),
        "planned_finish": date(2027, 12, 31).isoformat(),
        "total_investment": "52000",
        "plan_year": 2026,
        "planned_investment": "18000",
    }
