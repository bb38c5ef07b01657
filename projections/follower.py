"""A follower in the writing process: keeps the views current off the write's path,
fed the events this process saved (so they are not read back from the log and
decoded again), reading from the log only what other processes wrote. Of the
processes of one machine on one store, one follows (a lock file elects it)."""

import fcntl
import hashlib
import logging
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from uuid import UUID

from eventsourcing.persistence import Recording

from domain.app import SiteLedger
from projections.events import Item, fed
from projections.views import Views

log = logging.getLogger(__name__)
KEPT = 20_000  # fed items held at the most (a follower far behind reads the log)
SETTLE = 0.25  # seconds a wake waits for more writes, to apply them in one batch


class Follower:
    """A thread that catches the views up whenever the application saves, and at
    least every `interval` seconds (for what other processes write)."""

    def __init__(
        self,
        app: SiteLedger,
        views: Views,
        interval: float = 1.0,
        elected_by: Path | None = None,
    ) -> None:
        self._app, self._views, self._interval = app, views, interval
        self._election = elected_by
        self._held: IO[str] | None = None
        self._fed: dict[int, Item] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="views", daemon=True)

    def start(self) -> "Follower":
        self._app.listeners.append(self.feed)
        self._thread.start()
        return self

    def feed(self, recordings: Sequence[Recording[UUID]]) -> None:
        with self._lock:
            following = self._held is not None or self._election is None
            if following and len(self._fed) < KEPT:
                self._fed |= {
                    r.notification.id: fed(r.notification.id, r.domain_event)
                    for r in recordings
                }
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=30)
        if self.feed in self._app.listeners:
            self._app.listeners.remove(self.feed)
        if self._held is not None and self._election is not None:
            # Left behind, a file a store would stay in the temporary folder. A
            # process that opened it meanwhile follows as well as the next one to
            # make it: two followers are safe (each skips what the other applied).
            self._election.unlink(missing_ok=True)
            self._held.close()  # the next process's follower takes over
            self._held = None

    def elected(self) -> bool:
        """This process follows: it holds the machine's lock for the store (taken
        when free, held while the process lives). Two followers would decode the
        same events and wait on each other's locks for nothing."""
        if self._held is not None or self._election is None:
            return True
        handle: IO[str] = self._election.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._held = handle
        return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            if self._wake.wait(self._interval):
                self._stopping.wait(SETTLE)
            self._wake.clear()
            if not self.elected():
                continue  # another process follows; reads still catch up
            try:
                self.catch_up()
            except Exception:  # the next wake tries again; reads catch up meanwhile
                log.exception("the views' follower failed to catch up")

    def catch_up(self) -> int:
        """Catches the views up, using the fed items where they cover a batch: up
        to the last item fed, or (none fed) to the log's head. A save committed but
        not fed yet waits for its feed, rather than being read back from the log."""
        with self._lock:
            items = dict(self._fed)
        until = max(items) if items else None
        applied = self._views.catch_up(self._app, fed=items, until=until)
        done = min(view.position() for view in self._views.all)
        with self._lock:
            for position in [p for p in self._fed if p <= done]:
                del self._fed[position]
        return applied


def election(database_url: str) -> Path:
    """The lock file that elects one follower among one machine's processes on a
    store (named by a digest of its URL, which may hold a password)."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"siteledger-follower-{digest}.lock"
