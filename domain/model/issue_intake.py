"""The rules a new problem's facts meet: what it concerns, and the reference its
source brings (a visit, a grid unit, a 12345 ticket, a meeting)."""

from typing import Any

from domain import rules
from domain.errors import InvalidValue
from domain.model.issue_states import Source
from domain.values import jurisdiction


def intake_checked(facts: dict[str, Any]) -> dict[str, Any]:
    """A new problem's facts, checked, with the references it was not given."""
    references = ("ticket", "grid_unit", "meeting", "meeting_id", "subject")
    facts = dict.fromkeys(references) | facts
    rules.DESCRIPTION.check("description", facts["description"])
    jurisdiction(facts["jurisdiction"])
    registered = facts["project_id"] or facts["enterprise_id"]
    if registered is None and facts["subject"] is None:
        raise InvalidValue(
            "project_id",
            "a problem concerns a project, an enterprise or an unregistered"
            " subject (个体户, a resident)",
        )
    if registered is not None and facts["subject"] is not None:
        raise InvalidValue("subject", "is for a subject not registered here")
    if facts["subject"] is not None:
        facts["subject"].check()
    require_intake(facts)
    return facts


INTAKE = (  # a source's own reference, and whether it must be given
    ("visit_id", Source.VISIT, True),
    ("grid_unit", Source.GRID, True),
    ("ticket", Source.HOTLINE, False),
    ("meeting", Source.MEETING, False),
    ("meeting_id", Source.MEETING, False),
)


def require_intake(facts: dict[str, Any]) -> None:
    """A visit's id and a grid unit exactly with their sources; a 12345 ticket and
    a meeting's name only with theirs (hotline problems raised before tickets were
    kept had none: a phone's retry of one still lands)."""
    for field, source, required in INTAKE:
        given = facts[field] is not None
        if given != (facts["source"] is source) and (given or required):
            how = "exactly" if required else "only"
            raise InvalidValue(
                field, f"is given {how} when the source is {source.value}"
            )
    if facts["ticket"] is not None:
        facts["ticket"].check()
    if facts["grid_unit"] is not None:
        rules.GRID_UNIT.check("grid_unit", facts["grid_unit"])
    if facts["meeting"] is not None:
        rules.MEETING.check("meeting", facts["meeting"])
