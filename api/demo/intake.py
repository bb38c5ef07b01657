"""What the demo's problems from the 12345 hotline and grid units carry: a ticket,
or the unregistered 个体户 a grid officer heard from."""

from typing import Any

from api.demo.plan import Place
from domain.model.intake import Subject, SubjectKind, Ticket
from domain.model.issue import Source

SHOPS = ("城南早餐店", "鑫源五金店", "平安药房", "老街理发店", "惠民超市")
STREETS = ("城南路", "人民路", "解放街", "文化路", "建设路")


def about(source: Source, place: Place, serial: int) -> dict[str, Any]:
    """RaiseIssue's fields of what the problem concerns and where it came from: a
    grid unit's problem is a 个体户's near the place, the others the place's own."""
    if source is Source.GRID:
        return {
            "grid_unit": f"城区第{serial % 95 + 1}网格",
            "subject": Subject(
                SubjectKind.INDIVIDUAL_BUSINESS,
                SHOPS[serial % len(SHOPS)],
                f"城区{STREETS[serial % len(STREETS)]}{serial + 1}号",
            ),
            "jurisdiction": place.jurisdiction,
        }
    owner: dict[str, Any] = {
        "project_id": place.id if place.is_project else None,
        "enterprise_id": place.enterprise_id,
    }
    if source is Source.HOTLINE:
        number = f"12345-{place.jurisdiction}-{serial:05d}"
        owner["ticket"] = Ticket(number, place.contact, None)
    return owner
