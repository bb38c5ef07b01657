"""A project's problems and visits as the catalog lists them: what a moving project
takes along (`domain.belongings`), caught up to the log before it answers."""

from uuid import UUID

from domain.app import SiteLedger
from projections.views import Views

ALONG = (
    "SELECT id FROM {rows} WHERE project_id = :project_id AND ("
    "(kind = 'issue' AND status IN ('raised', 'assigned', 'accepted',"
    " 'resolution_proposed')) OR (kind = 'visit' AND status = 'planned'))"
)


class CatalogBelongings:
    """Open problems and planned visits of a project, from the catalog (indexed by
    project): the views are caught up first, so what the log held when the move
    began is listed; the move checks each against its aggregate."""

    def __init__(self, app: SiteLedger, views: Views) -> None:
        self._app = app
        self._views = views

    def of_project(self, project_id: UUID) -> list[UUID]:
        self._views.catch_up(self._app)
        rows = self._views.catalog.query(ALONG, {"project_id": str(project_id)})
        return [UUID(row["id"]) for row in rows]
