"""The app factory: the one place configuration enters and services are built."""

from importlib.metadata import version
from threading import BoundedSemaphore

from flask import Flask

from api.evidence import open_evidence
from api.http import console, damage, edges, errors
from api.http.auth import authenticate_first
from api.http.parsing import absent_not_null, require_json
from api.http.routes import (
    approval_ledger,
    approvals,
    audit,
    auth,
    board,
    checklists,
    departments,
    enterprises,
    evidence,
    evidence_files,
    health,
    issues,
    ledgers,
    lists,
    meetings,
    officers,
    places,
    projects,
    statistics,
    sync,
    visits,
)
from api.http.services import KEY, Services
from api.http.token_modes import build_tokens
from api.settings import Settings
from projections import open_views
from projections.belongings import CatalogBelongings
from projections.follower import Follower, election
from storage.credentials import open_credentials
from storage.login_failures import open_login_failures

BLUEPRINTS = (
    health.blp,
    auth.blp,
    projects.blp,
    enterprises.blp,
    officers.blp,
    places.blp,
    checklists.blp,
    departments.blp,
    visits.blp,
    issues.blp,
    meetings.blp,
    evidence.blp,
    evidence_files.blp,
    sync.blp,
    ledgers.blp,
    board.blp,
    lists.blp,
    statistics.blp,
    audit.blp,
    approvals.templates,
    approvals.blp,
    approval_ledger.blp,
)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask("siteledger")
    app.config.update(
        API_TITLE="siteledger",
        API_VERSION=version("siteledger"),
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=console.DOCS_ASSETS,  # from the package, never a CDN
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    store = settings.store_env()
    ledger = settings.open_ledger()
    views = open_views(store)
    ledger.belongings = CatalogBelongings(ledger, views)
    app.extensions[KEY] = Services(
        settings=settings,
        ledger=ledger,
        views=views,
        credentials=open_credentials(store),
        login_failures=open_login_failures(store),
        tokens=build_tokens(settings),
        evidence=open_evidence(settings, ledger),
        follower=(
            Follower(ledger, views, elected_by=election(settings.database_url)).start()
            if settings.follow
            else None
        ),
        exports=BoundedSemaphore(settings.export_streams),
    )
    api = errors.ProblemApi(app, spec_kwargs={"components": SECURITY})
    api.ma_plugin.converter.add_attribute_function(absent_not_null)
    errors.register(app)
    damage.register(app)
    edges.register(app, settings, app.extensions[KEY].login_failures)
    app.before_request(authenticate_first)
    app.before_request(require_json)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    console.register(app)
    return app


SECURITY = {
    "securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
}
