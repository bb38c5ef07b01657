"""The catalog's rows: one per aggregate, with the fields its lists filter on."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

Columns = dict[str, Any]


@dataclass(frozen=True)
class Field:
    """A field lists filter on: its name, its column, how a value matches."""

    name: str
    column: str
    is_id: bool = False  # the value is a UUID
    is_list: bool = False  # the column holds a comma-joined list; a value is a member


FIELDS: dict[str, tuple[Field, ...]] = {
    "project": (
        Field("code", "code"),
        Field("level", "level"),
        Field("sector", "sector"),
        Field("owner_enterprise_id", "enterprise_id", is_id=True),
        Field("stage", "stage"),
    ),
    "enterprise": (
        Field("credit_code", "code"),
        Field("sector", "sector"),
        Field("scale", "scale"),
    ),
    "officer": (
        Field("username", "code"),
        Field("roles", "roles", is_list=True),
        Field("department", "department"),
        Field("department_id", "department_id", is_id=True),
    ),
    "department": (
        Field("code", "code"),
        Field("aliases", "aliases", is_list=True),
    ),
    "checklist": (),
    "visit": (
        Field("kind", "visit_kind"),
        Field("planned_for", "planned_for"),
        Field("project_id", "project_id", is_id=True),
        Field("enterprise_id", "enterprise_id", is_id=True),
        Field("officer_ids", "officer_ids", is_id=True, is_list=True),
    ),
    "issue": (
        Field("category", "category"),
        Field("source", "source"),
        Field("severity", "severity"),
        Field("department", "department"),
        Field("deadline", "deadline"),
        Field("project_id", "project_id", is_id=True),
        Field("enterprise_id", "enterprise_id", is_id=True),
        Field("visit_id", "visit_id", is_id=True),
    ),
    "evidence": (
        Field("owner", "owner"),
        Field("owner_id", "owner_id", is_id=True),
        Field("sha256", "sha256"),
    ),
    "package": (Field("project_id", "project_id", is_id=True),),
    "package_template": (),
    "place": (Field("code", "code"), Field("level", "level")),
    "meeting": (),  # by kind and day: the meetings view (projections/meetings.py)
}
REQUIRED = (
    *("id", "kind", "jurisdiction", "version", "created_position"),
    *("created_at", "updated_at", "label", "status"),
)
OPTIONAL = tuple(sorted({f.column for fields in FIELDS.values() for f in fields}))
COLUMNS = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class CatalogRow:
    """An aggregate as lists show it. `fields` holds the kind's fields that are set."""

    id: UUID
    kind: str
    jurisdiction: str
    version: int
    created_at: datetime
    updated_at: datetime
    label: str
    status: str
    fields: Mapping[str, str] = field(hash=False)

    @classmethod
    def of(cls, row: Columns) -> "CatalogRow":
        kind = row["kind"]
        return cls(
            id=UUID(row["id"]),
            kind=kind,
            jurisdiction=row["jurisdiction"],
            version=row["version"],
            created_at=datetime.fromisoformat(row["created_at"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            label=row["label"],
            status=row["status"],
            fields={
                f.name: row[f.column] for f in FIELDS[kind] if row[f.column] is not None
            },
        )
