"""Opaque cursors: clients pass them back and never build or read them."""

import base64
import binascii
from dataclasses import dataclass

from flask_smorest import abort

PREFIX = "v1:"
AGAIN = "read the feed again from the start (no cursor)"


def encode_cursor(position: int | str) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; 400 for anything this service did not give out."""
    return _position(_text(cursor))


@dataclass(frozen=True)
class FeedCursor:
    """Where a reader of the sync feed is: past `position` in the changes, or, on a
    first sync, listing the state as of `position`, past `state_after`."""

    position: int
    state_after: int | None = None


def encode_feed_cursor(at: FeedCursor, scope: str) -> str:
    """A cursor of the sync feed, which holds the jurisdiction it was read for."""
    state = "" if at.state_after is None else f"~{at.state_after}"
    return encode_cursor(f"{at.position}{state}@{scope}")


def decode_feed_cursor(cursor: str, scope: str) -> FeedCursor:
    """Where a feed cursor stands; 410 if it was given out for another
    jurisdiction than the caller's now: the phone holds what it may no longer see
    and lacks what it now may, which lies before the cursor. It starts over."""
    text, scoped, given_for = _text(cursor).partition("@")
    position, listing, after = text.partition("~")
    at = FeedCursor(_position(position), _position(after) if listing else None)
    if not scoped:  # given out before cursors named their jurisdiction
        abort(410, message=f"the cursor names no jurisdiction: {AGAIN}")
    if given_for != scope:
        message = f"your jurisdiction is {scope or 'all'} now, not {given_for or 'all'}"
        abort(410, message=f"{message}: {AGAIN}")
    return at


def _text(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith(PREFIX):
        _refuse()
    return text.removeprefix(PREFIX)


def _position(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        _refuse()
    return int(text)


def _refuse() -> None:
    abort(400, message="the cursor is not one this service gave out")
