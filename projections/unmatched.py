"""Problems and handlers whose department was recorded as a name only, before
departments were registered: what `siteledger departments map` matches."""

from dataclasses import dataclass
from uuid import UUID

from projections.views import Views

PROBLEMS = (
    "SELECT id, jurisdiction, department FROM {rows}"
    " WHERE department IS NOT NULL AND department_id IS NULL ORDER BY position"
)
OFFICERS = (
    "SELECT id, jurisdiction, department FROM {rows} WHERE kind = 'officer'"
    " AND department IS NOT NULL AND department_id IS NULL"
    " ORDER BY created_position"
)


@dataclass(frozen=True)
class Unmatched:
    """A problem's or an officer's department, as the name it was recorded under."""

    kind: str  # issue or officer
    id: UUID
    jurisdiction: str
    department: str


def unmatched(views: Views) -> list[Unmatched]:
    """Every problem, then every officer, with a department not matched yet."""
    found = [
        Unmatched("issue", UUID(row["id"]), row["jurisdiction"], row["department"])
        for row in views.issues.query(PROBLEMS, {})
    ]
    return found + [
        Unmatched("officer", UUID(row["id"]), row["jurisdiction"], row["department"])
        for row in views.catalog.query(OFFICERS, {})
    ]
