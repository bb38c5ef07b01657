"""What the app factory builds once and every request uses, with one typed accessor."""

from dataclasses import dataclass

from flask import current_app

from api.settings import Settings
from api.tokens import TokenService
from domain.app import SiteLedger
from projections import Views
from storage.credentials import CredentialStore
from storage.evidence import EvidenceService

KEY = "siteledger"


@dataclass(frozen=True)
class Services:
    settings: Settings
    ledger: SiteLedger
    views: Views
    credentials: CredentialStore
    tokens: TokenService
    evidence: EvidenceService

    def close(self) -> None:
        self.views.close()
        self.credentials.close()
        self.ledger.close()


def services() -> Services:
    found: Services = current_app.extensions[KEY]
    return found
