"""A view: rows and its tracking position written in one transaction, per dialect."""

import re
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar, Self, cast

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore, SQLiteTrackingRecorder

from domain.app import SiteLedger
from projections.events import Item
from projections.sql import SQLITE, Cursor, Dialect, postgres

NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # fits PostgreSQL's 63 with its suffixes
# Takes the lock on the view's tracking row (PostgreSQL: the row; SQLite: the
# database) before anything else, and answers the position under that lock.
LOCK = (
    "INSERT INTO {tracking} AS t (application_name, notification_id) VALUES (:app, 0)"
    " ON CONFLICT (application_name)"
    " DO UPDATE SET notification_id = t.notification_id"
    " RETURNING notification_id"
)


class View(TrackingRecorder):
    """A read model that the application's notifications are applied to in order.

    In a write transaction, `lock` locks the view's tracking row and answers its
    position; `apply_after` then applies what a batch holds past that position and
    tracks the last notification, in the same transaction. So a notification is
    applied exactly once and batches commit in log order (`views.catch_up` does this
    for every view in one transaction). `process` does it for one view and a position
    the caller read before: if another caller processed anything meanwhile, it raises
    `IntegrityError` and nothing is written.

    Tables are named after `name` (`view_<name>`, `view_<name>_tracking`, ...), so a
    rebuild can fill a subclass with another name from scratch and compare.
    """

    name: ClassVar[str]
    side_tables: ClassVar[tuple[str, ...]] = ()  # `{name}` in SQL: view_<view>_<name>
    dialect: Dialect
    datastore: Any  # the dialect's own, shared by every view of one database
    application_name: str = SiteLedger.name  # the log this view follows

    @classmethod
    def named(cls, name: str) -> type[Self]:
        """The same view in tables of another name, e.g. to rebuild it from scratch
        beside the live one and compare."""
        if not NAME.fullmatch(name):
            raise ValueError(f"a view's name is 1 to 40 of a-z 0-9 _, not {name!r}")
        return cast(type[Self], type(cls.__name__, (cls,), {"name": name}))

    @classmethod
    def table(cls, suffix: str = "") -> str:
        return f"view_{cls.name}" + (f"_{suffix}" if suffix else "")

    def sql(self, statement: str) -> str:
        """A statement of this view, rendered for its database."""
        tables = {"rows": self.table(), "tracking": self.table("tracking")}
        tables |= {side: self.table(side) for side in self.side_tables}
        return self.dialect.render(statement, tables, {"prefix": self.table()})

    @classmethod
    def tables(cls) -> list[str]:
        """The names of the view's tables: its rows, its tracking, side tables."""
        return [cls.table(), cls.table("tracking"), *map(cls.table, cls.side_tables)]

    @abstractmethod
    def ddl(self) -> list[str]:
        """The view's own tables and indexes, as `sql` templates."""

    @abstractmethod
    def apply(self, cursor: Cursor, items: Sequence[Item]) -> None:
        """Writes what the items change (receipts and claims left out), inside the
        caller's transaction."""

    def position(self, application_name: str | None = None) -> int:
        """The last notification processed (0 for none)."""
        return self.max_tracking_id(application_name or self.application_name) or 0

    def lock(self, cursor: Cursor) -> int:
        """Locks the view's tracking row in the caller's write transaction and
        answers the position under that lock."""
        cursor.execute(self.sql(LOCK), {"app": self.application_name})
        position: int = cursor.fetchone()["notification_id"]
        return position

    def apply_after(self, cursor: Cursor, after: int, items: Sequence[Item]) -> int:
        """Applies the items past `after` and tracks the last, in the caller's
        transaction, where `lock` answered `after`. Answers how many it applied."""
        batch = [item for item in items if item.position > after]
        if not batch:
            return 0
        events = [item for item in batch if item.event is not None]
        if events:
            self.apply(cursor, events)
        self.track(cursor, Tracking(self.application_name, batch[-1].position))
        return len(batch)

    def process(self, after: int, items: Sequence[Item]) -> None:
        """Applies notifications after `after` and tracks the last, atomically."""
        if not items or items[0].position <= after:
            raise ValueError(f"{self.name}: a batch must follow position {after}")
        with self.transaction(write=True) as cursor:
            current = self.lock(cursor)
            if current != after:
                raise IntegrityError(
                    f"{self.name} is at {current}, not {after}: processed meanwhile"
                )
            self.apply_after(cursor, after, items)

    def rows_of(
        self, cursor: Cursor, select: str, items: Sequence[Item]
    ) -> dict[str, dict[str, Any]]:
        """The rows a `select` of this view holds for the items' aggregates, by id."""
        ids = sorted({str(item.aggregate_id) for item in items})
        where = self.dialect.any_of("id", "ids")
        cursor.execute(
            self.sql(f"{select} WHERE {where}"), {"ids": self.dialect.values(ids)}
        )
        return {row["id"]: dict(row) for row in cursor.fetchall()}

    def query(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self.transaction(write=False) as cursor:
            cursor.execute(self.sql(statement), params)
            return [dict(row) for row in cursor.fetchall()]

    @abstractmethod
    def transaction(self, *, write: bool) -> AbstractContextManager[Cursor]: ...

    @abstractmethod
    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        """The library's own tracking insert (refuses a position not past the last)."""


class SQLiteView(View, SQLiteTrackingRecorder):
    """A view in a SQLite database; its tracking table is its own, not `tracking`."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        if not datastore.single_row_tracking:
            raise ValueError("views need single-row tracking")
        self.dialect = SQLITE
        super().__init__(datastore, **kwargs)
        # The library's statements, on this view's tracking table.
        self.insert_tracking_statement = self.sql(
            "INSERT INTO {tracking} VALUES (:application_name, :notification_id)"
            " ON CONFLICT (application_name) DO UPDATE"
            " SET notification_id = :notification_id"
            " WHERE {tracking}.notification_id < :notification_id"
            " RETURNING notification_id"
        )
        self.select_max_tracking_id_statement = self.sql(
            "SELECT MAX(notification_id) FROM {tracking} WHERE application_name = ?"
        )

    def construct_create_table_statements(self) -> list[str]:
        tracking = self.sql(
            "CREATE TABLE IF NOT EXISTS {tracking} (application_name TEXT,"
            " notification_id INTEGER, PRIMARY KEY (application_name)) WITHOUT ROWID"
        )
        return [tracking, *(self.sql(statement) for statement in self.ddl())]

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[SQLiteCursor]:
        """A transaction whose commit does not wait for the disk: views are derived,
        and their tracking commits with their rows, so a tail lost in a power cut is
        applied again from the event store, which keeps full sync."""
        with self.datastore.get_connection(commit=write) as connection:
            if write:  # per connection, and only outside a transaction
                connection.cursor().execute("PRAGMA synchronous=NORMAL")
            with connection.transaction(commit=write) as cursor:
                yield cursor

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        assert isinstance(cursor, SQLiteCursor)
        self._insert_tracking(cursor, tracking)


class PostgresView(View, PostgresTrackingRecorder):
    """A view in the event store's PostgreSQL database and schema."""

    datastore: PostgresDatastore

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        if not datastore.single_row_tracking:
            raise ValueError("views need single-row tracking")
        self.dialect = postgres(datastore.schema)
        kwargs["tracking_table_name"] = self.table("tracking")
        super().__init__(datastore, **kwargs)

    def _create_table(self, curs: Any) -> None:
        super()._create_table(curs)  # the tracking table, in the same transaction
        for statement in self.ddl():
            curs.execute(self.sql(statement))

    def transaction(self, *, write: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=write)

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        self._insert_tracking(cast(Any, cursor), tracking)
