"""Opaque cursors: clients pass them back and never build or read them."""

import base64
import binascii

from flask_smorest import abort

PREFIX = "v1:"


def encode_cursor(position: int | str) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; 400 for anything this service did not give out."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    position = text.removeprefix(PREFIX)
    if not text.startswith(PREFIX) or not position.isdigit() or len(position) > 18:
        abort(400, message="the cursor is not one this service gave out")
    return int(position)
