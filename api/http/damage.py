"""A damaged history answered as problem+json naming the aggregate and the event
where it breaks, while every other route keeps serving."""

import logging

from flask import Flask, Response

from api.http.errors import problem
from domain.damage import DamagedHistory

TYPE = "tag:siteledger,2026:damaged-history"
log = logging.getLogger(__name__)


def damaged(error: DamagedHistory) -> Response:
    log.error("damaged history: %s", error)
    return problem(
        500,
        "Damaged history",
        f"{error}; the rest of the store is served (siteledger audit verify)",
        type=TYPE,
        aggregate_id=str(error.aggregate_id),
        version=error.version,
        how=error.how,
    )


def register(app: Flask) -> None:
    app.register_error_handler(DamagedHistory, damaged)
