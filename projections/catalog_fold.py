"""How each event changes its aggregate's catalog row: a fold, a handler per event."""

from enum import Enum
from functools import singledispatch
from uuid import UUID

from domain.model import evidence, issue, visit
from domain.model.approval import ApprovalPackage
from domain.model.checklist import ChecklistTemplate
from domain.model.department import Department
from domain.model.enterprise import Enterprise
from domain.model.evidence import Evidence
from domain.model.issue import Issue
from domain.model.meeting import Meeting
from domain.model.officer import Officer
from domain.model.package_template import PackageTemplate
from domain.model.place import Place
from domain.model.project import Project, Stage
from domain.model.visit import Visit
from projections.catalog_rows import COLUMNS, Columns
from projections.events import Item, instant, jurisdiction_after, kind_of

LABEL_LENGTH = 60
SUSPENDED = "suspended"


def fold(row: Columns | None, item: Item) -> Columns | None:
    """The row after an event; the same row for events of aggregates no list shows."""
    event = item.event
    kind = kind_of(event)
    if kind is None or (row is None and event.originator_version != 1):
        return row
    before = row if row is not None else created(item, kind)
    after = {**before, **changes(event, before)}
    after["version"] = event.originator_version
    after["updated_at"] = instant(event)
    after["jurisdiction"] = jurisdiction_after(event, before["jurisdiction"])
    return after


def created(item: Item, kind: str) -> Columns:
    row: Columns = dict.fromkeys(COLUMNS)
    row |= {"id": str(item.aggregate_id), "kind": kind, "jurisdiction": ""}
    row |= {"label": "", "status": ""}
    row |= {"created_position": item.position, "created_at": instant(item.event)}
    return row


@singledispatch
def changes(event: object, row: Columns) -> Columns:
    """What an event changes in its aggregate's row: by default nothing."""
    return {}


@changes.register
def project_registered(e: Project.Registered, row: Columns) -> Columns:
    return {
        "label": e.name,
        "status": Stage.PLANNING.value,
        "stage": Stage.PLANNING.value,
        "code": e.code,
        "level": e.level.value,
        "sector": e.sector,
        "enterprise_id": str(e.owner_enterprise_id),
    }


@changes.register(Project.StageAdvanced)
@changes.register(Project.StageCorrected)
def stage_changed(
    e: Project.StageAdvanced | Project.StageCorrected, row: Columns
) -> Columns:
    status = SUSPENDED if row["status"] == SUSPENDED else e.stage.value
    return {"stage": e.stage.value, "status": status}


@changes.register
def project_suspended(e: Project.Suspended, row: Columns) -> Columns:
    return {"status": SUSPENDED}


@changes.register
def project_resumed(e: Project.Resumed, row: Columns) -> Columns:
    return {"status": row["stage"]}


@changes.register
def enterprise_registered(e: Enterprise.Registered, row: Columns) -> Columns:
    return {
        "label": e.name,
        "status": e.scale.value,
        "code": e.credit_code,
        "sector": e.sector,
        "scale": e.scale.value,
    }


@changes.register
def profile_updated(e: Enterprise.ProfileUpdated, row: Columns) -> Columns:
    return {
        "label": e.name,
        "status": e.scale.value,
        "sector": e.sector,
        "scale": e.scale.value,
    }


@changes.register
def officer_registered(e: Officer.Registered, row: Columns) -> Columns:
    return {
        "label": e.name,
        "status": "active",
        "code": e.username,
        "roles": ",".join(sorted(role.value for role in e.roles)),
        "department": e.department,
        "department_id": optional(e.department_id),
    }


@changes.register
def role_granted(e: Officer.RoleGranted, row: Columns) -> Columns:
    return {"roles": ",".join(sorted({*row["roles"].split(","), e.role.value}))}


@changes.register
def role_revoked(e: Officer.RoleRevoked, row: Columns) -> Columns:
    return {"roles": ",".join(r for r in row["roles"].split(",") if r != e.role.value)}


@changes.register
def department_assigned(e: Officer.DepartmentAssigned, row: Columns) -> Columns:
    return {"department": e.department, "department_id": optional(e.department_id)}


@changes.register(Department.Registered)
@changes.register(Department.Renamed)
def department_named(
    e: Department.Registered | Department.Renamed, row: Columns
) -> Columns:
    code = getattr(e, "code", row["code"])
    named = {"label": e.name, "code": code, "aliases": ",".join(e.aliases) or None}
    return named | ({"status": "active"} if row["status"] == "" else {})


@changes.register
def department_retired(e: Department.Retired, row: Columns) -> Columns:
    return {"status": "retired"}


@changes.register
def department_reinstated(e: Department.Reinstated, row: Columns) -> Columns:
    return {"status": "active"}


@changes.register
def officer_deactivated(e: Officer.Deactivated, row: Columns) -> Columns:
    return {"status": "inactive"}


@changes.register
def place_registered(e: Place.Registered, row: Columns) -> Columns:
    return {"label": e.name, "status": "active", "code": e.jurisdiction} | {
        "level": e.level.value
    }


@changes.register
def place_renamed(e: Place.Renamed, row: Columns) -> Columns:
    return {"label": e.name}


@changes.register(PackageTemplate.Created)
@changes.register(ChecklistTemplate.Created)
def template_created(
    e: ChecklistTemplate.Created | PackageTemplate.Created, row: Columns
) -> Columns:
    return {"label": e.name, "status": "active"}


@changes.register(PackageTemplate.Retired)
@changes.register(ChecklistTemplate.Retired)
def template_retired(
    e: ChecklistTemplate.Retired | PackageTemplate.Retired, row: Columns
) -> Columns:
    return {"status": "retired"}


@changes.register
def package_created(e: ApprovalPackage.Created, row: Columns) -> Columns:
    return {
        "label": f"{len(e.permits)} permits",
        "status": "active",
        "project_id": str(e.project_id),
    }


@changes.register
def meeting_held(e: Meeting.Held, row: Columns) -> Columns:
    return {"label": f"{e.title} ({e.held_on.isoformat()})", "status": "held"}


@changes.register
def visit_planned(e: Visit.Planned, row: Columns) -> Columns:
    return {
        "label": f"{e.kind.value} @ {e.planned_for.isoformat()}",
        "status": visit.Status.PLANNED.value,
        "visit_kind": e.kind.value,
        "planned_for": e.planned_for.isoformat(),
        "project_id": optional(e.project_id),
        "enterprise_id": optional(e.enterprise_id),
        "officer_ids": ",".join(str(officer) for officer in e.officer_ids),
    }


@changes.register
def issue_raised(e: Issue.Raised, row: Columns) -> Columns:
    return {
        "label": summary(e.description),
        "status": issue.Status.RAISED.value,
        "category": e.category.value,
        "source": e.source.value,
        "severity": e.severity.value,
        "project_id": optional(e.project_id),
        "enterprise_id": optional(e.enterprise_id),
        "visit_id": optional(e.visit_id),
    }


@changes.register(Issue.Assigned)
@changes.register(Issue.Transferred)
def issue_assigned(e: Issue.Assigned | Issue.Transferred, row: Columns) -> Columns:
    return {
        "status": issue.Status.ASSIGNED.value,
        "department": e.department,
        "deadline": e.deadline.isoformat(),
    }


@changes.register
def evidence_declared(e: Evidence.Declared, row: Columns) -> Columns:
    return {
        "label": e.file_name,
        "status": evidence.Status.DECLARED.value,
        "owner": e.owner.value,
        "owner_id": str(e.owner_id),
        "sha256": e.sha256,
    }


STATUS_AFTER: dict[type, Enum] = {
    Visit.CheckedIn: visit.Status.IN_PROGRESS,
    Visit.Finished: visit.Status.FINISHED,
    Visit.Cancelled: visit.Status.CANCELLED,
    Issue.Accepted: issue.Status.ACCEPTED,
    Issue.ResolutionProposed: issue.Status.PROPOSED,
    Issue.SentBack: issue.Status.ACCEPTED,
    Issue.ClosedOut: issue.Status.CLOSED,
    Issue.Reopened: issue.Status.ACCEPTED,
    Issue.Withdrawn: issue.Status.WITHDRAWN,
    Evidence.Attached: evidence.Status.ATTACHED,
    Evidence.Rejected: evidence.Status.REJECTED,
    Evidence.Missing: evidence.Status.MISSING,
}


def status_changed(e: object, row: Columns) -> Columns:
    return {"status": STATUS_AFTER[type(e)].value}


for _event_class in STATUS_AFTER:
    changes.register(_event_class, status_changed)


def optional(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def summary(text: str) -> str:
    """A one-line label: whitespace collapsed, cut at LABEL_LENGTH characters."""
    line = " ".join(text.split())
    return line if len(line) <= LABEL_LENGTH else line[: LABEL_LENGTH - 1] + "…"
