"""Small builders of the values every test needs."""

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

from domain.values import Meta

OFFICE = UUID("00000000-0000-4000-8000-000000000001")
BEIJING = timezone(timedelta(hours=8))


def meta(actor_id: UUID = OFFICE, command_id: UUID | None = None) -> Meta:
    """A command's metadata as a phone in China would send it now."""
    return Meta(
        actor_id=actor_id,
        command_id=command_id or uuid4(),
        device_id="test-phone",
        device_time=datetime.now(UTC).astimezone(BEIJING),
    )
