"""Opaque cursors: clients pass them back and never build or read them."""

import base64
import binascii

from flask_smorest import abort

PREFIX = "v1:"
AGAIN = "read the feed again from the start (no cursor)"


def encode_cursor(position: int | str) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; 400 for anything this service did not give out."""
    return _position(_text(cursor))


def encode_feed_cursor(position: int, scope: str) -> str:
    """A cursor of the sync feed, which holds the jurisdiction it was read for."""
    return encode_cursor(f"{position}@{scope}")


def decode_feed_cursor(cursor: str, scope: str) -> int:
    """The position a feed cursor stands for; 410 if it was given out for another
    jurisdiction than the caller's now: the phone holds what it may no longer see
    and lacks what it now may, which lies before the cursor. It starts over."""
    text, scoped, given_for = _text(cursor).partition("@")
    position = _position(text)
    if not scoped:  # given out before cursors named their jurisdiction
        abort(410, message=f"the cursor names no jurisdiction: {AGAIN}")
    if given_for != scope:
        message = f"your jurisdiction is {scope or 'all'} now, not {given_for or 'all'}"
        abort(410, message=f"{message}: {AGAIN}")
    return position


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
