"""Approval packages (审批套餐): templates per kind of project, a project's package,
its permits' steps (容缺受理 among them), its agents (帮办代办) and their matters."""

from typing import Any
from uuid import UUID

from flask_smorest import abort

from api.http.auth import current_principal
from api.http.parsing import Blueprint
from api.http.resources import Kind, action, authorized, register
from api.http.schemas.approvals import PackageResponse, PackageTemplateResponse
from api.http.schemas.resources import HistoryResponse
from api.http.services import services
from api.records import event_record
from domain.commands import approval as c
from domain.model.approval import ApprovalPackage
from domain.model.package_template import PackageTemplate

templates = Blueprint(
    "package_templates",
    __name__,
    url_prefix="/package-templates",
    description="Approval package templates (审批套餐模板), versioned per kind of project",
)
TEMPLATE = Kind(PackageTemplate, PackageTemplateResponse, "template_id")
register(templates, TEMPLATE, c.CreatePackageTemplate)
action(templates, TEMPLATE, "versions", c.PublishPackageVersion)
action(templates, TEMPLATE, "retirement", c.RetirePackageTemplate)

blp = Blueprint("packages", __name__, url_prefix="/packages", description=__doc__)
PACKAGE = Kind(ApprovalPackage, PackageResponse, "package_id")
register(blp, PACKAGE, c.CreatePackage)
for path, command in (
    ("agents", c.AssignAgents),
    ("permit-agent", c.AssignPermitAgent),
    ("committed-limit", c.CommitLimit),
    ("preparation", c.PreparePermit),
    ("submission", c.SubmitPermit),
    ("acceptance", c.AcceptPermit),
    ("documents", c.SupplyDocuments),
    ("grant", c.GrantPermit),
    ("return", c.ReturnPermit),
    ("matters", c.OpenMatter),
    ("matter-closure", c.CloseMatter),
):
    action(blp, PACKAGE, path, command)


@blp.route(
    "/<uuid:aggregate_id>/permits/<string:permit_id>/history",
    methods=["GET"],
    endpoint="permit_history",
)
@blp.response(200, HistoryResponse)
@blp.doc(**authorized(404), summary="Every step of one permit of a package")
def permit_history(aggregate_id: UUID, permit_id: str) -> Any:
    """The package's events that name the permit: who, device, both clocks."""
    scope = current_principal().jurisdiction
    events = services().ledger.history(aggregate_id, ApprovalPackage, scope)
    package = services().ledger.load(ApprovalPackage, aggregate_id, scope=scope)
    if permit_id not in package.permits:
        abort(404, message=f"no permit {permit_id[:40]!r} in package {aggregate_id}")
    steps = [e for e in events if getattr(e, "permit_id", None) == permit_id]
    return {"id": aggregate_id, "events": [event_record(e) for e in steps]}
