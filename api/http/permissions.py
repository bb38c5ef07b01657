"""The role matrix as docs/permissions.md shows it; the rules are the domain's
(`domain.access`), checked where a command is applied."""

from api.http.auth import Principal
from domain.access import DEPARTMENTAL, EVIDENCE, LEADS, MATRIX
from domain.model.officer import Role

__all__ = ["DEPARTMENTAL", "EVIDENCE", "MATRIX", "matrix_markdown", "publish_refusal"]
# 考核通报: published by the business-environment office (and admins), built by the
# server from its ledgers, so never a command a client sends as it is (nor in /sync).
PUBLISHERS = LEADS


def publish_refusal(principal: Principal) -> str | None:
    """Why the caller may not publish a ranking, None if they may."""
    if principal.roles & PUBLISHERS:
        return None
    return "PublishRanking is not for your roles"


def matrix_markdown() -> str:
    """The matrix as the table docs/permissions.md shows."""
    roles = list(Role)
    lines = [
        "| command | " + " | ".join(r.value for r in roles) + " |",
        "| --- |" + " :-: |" * len(roles),
    ]
    for command, allowed_roles in MATRIX.items():
        marks = " | ".join("✓" if r in allowed_roles else "" for r in roles)
        lines.append(f"| {command.wire} | {marks} |")
    return "\n".join(lines) + "\n"
