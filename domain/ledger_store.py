"""How the application keeps its events: its settings, the repository that checks
what it reads, snapshots that never fail a write, the transcodings of stored types,
the recorder that keeps command receipts, and the listeners told of each commit."""

import logging
from collections.abc import Callable, Sequence
from typing import cast
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent, Repository
from eventsourcing.persistence import (
    ApplicationRecorder,
    JSONTranscoder,
    Recording,
)
from eventsourcing.utils import Environment, EnvType

from domain import transcodings
from domain.model.receipt import Receipts
from domain.prefetch import PrefetchingRepository
from domain.stored import stored_types

log = logging.getLogger(__name__)
MAPPER = (
    "domain.damage:CheckedMapper"  # a damaged stored event is named, not crashed on
)
CACHED = 2000  # aggregates the repository keeps (reference data, visits in progress)


class LedgerStore(Application[UUID]):
    """The event store's side of `domain.app.SiteLedger`."""

    listeners: list[Callable[[Sequence[Recording[UUID]]], None]]

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the settings handed in: the shell's environment never leaks in."""
        values = {
            "IS_SNAPSHOTTING_ENABLED": "y",
            "AGGREGATE_CACHE_MAXSIZE": str(CACHED),
            "MAPPER_TOPIC": MAPPER,
            **(env or {}),
        }
        return Environment(name, values)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """A snapshot only speeds up loading: one that cannot be written (a full
        disk) is logged, never made a failure of the write it follows, which is
        committed already and must be answered as such."""
        try:
            super()._take_snapshots(processing_event)
        except Exception:
            log.exception("a snapshot was not written (the events were)")

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        for listener in self.listeners:
            listener(recordings)

    def construct_repository(self) -> Repository[UUID]:
        """A damaged history raises DamagedHistory, naming aggregate and version;
        aggregates read are cached, fast-forwarded from the log at every read."""
        cached = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return PrefetchingRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(cached) if cached else None,
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder, *stored_types())

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        if not hasattr(recorder, "select_receipts"):
            raise TypeError(f"{type(recorder).__name__} keeps no command receipts")
        return recorder

    @property
    def receipt_book(self) -> Receipts:
        return cast(Receipts, self.recorder)
