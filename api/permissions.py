"""The role matrix as docs/permissions.md shows it; the rules are the domain's
(`domain.access`), checked where a command is applied."""

from domain.access import DEPARTMENTAL, EVIDENCE, MATRIX
from domain.model.officer import Role

__all__ = ["DEPARTMENTAL", "EVIDENCE", "MATRIX", "matrix_markdown"]


def matrix_markdown() -> str:
    """The matrix as the table docs/permissions.md shows."""
    roles = list(Role)
    lines = [
        "| command | " + " | ".join(r.value for r in roles) + " |",
        "| --- |" + " :-: |" * len(roles),
    ]
    for command, allowed_roles in MATRIX.items():
        marks = " | ".join("✓" if r in allowed_roles else "" for r in roles)
        lines.append(f"| {command.__name__} | {marks} |")
    return "\n".join(lines) + "\n"
