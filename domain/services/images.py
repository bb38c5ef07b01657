"""What the evidence service asks of an image check (`storage/images.py` is one):
the upload's bytes against its declaration, answered with what the server saw, or
refused with a reason safe to show."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from domain.model.evidence import Claims
from domain.services.blobs import Chunk, Declared


class Unacceptable(Exception):
    """The upload is not the evidence declared; the reason is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Inspection:
    """What the server established, and what the file claims."""

    content_type: str
    width: int | None
    height: int | None
    claims: Claims
    thumbnail: bytes | None


class ImageCheck(Protocol):
    def __call__(
        self,
        chunks: Iterable[Chunk],
        declared: Declared,
        allowed: frozenset[str],
        limit: int,
    ) -> Inspection: ...
