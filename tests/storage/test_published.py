"""Seals published beside the evidence, on every blob store: numbered, never
overwritten, read back in order."""

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.services.blobs import Area
from storage.published import publish, published
from storage.seals import Seal, seal
from tests.storage.backends import Backend

KEY = Ed25519PrivateKey.generate()


def a_seal(size: int) -> Seal:
    return seal(KEY, size, bytes(32), datetime.now(UTC))


def test_seals_are_published_in_order_and_none_is_overwritten(backend: Backend) -> None:
    first, second, third = a_seal(1), a_seal(2), a_seal(3)
    assert publish(backend.store, first) == "audit/seals/00000001.json"
    assert publish(backend.store, second, hint=2) == "audit/seals/00000002.json"
    assert publish(backend.store, third, hint=1) == "audit/seals/00000003.json"
    found = [Seal.from_json(body) for body in published(backend.store)]
    assert found == [first, second, third]


class LateProbe:
    """The store, whose probe misses the seal another sealer put meanwhile."""

    def __init__(self, store: Any, missed: str) -> None:
        self.store, self.missed = store, missed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def stat(self, area: Area, key: str) -> Any:
        return None if key == self.missed else self.store.stat(area, key)


def test_a_seal_racing_another_for_its_number_takes_the_next(backend: Backend) -> None:
    first, second = a_seal(1), a_seal(2)
    publish(backend.store, first)
    racing = LateProbe(backend.store, "audit/seals/00000001.json")
    assert publish(racing, second) == "audit/seals/00000002.json"
    found = [Seal.from_json(body) for body in published(backend.store)]
    assert found == [first, second]
