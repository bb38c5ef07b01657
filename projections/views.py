"""The views, where they live beside the event store, and catching them up."""

from collections.abc import Mapping, Sequence
from itertools import count
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar
from uuid import uuid4

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import Environment

from domain.app import SiteLedger
from projections.approval_ledger import (
    ApprovalLedger,
    PostgresApprovalLedger,
    SQLiteApprovalLedger,
)
from projections.board import PostgresProjectBoard, ProjectBoard, SQLiteProjectBoard
from projections.catalog import Catalog, PostgresCatalog, SQLiteCatalog
from projections.changes import Changes, PostgresChanges, SQLiteChanges
from projections.events import Item, decode
from projections.issue_ledger import (
    IssueLedger,
    PostgresIssueLedger,
    SQLiteIssueLedger,
)
from projections.meetings import Meetings, PostgresMeetings, SQLiteMeetings
from projections.pool import Pool, PostgresPool, SQLitePool
from projections.progress import PostgresProgress, Progress, SQLiteProgress
from projections.view import View
from projections.visit_ledger import (
    PostgresVisitLedger,
    SQLiteVisitLedger,
    VisitLedger,
)

V = TypeVar("V", bound=View)
# Each kind of view, in the order catch-up feeds them: (SQLite, PostgreSQL) classes.
KINDS: dict[str, tuple[type[View], type[View]]] = {
    "catalog": (SQLiteCatalog, PostgresCatalog),
    "changes": (SQLiteChanges, PostgresChanges),
    "issues": (SQLiteIssueLedger, PostgresIssueLedger),
    "visits": (SQLiteVisitLedger, PostgresVisitLedger),
    "board": (SQLiteProjectBoard, PostgresProjectBoard),
    "approvals": (SQLiteApprovalLedger, PostgresApprovalLedger),
    "progress": (SQLiteProgress, PostgresProgress),
    "pool": (SQLitePool, PostgresPool),
    "meetings": (SQLiteMeetings, PostgresMeetings),
}
MEMORY = ("eventsourcing.popo", "storage.memory:MemoryFactory")  # with receipts
SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"


class Views:
    """Every view of the application, in one database beside its event store."""

    def __init__(
        self,
        factory: InfrastructureFactory[Any],
        *,
        catalog: Catalog,
        changes: Changes,
        issues: IssueLedger,
        visits: VisitLedger,
        board: ProjectBoard,
        approvals: ApprovalLedger,
        progress: Progress,
        pool: Pool,
        meetings: Meetings,
    ) -> None:
        self._factory = factory
        self.catalog = catalog
        self.changes = changes
        self.issues = issues
        self.visits = visits
        self.board = board
        self.approvals = approvals
        self.progress = progress
        self.pool = pool
        self.meetings = meetings
        self.all: tuple[View, ...] = (
            *(catalog, changes, issues, visits, board),
            *(approvals, progress, pool, meetings),
        )

    def by_name(self) -> dict[str, View]:
        """Each view by the name of its kind (`catalog`, `issues`, ...)."""
        return dict(zip(KINDS, self.all, strict=True))

    def generation(self, kind: str, generation: str) -> View:
        """A view of a kind in tables of a generation of its own, beside these."""
        return construct(self._factory, classes(self._factory, generation)[kind])

    def catch_up(
        self,
        app: SiteLedger,
        limit: int = 500,
        fed: Mapping[int, Item] | None = None,
        until: int | None = None,
    ) -> int:
        """Processes the notifications recorded so far that a view has not, in
        batches of `limit` (one transaction for all views per batch). Answers how
        many notifications this call applied to at least one view.

        Safe to run from several threads and processes at once: what another caller
        applied meanwhile is skipped, never applied twice.
        """
        return catch_up(app, self.all, limit, fed=fed, until=until)

    def close(self) -> None:
        self._factory.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def catch_up(
    app: SiteLedger,
    views: Sequence[View],
    limit: int = 500,
    *,
    until: int | None = None,
    batches: int | None = None,
    fed: Mapping[int, Item] | None = None,
) -> int:
    """Brings the views up to the notification `until` (the head when None), or
    processes `batches` batches at most; see `Views.catch_up`.

    Each batch is read from the log first, then applied in one write transaction
    for all the views (they share a database): it locks their tracking rows, reads
    their positions under the lock, and applies and tracks what each has not seen.
    A caller that got in first leaves the next one less or nothing to apply; nothing
    is applied twice, or out of order. The log is read outside the lock, so no
    catch-up waits on another's read. A batch whose every notification is among
    the `fed` items (events this process wrote) is not read back from the log; in
    one that is, only what was not fed (other processes' writes) is decoded.
    """
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    if any(view.application_name != app.name for view in views):
        raise ValueError(f"these views follow another application than {app.name}")
    if any(view.datastore is not views[0].datastore for view in views):
        raise ValueError("views caught up together share one database")
    stop = app.recorder.max_notification_id() or 0
    stop = stop if until is None else min(stop, until)
    processed = 0
    for _ in count() if batches is None else range(batches):
        start = min(view.position() for view in views)
        if start >= stop:
            return processed
        items = known(fed or {}, start, min(stop, start + limit))
        if items is None:
            notifications = app.recorder.select_notifications(
                start=start, limit=limit, stop=stop, inclusive_of_start=False
            )
            items = decode(app.mapper, notifications, fed or {})
        if not items:  # nothing past the head after all: never spin
            return processed
        with views[0].transaction(write=True) as cursor:
            positions = [view.lock(cursor) for view in views]
            if min(positions) < start:  # a view went back (swapped in): read again
                continue
            processed += max(
                view.apply_after(cursor, after, items)
                for view, after in zip(views, positions, strict=True)
            )
    return processed


def known(fed: Mapping[int, Item], start: int, stop: int) -> list[Item] | None:
    """The items from past `start` to `stop` if every one of them was fed."""
    wanted = range(start + 1, stop + 1)
    if not fed or not all(position in fed for position in wanted):
        return None
    return [fed[position] for position in wanted]


def open_views(env: Mapping[str, str], *, generation: str = "") -> Views:
    """The views of the event store the library settings describe (creating their
    tables unless CREATE_TABLE says no). Settings prefixed `VIEWS_` apply only here,
    e.g. `VIEWS_POSTGRES_POOL_SIZE`. A `generation` keeps the views in tables of
    their own (`view_catalog_<generation>`, ...), to rebuild them from scratch."""
    factory = InfrastructureFactory.construct(Environment("views", views_env(env)))
    if isinstance(factory, PostgresFactory):
        without_jit(factory.datastore.pool.kwargs)
    try:
        found = classes(factory, generation)
        built: dict[str, Any] = {k: construct(factory, v) for k, v in found.items()}
        return Views(factory, **built)
    except BaseException:
        factory.close()
        raise


def without_jit(connecting: object) -> None:
    """PostgreSQL compiles a query whose plan it estimates costly (JIT), which takes
    seconds for a board or ledger query that reads a few hundred rows through
    subqueries estimated at many: the views' connections (not yet made) turn it off."""
    if isinstance(connecting, dict):
        connecting["options"] = "-c jit=off"


def classes(
    factory: InfrastructureFactory[Any], generation: str
) -> dict[str, type[View]]:
    """The views' classes for the factory's database, named for a generation."""
    if isinstance(factory, SQLiteFactory):
        found = {name: kinds[0] for name, kinds in KINDS.items()}
    elif isinstance(factory, PostgresFactory):
        found = {name: kinds[1] for name, kinds in KINDS.items()}
    else:  # pragma: no cover (views_env names only these two)
        raise TypeError(f"no views on {type(factory).__name__}")
    if not generation:
        return found
    return {name: cls.named(f"{cls.name}_{generation}") for name, cls in found.items()}


def construct(factory: InfrastructureFactory[Any], cls: type[V]) -> V:
    view = factory.tracking_recorder(cls)
    assert isinstance(view, cls)
    return view


def views_env(env: Mapping[str, str]) -> dict[str, str]:
    """The views' settings: PostgreSQL's own database and schema; beside a SQLite
    file, a file of their own; for the in-memory store, an in-memory SQLite."""
    settings = dict(env)
    module = settings.get("PERSISTENCE_MODULE") or MEMORY[0]
    if module == POSTGRES:
        return settings
    if module == SQLITE:
        dbname = beside(settings["SQLITE_DBNAME"])
    elif module in MEMORY:
        dbname = None
    else:
        raise ValueError(f"no views beside a {module} event store")
    memory = f"file:views-{uuid4().hex}?mode=memory&cache=shared"
    settings |= {"PERSISTENCE_MODULE": SQLITE, "SQLITE_DBNAME": dbname or memory}
    settings.setdefault("SQLITE_LOCK_TIMEOUT", "10")
    return settings


def beside(dbname: str) -> str | None:
    """`var/siteledger.sqlite3` → `var/siteledger.views.sqlite3`; None in memory."""
    if dbname == ":memory:" or "mode=memory" in dbname:
        return None
    store = Path(dbname.removeprefix("file:").partition("?")[0])
    return str(store.with_name(f"{store.stem}.views{store.suffix}"))
