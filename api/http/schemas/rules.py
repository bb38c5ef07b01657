"""What the domain checks of a single field, told to clients in the request schemas:
text fields by the domain's own rules (`domain/rules.py`), declared there once.

Checked here as well, so what the schema refuses is refused whatever order the
domain checks in. Rules across fields (a finish after its start), against stored
state (a problem's status) or with checksums (a credit code's check character) stay
the domain's alone, answered 422 or 409 with its message.
"""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import marshmallow as ma
from marshmallow import validate

from domain import rules
from domain.commands.base import RESERVED_ID
from domain.model.checklist import ITEM_ID, MAX_ITEMS
from domain.model.evidence import MAX_SIZE
from domain.model.intake import MASKED_PHONE, TICKET
from domain.model.meeting import MAX_PEOPLE, MAX_PROJECTS
from domain.model.meeting_kinds import CODE as KIND
from domain.model.officer import USERNAME
from domain.model.package_template import MAX_STATUTORY_DAYS, PERMIT_ID
from domain.model.permit import MAX_MISSING
from domain.model.project import CODE
from domain.model.project_nodes import NODES
from domain.model.visit import MAX_EVIDENCE, MAX_OFFICERS
from domain.values import (
    FIRST_YEAR,
    JURISDICTION,
    LAST_YEAR,
    LATITUDE,
    LONGITUDE,
    MAX_ACCURACY_M,
    reserved,
)

Validator = Callable[[Any], Any]
# Control characters (C0, DEL, C1) and bidirectional overrides, as domain.values.text.
CONTROLS = r"\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
MULTILINE = CONTROLS.replace(r"\x00-\x1f", r"\x00-\x08\x0b-\x1f")  # \t and \n pass
YEAR = f"({FIRST_YEAR // 100}[0-9]{{2}}|{LAST_YEAR})"  # 2000 … 2100
DATE = f"^{YEAR}-"
OFFSET = r"(Z|z|[+-]((0[0-9]|1[0-3]):?[0-5][0-9]|14:?00))$"  # at most ±14:00
DEVICE_TIME = f"^{YEAR}-.*{OFFSET}"


CURSOR = validate.Regexp(r"^[A-Za-z0-9_-]{0,64}$")  # a page's opaque cursor


def full(pattern: str) -> str:
    return f"^{pattern}$"


def text(rule: rules.Text) -> list[Any]:
    """Not blank, without control or bidirectional characters (empty if optional)."""
    limit, optional = rule.limit, rule.optional
    bad = MULTILINE if rule.multiline else CONTROLS
    body = f"[^{bad}]*[^\\s{bad}][^{bad}]*"
    message = "must not be blank nor hold control or bidirectional characters"
    return [
        validate.Length(0 if optional else 1, limit),
        validate.Regexp(f"^({body})?$" if optional else f"^{body}$", error=message),
    ]


def code(pattern: str, message: str) -> list[Any]:
    return [validate.Regexp(full(pattern), error=message)]


def unique(values: list[Any]) -> None:
    if len(set(values)) != len(values):
        raise ma.ValidationError("must not name one twice")


def not_reserved(value: UUID) -> None:
    if reserved(value):
        raise ma.ValidationError(RESERVED_ID)


def in_years(value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ma.ValidationError(f"must fall in {FIRST_YEAR} to {LAST_YEAR}")


BY_NAME: dict[str, list[Any]] = {
    **{name: text(rule) for name, rule in rules.FIELDS.items()},
    "item_id": code(ITEM_ID.pattern, "must be 1 to 32 of A-Z a-z 0-9 . _ -"),
    "code": code(CODE.pattern, "must be 1 to 32 of A-Z a-z 0-9 -"),
    "username": code(USERNAME.pattern, "must be 3 to 64 of a-z 0-9 . _ -"),
    "credit_code": code(
        "[0-9A-HJ-NPQRTUWXY]{18}", "must be 18 of GB 32100's characters"
    ),
    "jurisdiction": code(JURISDICTION.pattern, "must be 2 to 12 digits"),
    "month": code(f"{YEAR}-(0[1-9]|1[0-2])", "must be a month YYYY-MM, 2000 to 2100"),
    "plan_year": [validate.Range(FIRST_YEAR, LAST_YEAR)],
    "year": [validate.Range(FIRST_YEAR, LAST_YEAR)],
    "planned_for": [in_years],
    "held_on": [in_years],
    "deadline": [in_years],
    "planned_start": [in_years],
    "planned_finish": [in_years],
    "on": [in_years],
    "officer_ids": [validate.Length(1, MAX_OFFICERS), unique],
    "roles": [validate.Length(min=1), unique],
    "items": [validate.Length(1, MAX_ITEMS)],
    "nodes": [validate.Length(1, len(NODES))],
    "lat": [validate.Range(-LATITUDE, LATITUDE)],
    "lon": [validate.Range(-LONGITUDE, LONGITUDE)],
    "accuracy_m": [validate.Range(0, MAX_ACCURACY_M)],
    # Approval packages (domain/model/package_template.py, permit.py, approval.py).
    "permit_id": code(PERMIT_ID.pattern, "must be 1 to 32 of A-Z a-z 0-9 . _ -"),
    "statutory_days": [validate.Range(1, MAX_STATUTORY_DAYS)],
    "committed_days": [validate.Range(1, MAX_STATUTORY_DAYS)],
    "missing": [validate.Length(max=MAX_MISSING)],
    "supply_by": [in_years],
    "opened_on": [in_years],
}
# The client-made ids of new aggregates (Unit.require_new).
NEW_IDS = {
    ("RegisterProject", "project_id"),
    ("RegisterEnterprise", "enterprise_id"),
    ("RegisterOfficer", "officer_id"),
    ("CreateChecklistTemplate", "template_id"),
    ("PlanVisit", "visit_id"),
    ("RaiseIssue", "issue_id"),
    ("DeclareEvidence", "evidence_id"),
    ("CreatePackageTemplate", "template_id"),
    ("CreatePackage", "package_id"),
    ("OpenMatter", "matter_id"),
    ("HoldMeeting", "meeting_id"),
    ("IssueTask", "issue_id"),
}
HEX = "[0-9a-fA-F]"
NEW_ID = f"^{HEX}{{8}}-{HEX}{{4}}-[1246-9a-fA-F]{HEX}{{3}}-{HEX}{{4}}-{HEX}{{12}}$"
BY_OWNER: dict[tuple[str, str], list[Any]] = {
    **{key: [not_reserved] for key in NEW_IDS},
    **{key: text(rule) for key, rule in rules.OWNED.items()},
    ("DeclareEvidence", "sha256"): code("[0-9a-fA-F]{64}", "must be 64 hex digits"),
    ("DeclareEvidence", "size"): [validate.Range(1, MAX_SIZE)],
    ("AnswerItem", "evidence_ids"): [validate.Length(max=MAX_EVIDENCE), unique],
    ("GivenAnswer", "evidence_ids"): [validate.Length(max=MAX_EVIDENCE), unique],
    # The register of places (domain/model/place.py).
    ("RegisterPlace", "code"): code(JURISDICTION.pattern, "must be 2 to 12 digits"),
    ("Ticket", "number"): code(TICKET.pattern, "must be 1 to 40 of A-Z a-z 0-9 _ -"),
    ("Ticket", "called_at"): [in_years],
    ("Ticket", "phone"): code(MASKED_PHONE.pattern, "must be masked, as 138****5678"),
    # Meetings (domain/model/meeting.py).
    ("HoldMeeting", "kind"): code(KIND.pattern, "must be 1 to 32 of a-z 0-9 _"),
    ("HoldMeeting", "attendee_ids"): [validate.Length(max=MAX_PEOPLE), unique],
    ("HoldMeeting", "department_ids"): [validate.Length(max=MAX_PEOPLE), unique],
    ("HoldMeeting", "project_ids"): [validate.Length(max=MAX_PROJECTS), unique],
}
UNIQUE = {"uniqueItems": True}
AMOUNT = {"minimum": 0, "exclusiveMaximum": 10**12}
# Shown in the schema only: a date's or an instant's year cannot be bounded by a
# validator's documentation, nor can a list's items be told apart.
DOCUMENTED: dict[str, dict[str, Any]] = {
    **{
        name: {"pattern": DATE}
        for name, checks in BY_NAME.items()
        if in_years in checks
    },
    "device_time": {"pattern": DEVICE_TIME},
    "officer_ids": {"uniqueItems": True},
    "roles": {"uniqueItems": True},
    "evidence_ids": {"uniqueItems": True},
    **dict.fromkeys(("attendee_ids", "department_ids", "project_ids"), UNIQUE),
    # 万元 as values.amount checks them (a Range would be documented as strings).
    "amount": AMOUNT,
    "cumulative": AMOUNT,
    "planned_investment": AMOUNT,
    "total_investment": {"exclusiveMinimum": 0, "exclusiveMaximum": 10**12},
}


def rules_of(owner: str, name: str) -> list[Any]:
    """The validators of a command's or a value's field."""
    return BY_OWNER.get((owner, name), BY_NAME.get(name, []))


def documented(owner: str, name: str) -> dict[str, Any]:
    """What the schema says of the field beyond its validators."""
    if name == "evidence_ids" and owner not in {"AnswerItem", "GivenAnswer"}:
        return {}
    if (owner, name) in NEW_IDS:
        return {"pattern": NEW_ID}
    return DOCUMENTED.get(name, {})
