"""The audit keys the settings name, and what the CLI and the routes do with them:
seal the log, verify it, prove one record."""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.evidence import blob_store
from api.settings import Settings
from domain.app import SiteLedger
from storage.audit import AuditRecorder, Report, stored_rows, verify
from storage.credentials_db import beside
from storage.kms import kms_signer
from storage.proofs import seal_log
from storage.published import publish, published
from storage.seals import Seal, Signer, load_key, public_key


class NoAuditKey(Exception):
    """No signing key is configured (and none can be kept beside the store)."""


def key_path(settings: Settings) -> Path:
    if settings.audit_key_file:
        return Path(settings.audit_key_file)
    env = settings.store_env()
    found = (
        beside(env["SQLITE_DBNAME"], ".audit-key") if "SQLITE_DBNAME" in env else None
    )
    if found is None:
        raise NoAuditKey(
            "set SITELEDGER_AUDIT_KEY_FILE (only a SQLite store keeps its key beside it)"
        )
    return found


def signing_key(settings: Settings) -> Signer:
    """The KMS key the settings name, else the key file (made on first use)."""
    if settings.audit_kms_key_id:
        return kms_signer(settings.audit_kms_key_id)
    return load_key(key_path(settings), create=True)


def verifying_key(settings: Settings) -> Ed25519PublicKey | None:
    """The key seals must carry: the pinned one, else the signing key's own."""
    if settings.audit_public_key:
        return public_key(settings.audit_public_key)
    if settings.audit_kms_key_id:
        return kms_signer(settings.audit_kms_key_id).public_key()
    try:
        path = key_path(settings)
    except NoAuditKey:
        return None
    return load_key(path).public_key() if path.exists() else None


def recorder(app: SiteLedger) -> AuditRecorder:
    return cast(AuditRecorder, app.recorder)


def seal_now(app: SiteLedger, settings: Settings) -> tuple[Seal, str]:
    """Seals the log, and publishes the seal beside the evidence (on S3 under Object
    Lock when the settings name one); answers the seal and its published key."""
    found = recorder(app)
    made = seal_log(found, signing_key(settings), datetime.now(UTC))
    return made, publish(blob_store(settings), made, hint=len(found.select_seals()))


@dataclass(frozen=True)
class Timed:
    report: Report
    seconds: float
    hashlib_seconds: float  # SHA-256 of the same rows' bytes, one by one


def verify_timed(app: SiteLedger, settings: Settings) -> Timed:
    key = verifying_key(settings)
    started = time.perf_counter()
    report = verify(recorder(app), key, published(blob_store(settings)))
    seconds = time.perf_counter() - started
    rows = [entry.data for entry in stored_rows(recorder(app)).values()]
    started = time.perf_counter()
    for data in rows:
        hashlib.sha256(data).digest()
    return Timed(report, seconds, time.perf_counter() - started)
