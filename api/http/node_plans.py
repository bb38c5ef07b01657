"""A project's nodes as `GET /projects/{id}/nodes` reads them, as of a day."""

import dataclasses
from typing import Any
from uuid import UUID

from api.http.auth import current_principal
from api.http.services import current_views, services
from domain.model.project import Project
from projections.dates import AsOf


def nodes_of(project_id: UUID, as_of: AsOf) -> dict[str, Any]:
    """The project's nodes (404 outside the caller's jurisdiction)."""
    scope = current_principal().jurisdiction
    project = services().ledger.load(Project, project_id, scope=scope)
    found = current_views().progress.of([str(project_id)], as_of).get(str(project_id))
    return {
        "project_id": project_id,
        "as_of": as_of.moment,
        "revisions": project.plan_revisions,
        "nodes": [dataclasses.asdict(node) for node in found or []],
    }
