"""What the app factory builds once and every request uses, with one typed accessor."""

from dataclasses import dataclass, field
from threading import BoundedSemaphore

from flask import current_app, g

from api.http.probes import Probes
from api.http.tokens import TokenService
from api.settings import Settings
from domain.app import SiteLedger
from domain.services.evidence import EvidenceService
from projections import Views
from projections.follower import Follower
from storage.credentials import CredentialStore
from storage.login_failures import FailureBook

KEY = "siteledger"


@dataclass(frozen=True)
class Services:
    settings: Settings
    ledger: SiteLedger
    views: Views
    credentials: CredentialStore
    login_failures: FailureBook  # counted across workers (api/http/throttle.py)
    tokens: TokenService
    evidence: EvidenceService
    follower: Follower | None = None
    # Files streamed at once (Settings.export_streams): each holds a thread, a page
    # of rows and the pieces on their way until its client has read it all.
    exports: BoundedSemaphore = field(default_factory=lambda: BoundedSemaphore(2))

    # /health's checks, on threads every request shares.
    probes: Probes = field(default_factory=Probes)

    def close(self) -> None:
        self.probes.close()
        if self.follower is not None:
            self.follower.stop()
        self.views.close()
        self.credentials.close()
        self.login_failures.close()
        self.ledger.close()


def services() -> Services:
    found: Services = current_app.extensions[KEY]
    return found


def current_views() -> Views:
    """The views, caught up to where the log stood when this request first read
    them: writes do not wait for the views, so every read catches up what it finds
    behind (read-your-writes, also for other callers' writes before it)."""
    found = services()
    if not g.get("views_current"):
        found.views.catch_up(found.ledger)
        g.views_current = True
    return found.views
