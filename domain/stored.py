"""Every type an event of the domain stores besides plain values: each needs its
one transcoding (`domain.transcodings`), registered by the application."""

from typing import Any

from domain.model import (
    approval,
    checklist,
    enterprise,
    evidence,
    issue,
    officer,
    package_template,
    permit,
    place,
    project,
    visit,
)
from domain.values import GeoFix, Meta


def stored_types() -> tuple[type[Any], ...]:
    return (
        Meta,
        GeoFix,
        *checklist.STORED_TYPES,
        *enterprise.STORED_TYPES,
        *evidence.STORED_TYPES,
        *issue.STORED_TYPES,
        *officer.STORED_TYPES,
        *project.STORED_TYPES,
        *place.STORED_TYPES,
        *visit.STORED_TYPES,
        *approval.STORED_TYPES,
        *package_template.STORED_TYPES,
        *permit.STORED_TYPES,
    )
