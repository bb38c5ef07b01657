"""Confirm's verification throughput beside raw hashlib over the same bytes.

Every byte of an upload is read back from the store and re-hashed on confirmation;
the side "bytes" is that part (chunks from the local store, SHA-256, size, spooled,
type sniffed), the one that grows with the upload. The side "file" is hashlib's own
reading of the same stored file (`hashlib.file_digest`): what any check of stored
bytes pays over hashing them from memory. "Confirm" is the whole of
`EvidenceService.confirm`: the same, plus decoding the image once (JPEG at a reduced
scale), the upright thumbnail, the promotion and the event. Rounds of the sides
alternate; the figures are medians of the rounds' rates.
"""

import hashlib
import io
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from uuid import UUID, uuid4

from PIL import Image
from pillow_heif import register_heif_opener

from bench.measure import interleave, median, paired, pooled, seconds
from domain.app import SiteLedger
from domain.commands.evidence import DeclareEvidence
from domain.model.evidence import Evidence, MediaType, Owner
from domain.services.blobs import Area, Declared
from domain.services.evidence import EvidenceService, Policy
from storage.eventstore import MEMORY, open_ledger
from storage.images import sniffed, spooled, verify
from storage.localblobs import LocalBlobStore
from tests.factories import a_county, a_visit_in_progress, meta

TARGET = 0.8
ROUNDS = 9
MB = 1e6


@dataclass(frozen=True)
class Sample:
    name: str
    body: bytes
    content_type: str

    @cached_property
    def declared(self) -> Declared:
        """What the phone declares (hashed on the phone: not part of any side)."""
        digest = hashlib.sha256(self.body).hexdigest()
        return Declared(digest, len(self.body), self.content_type)


def photo(size: tuple[int, int], fmt: str, **options: int) -> bytes:
    """A photo-like picture: gradients and sensor-like noise, as a phone saves it."""
    base = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 24)
    picture = Image.merge("RGB", (base, Image.blend(base, noise, 0.3), noise))
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def samples() -> list[Sample]:
    register_heif_opener()
    return [
        Sample("12 MP JPEG", photo((4032, 3024), "JPEG", quality=88), "image/jpeg"),
        Sample("12 MP HEIC", photo((4032, 3024), "HEIF", quality=50), "image/heic"),
        Sample("1.2 MP HEIC", photo((1280, 960), "HEIF", quality=60), "image/heic"),
    ]


@dataclass(frozen=True)
class Rates:
    """Median MB/s of each side for one sample, and the bytes' ratio to hashlib
    (the median of the rounds' ratios)."""

    hashlib: float
    file: float
    bytes: float
    confirm: float
    bytes_ratio: float
    file_ratio: float


class Bench:
    """A local store with the sample uploaded, and the service confirming it."""

    def __init__(self, app: SiteLedger, folder: Path, sample: Sample) -> None:
        self.store, self.folder = LocalBlobStore(folder, "bench-secret"), folder
        self.service = EvidenceService(app, self.store, Policy(), verify)
        self.app, self.sample = app, sample
        self.visit_id = a_visit_in_progress(app, a_county(app))

    def upload(self) -> UUID:
        evidence_id, declared = uuid4(), self.sample.declared
        self.app.execute(
            DeclareEvidence(
                evidence_id=evidence_id,
                owner=Owner.VISIT,
                owner_id=self.visit_id,
                sha256=declared.sha256,
                size=declared.size,
                content_type=MediaType(declared.content_type),
            ),
            meta(),
        )
        grant = self.store.grant(self._token(evidence_id), form=False)
        self.store.receive(grant, declared.content_type, io.BytesIO(self.sample.body))
        return evidence_id

    def _token(self, evidence_id: UUID) -> str:
        slot = self.service.slot(self.app.load(Evidence, evidence_id))
        return slot.url.rsplit("/", 1)[-1]

    def hash_file(self, name: str) -> None:
        with (self.folder / Area.QUARANTINE.value / name).open("rb") as file:
            hashlib.file_digest(file, "sha256")

    def check_bytes(self, name: str) -> None:
        found = self.store.stat(Area.QUARANTINE, name)
        assert found is not None
        chunks = self.store.chunks(Area.QUARANTINE, name, found.etag)
        with spooled(chunks, self.sample.declared, Policy().max_bytes) as file:
            sniffed(file.read(8192))


def confirming(bench: Bench, evidence_id: UUID) -> Callable[[], object]:
    return lambda: bench.service.confirm(evidence_id, meta())


def rate(size: int, step: Callable[[], object], repeat: int) -> list[float]:
    return [size / seconds(step) / MB for _ in range(repeat)]


def measure(sample: Sample, rounds: int) -> Rates:
    size, body = len(sample.body), sample.body
    with tempfile.TemporaryDirectory() as folder, open_ledger(MEMORY) as app:
        bench = Bench(app, Path(folder), sample)
        kept = str(bench.upload())  # read again and again by the bytes side

        def confirm_once() -> list[float]:
            ids = [bench.upload() for _ in range(3)]
            return [size / seconds(confirming(bench, i)) / MB for i in ids]

        sides = {
            "hashlib": lambda: rate(size, lambda: hashlib.sha256(body).digest(), 5),
            "file": lambda: rate(size, lambda: bench.hash_file(kept), 5),
            "bytes": lambda: rate(size, lambda: bench.check_bytes(kept), 5),
            "confirm": confirm_once,
        }
        found = interleave(rounds, sides)
    hashed, filed, checked, confirmed = (
        median(pooled(found, side)) for side in ("hashlib", "file", "bytes", "confirm")
    )
    ratios = (paired(found, to_hashlib(side)) for side in ("bytes", "file"))
    return Rates(hashed, filed, checked, confirmed, *ratios)


def to_hashlib(side: str) -> Callable[[Mapping[str, list[float]]], float]:
    """A round's median rate of the side over hashlib's."""
    return lambda rates: median(rates[side]) / median(rates["hashlib"])


def run(*, quick: bool = False) -> dict[str, Rates]:
    rounds = 3 if quick else ROUNDS
    photos = samples()
    results = {sample.name: measure(sample, rounds) for sample in photos}
    print("## Evidence: confirm's verification against raw hashlib\n")
    print(
        f"Medians of {rounds} interleaved rounds over the same bytes. *bytes*: read"
        " back from the local store in 1 MiB chunks, SHA-256, size, spooled, type"
        " sniffed. *file*: `hashlib.file_digest` of the same stored file. *confirm*:"
        " the whole confirmation, decoding and thumbnail too.\n"
    )
    print(
        f"| photo | MB | hashlib MB/s | file MB/s | bytes MB/s | ratio (target ≥ {TARGET})"
        " | file's ratio | confirm MB/s | ms per confirm |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for sample in photos:
        rates, size = results[sample.name], len(sample.body) / MB
        mark = "✓" if rates.bytes_ratio >= TARGET else "✗"
        print(
            f"| {sample.name} | {size:.1f} | {rates.hashlib:,.0f} | {rates.file:,.0f}"
            f" | {rates.bytes:,.0f} | {rates.bytes_ratio:.2f} {mark}"
            f" | {rates.file_ratio:.2f} | {rates.confirm:,.0f}"
            f" | {size / rates.confirm * 1000:,.0f} |"
        )
    print()
    return results
