"""Seals published beside the evidence (on AWS: its versioned, object-locked bucket),
where whoever owns the database cannot rewrite or remove them: `audit/seals/<n>.json`,
numbered from 1, never overwritten; read back by probing until one is absent."""

from domain.services.blobs import Area, BlobStore
from storage.seals import Seal

PREFIX = "audit/seals/"
LIMIT = 100_000  # seals read back at most (an hourly seal for eleven years)


def key(n: int) -> str:
    return f"{PREFIX}{n:08d}.json"


def publish(store: BlobStore, seal: Seal, hint: int = 1) -> str:
    """Stores the seal under the first free number from `hint` (the seals the
    database holds: probing starts there); answers its key."""
    n, body = max(hint, 1), seal.to_json().encode()
    while store.stat(Area.EVIDENCE, key(n)) is not None or not store.put(
        key(n), body, "application/json", locked=True
    ):  # taken, or taken by another seal since it was probed
        n += 1
    return key(n)


def published(store: BlobStore) -> list[str]:
    """Every published seal's JSON, in the order published."""
    found = []
    for n in range(1, LIMIT):
        stat = store.stat(Area.EVIDENCE, key(n))
        if stat is None:
            break
        found.append(b"".join(store.chunks(Area.EVIDENCE, key(n), stat.etag)).decode())
    return found
