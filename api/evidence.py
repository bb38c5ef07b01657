"""The evidence service as the settings describe it: its blob store and its limits.

Built by the composition roots (the app factory, the CLI), never at import.
"""

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

from api.settings import Settings
from domain.app import SiteLedger
from domain.model.evidence import MediaType
from domain.services.blobs import BlobStore
from domain.services.evidence import EvidenceService, Policy
from storage.credentials import signing_secret
from storage.images import verify
from storage.localblobs import LocalBlobStore
from storage.s3 import S3BlobStore
from storage.s3_client import Location, Lock, s3_client


def open_evidence(settings: Settings, ledger: SiteLedger) -> EvidenceService:
    return EvidenceService(ledger, blob_store(settings), policy(settings), verify)


def policy(settings: Settings) -> Policy:
    names = [name.strip() for name in settings.evidence_types.split(",")]
    try:
        allowed = frozenset(MediaType(name) for name in names if name)
    except ValueError as error:
        raise ValueError(f"SITELEDGER_EVIDENCE_TYPES: {error}") from None
    if settings.evidence_max_bytes < 1:
        raise ValueError("SITELEDGER_EVIDENCE_MAX_BYTES must be positive")
    return Policy(
        max_bytes=settings.evidence_max_bytes,
        allowed_types=allowed,
        url_ttl=timedelta(seconds=settings.evidence_url_ttl_seconds),
        grace=timedelta(seconds=settings.evidence_grace_seconds),
    )


def blob_store(settings: Settings) -> BlobStore:
    if settings.evidence_store == "local":
        return LocalBlobStore(Path(settings.evidence_folder), url_secret(settings))
    if settings.evidence_store == "s3":
        return s3_store(settings)
    raise ValueError(
        f"SITELEDGER_EVIDENCE_STORE is local or s3, not {settings.evidence_store!r}"
    )


def s3_store(settings: Settings) -> S3BlobStore:
    if not settings.evidence_bucket:
        raise ValueError("the s3 evidence store needs SITELEDGER_EVIDENCE_BUCKET")
    evidence = Location(settings.evidence_bucket, settings.evidence_prefix)
    quarantine = Location(
        settings.evidence_quarantine_bucket or settings.evidence_bucket,
        settings.evidence_quarantine_prefix,
    )
    if quarantine.bucket == evidence.bucket and (
        quarantine.prefix.startswith(evidence.prefix)
        or evidence.prefix.startswith(quarantine.prefix)
    ):
        raise ValueError("quarantine and evidence need prefixes apart in one bucket")
    client = s3_client(
        settings.evidence_s3_endpoint_url,
        settings.evidence_s3_region,
        path_style=settings.evidence_s3_path_style,
        timeouts=(
            settings.evidence_s3_connect_timeout_seconds,
            settings.evidence_s3_read_timeout_seconds,
        ),
        attempts=settings.evidence_s3_attempts,
    )
    lock = settings.audit_seal_lock_mode
    days = settings.audit_seal_lock_days
    return S3BlobStore(client, quarantine, evidence, Lock(lock, days) if lock else None)


def url_secret(settings: Settings) -> str:
    """The local store's URL key: its own setting, or derived from the token key."""
    if settings.evidence_secret:
        return settings.evidence_secret
    secret = settings.jwt_secret or signing_secret(settings.store_env())[0]
    label = b"siteledger evidence URLs"
    return hmac.new(secret.encode(), label, hashlib.sha256).hexdigest()
