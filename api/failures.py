"""What failed, and whether a retry can help: a dependency's failure named for an
operator (the problem+json answer) and logged with its cause on one line."""

import errno
import json
import logging
import re
import traceback
from dataclasses import dataclass, replace
from types import TracebackType

from botocore.exceptions import ClientError, EndpointConnectionError

from domain.services.blobs import StorageUnavailable

log = logging.getLogger("siteledger.failures")

EVENT_STORE, VIEWS, EVIDENCE_STORE = "event store", "views", "evidence store"
CREDENTIALS = "credentials store"
DATABASE_URL = "SITELEDGER_DATABASE_URL"
# Which of our modules a failure passed through last names the dependency.
MODULES = (
    ("projections", VIEWS),
    ("storage.s3", EVIDENCE_STORE),
    ("storage.localblobs", EVIDENCE_STORE),
    ("storage.credentials", CREDENTIALS),  # and storage.credentials_db
    ("storage.login_failures", CREDENTIALS),
)
DISK_FULL = re.compile(r"disk is full|no space left|could not extend file", re.I)
NOT_MIGRATED = re.compile(r"relation .* does not exist|no such table", re.I)
DATABASE_SETUP = re.compile(
    r"unable to open database file|password authentication failed|does not exist"
    r"|no pg_hba\.conf entry|permission denied|readonly database",
    re.I,
)
# An S3 error code that no retry fixes, and the setting to look at.
S3_SETTINGS = {
    "NoSuchBucket": "SITELEDGER_EVIDENCE_BUCKET",
    "InvalidAccessKeyId": "AWS_ACCESS_KEY_ID",
    "SignatureDoesNotMatch": "AWS_SECRET_ACCESS_KEY",
    "AccessDenied": "AWS_ACCESS_KEY_ID",  # or the role's permissions on the buckets
    "403": "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY",  # a HEAD has no code
    "PermanentRedirect": "SITELEDGER_EVIDENCE_S3_REGION",
    "AuthorizationHeaderMalformed": "SITELEDGER_EVIDENCE_S3_REGION",
}
RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True)
class Failure:
    """A dependency's failure as an operator needs it: which, what to do."""

    dependency: str
    status: int  # 503 outage, 500 misconfiguration, 507 disk full
    title: str
    detail: str
    retry: bool
    setting: str = ""

    def problem(self) -> dict[str, object]:
        body: dict[str, object] = {
            "dependency": self.dependency,
            "retry": self.retry,
        }
        if self.setting:
            body["setting"] = self.setting
        return body


def dependency_of(error: BaseException) -> str:
    """The dependency whose code the failure came through, innermost first."""
    for frame, _ in reversed(list(traceback.walk_tb(error.__traceback__))):
        module = str(frame.f_globals.get("__name__", ""))
        for prefix, dependency in MODULES:
            if module.startswith(prefix):
                return dependency
    return EVIDENCE_STORE if isinstance(error, StorageUnavailable) else EVENT_STORE


def causes(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(found) < 8:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def classify(error: BaseException) -> Failure | None:
    """The failure of a dependency this error shows, None if it is not one."""
    chain = causes(error)
    dependency = dependency_of(error)
    for cause in chain:
        found = s3_failure(cause) or disk_failure(cause)
        if found is not None:
            return replace(found, dependency=found.dependency or dependency)
    if any(database_error(cause) for cause in chain):
        return database_failure(" ".join(str(c) for c in chain), dependency)
    if isinstance(error, StorageUnavailable):
        return outage(EVIDENCE_STORE)
    return None


def database_error(error: BaseException) -> bool:
    from eventsourcing.persistence import PersistenceError

    return isinstance(error, PersistenceError) or type(error).__module__.startswith(
        ("psycopg", "sqlite3")
    )


def database_failure(message: str, dependency: str) -> Failure:
    if DISK_FULL.search(message):
        return disk_full(dependency)
    if NOT_MIGRATED.search(message):
        return Failure(
            dependency,
            500,
            "Internal Server Error",
            f"the {dependency}'s tables are missing: run `siteledger migrate`"
            " (SITELEDGER_CREATE_TABLES is n); a retry will not help",
            retry=False,
            setting="SITELEDGER_CREATE_TABLES",
        )
    if DATABASE_SETUP.search(message):
        return Failure(
            dependency,
            500,
            "Internal Server Error",
            f"the {dependency} refused this server's settings: check {DATABASE_URL}"
            " (and its credentials); a retry will not help",
            retry=False,
            setting=DATABASE_URL,
        )
    return outage(dependency)


def s3_failure(error: BaseException) -> Failure | None:
    if isinstance(error, EndpointConnectionError):
        return Failure(
            EVIDENCE_STORE,
            503,
            "Service Unavailable",
            "nothing answers at the evidence store's endpoint"
            " (SITELEDGER_EVIDENCE_S3_ENDPOINT_URL); retry later",
            retry=True,
            setting="SITELEDGER_EVIDENCE_S3_ENDPOINT_URL",
        )
    if not isinstance(error, ClientError):
        return None
    code = str(error.response.get("Error", {}).get("Code", ""))
    setting = S3_SETTINGS.get(code)
    if setting is None:
        return None
    return Failure(
        EVIDENCE_STORE,
        500,
        "Internal Server Error",
        f"the evidence store refused this server's settings ({code}): check"
        f" {setting}; a retry will not help",
        retry=False,
        setting=setting,
    )


def disk_failure(error: BaseException) -> Failure | None:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full("")
    return None


def disk_full(dependency: str) -> Failure:
    return Failure(
        dependency,
        507,
        "Insufficient Storage",
        "the server's disk is full: keep the work and send it again once an"
        " operator has freed space",
        retry=False,
    )


def outage(dependency: str) -> Failure:
    return Failure(
        dependency,
        503,
        "Service Unavailable",
        f"the {dependency} is not reachable; retry later",
        retry=True,
    )


def log_line(
    request_id: str, method: str, path: str, status: int, error: BaseException
) -> None:
    """One structured line: the request, the dependency, the cause, where it rose."""
    failure = classify(error)
    record = {
        "event": "request_failed",
        "request_id": request_id,
        "method": method,
        "path": path,
        "status": status,
        "dependency": failure.dependency if failure else "",
        "setting": failure.setting if failure else "",
        "cause": " <- ".join(f"{type(c).__name__}: {c}"[:500] for c in causes(error)),
        "at": where(error.__traceback__),
    }
    log.error(json.dumps(record, ensure_ascii=False))


def where(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
