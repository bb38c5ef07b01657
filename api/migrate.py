"""Creating the tables once per deploy, and answering CloudFormation when it asks.

Production runs with `SITELEDGER_CREATE_TABLES=n`: no cold start ever issues DDL.
This step opens every store with table creation on (`CREATE TABLE IF NOT EXISTS`,
so it is safe to run again) and closes them: the event store's tables, the views',
the credentials' and the failed logins'.
"""

import dataclasses
import json
import logging
import urllib.request
from collections.abc import Callable, Mapping
from contextlib import closing
from typing import Any
from urllib.parse import urlsplit

from api.settings import Settings
from projections import open_views
from storage.credentials import open_credentials
from storage.login_failures import open_login_failures

LOOPBACK = frozenset(["localhost", "127.0.0.1", "::1"])
PHYSICAL_ID = "siteledger-migrations"  # one resource; an update never replaces it
TIMEOUT = 30.0
log = logging.getLogger(__name__)


def create_tables(settings: Settings) -> list[str]:
    """Creates what the stores need where they are missing; names what it opened."""
    settings = dataclasses.replace(settings, create_tables=True)
    env = settings.store_env()
    with (
        settings.open_ledger() as ledger,
        open_views(env) as views,
        closing(open_credentials(env)),
        closing(open_login_failures(env)),
    ):
        opened = [f"{ledger.name} events", *(view.table() for view in views.all)]
    return [*opened, "credentials", "login failures"]


def is_custom_resource(event: Mapping[str, Any]) -> bool:
    """A CloudFormation custom resource request (it waits for our answer)."""
    return "RequestType" in event and "ResponseURL" in event


def answer_cloudformation(
    event: Mapping[str, Any], context: Any, work: Callable[[], list[str]]
) -> dict[str, Any]:
    """Runs the work on Create and Update (never on Delete: tables outlive stacks)
    and always answers, so a failure rolls the deploy back instead of hanging it."""
    status, reason, done = "SUCCESS", "", []
    try:
        if event["RequestType"] in ("Create", "Update"):
            done = work()
    except Exception as error:
        log.exception("migration failed")
        status, reason = "FAILED", f"{type(error).__name__}: {error}"[:400]
    stream = getattr(context, "log_stream_name", "")
    answer = {
        "Status": status,
        "Reason": reason or f"see the log stream {stream}",
        "PhysicalResourceId": event.get("PhysicalResourceId") or PHYSICAL_ID,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": {"Tables": ",".join(done)},
    }
    put(event["ResponseURL"], json.dumps(answer).encode())
    return answer


def put(url: str, body: bytes) -> None:
    """The presigned URL CloudFormation waits on (plain HTTP only to this machine)."""
    parts = urlsplit(url)
    secure = parts.scheme == "https" and bool(parts.hostname)
    if not secure and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise ValueError("a CloudFormation response URL must be https://")
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": ""}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        response.read()
