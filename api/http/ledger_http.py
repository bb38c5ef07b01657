"""What the ledger and board routes share: scope, as_of, pages, files."""

from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from threading import BoundedSemaphore
from typing import Any

from flask import Response
from flask_smorest import abort

from api import readings
from api.exports import MEDIA_TYPES, Caption, export_chunks
from api.http.auth import current_principal
from api.http.cursors import decode_cursor, encode_cursor
from api.http.resources import authorized
from api.http.services import current_views, services
from api.tables import Column
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.place_register import place_names

FILE = {
    "description": "JSON, or with `format=csv|xlsx` the whole table as a file",
    "content": {
        MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
        MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    },
}
BUSY = "as many files as this server streams at once are being sent; retry shortly"
RETRY_SECONDS = 10
BEARERS = authorized()
DOC = BEARERS | {"responses": BEARERS["responses"] | {200: FILE}}  # a table's route


def scope(args: dict[str, Any]) -> str:
    """The subtree to read: the caller's, or a part of it the arguments name.
    Anything outside the caller's is answered as if it did not exist."""
    mine = current_principal().jurisdiction
    asked: str | None = args.pop("jurisdiction", None)
    if asked is None:
        return mine
    if not asked.startswith(mine):
        abort(404, message=f"no jurisdiction {asked} within yours")
    return asked


def as_of(args: dict[str, Any]) -> AsOf:
    return AsOf.of(args.pop("as_of"))


def ids(args: dict[str, Any]) -> dict[str, Any]:
    """Filter values as views store them: UUIDs as strings."""
    return {k: str(v) if k.endswith("_id") and v else v for k, v in args.items()}


def issue_filters(when: AsOf, args: dict[str, Any]) -> IssueFilters:
    """The problems the arguments ask for, under the warning rules in force."""
    return services().settings.warning_rules().issue_filters(when, **ids(args))


def page(args: dict[str, Any]) -> Page:
    cursor, limit = args.pop("cursor"), args.pop("limit")
    return Page(decode_cursor(cursor) if cursor else None, limit)


def next_cursor(after: int | None) -> str | None:
    return None if after is None else encode_cursor(after)


def caption(where: str, when: AsOf) -> Caption:
    """A file's caption: the subtree and instant, and its places' names."""
    return Caption(where, when.moment, place_names(current_views().catalog, where))


def wants_file(args: dict[str, Any]) -> tuple[str, str] | None:
    """(format, language) when the caller asked for a file."""
    fmt, lang = args.pop("format"), args.pop("lang")
    return None if fmt == "json" else (fmt, lang)


def file(
    name: str,
    asked: tuple[str, str],
    columns: Iterable[Column],
    rows: Iterable[Mapping[str, Any]],
    caption: Caption | None = None,
) -> Response:
    """The rows as a file, streamed as it is made: every row, in flat memory. Past
    the files a worker streams at once, a clear 503 (never a short file)."""
    fmt, lang = asked
    slot = services().exports
    if not slot.acquire(blocking=False):
        abort(503, message=BUSY, headers={"Retry-After": str(RETRY_SECONDS)})
    try:
        pieces = export_chunks(fmt, name, columns, rows, lang, caption=caption)
    except BaseException:
        slot.release()
        raise
    return Response(
        Streamed(slot, pieces),
        mimetype=MEDIA_TYPES[fmt].partition(";")[0],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


class Streamed:
    """A file's pieces as the server sends them, holding a slot of the worker's
    streams until the last is sent or the client is gone (the server closes it)."""

    def __init__(self, slot: BoundedSemaphore, pieces: Generator[bytes]) -> None:
        self._slot: BoundedSemaphore | None = slot
        self._pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._pieces)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Ends the file (its temporary file too) and frees the slot, once."""
        slot, self._slot = self._slot, None
        if slot is not None:
            self._pieces.close()
            slot.release()


def page_or_file(
    read: Callable[[Page], readings.Paged],
    cut: Page,
    when: AsOf,
    asked: tuple[str, str] | None,
    *,
    name: str,
    columns: Iterable[Column],
    where: str,
) -> Any:
    """A page of a table as JSON; or, when a file was asked for, every row."""
    if asked:
        every = readings.each(read)
        return file(name, asked, columns, every, caption(where, when))
    rows, after = read(cut)
    return {"as_of": when.moment, "items": rows, "next_cursor": next_cursor(after)}


def groups_or_file(
    rows: list[dict[str, Any]],
    group_by: str,
    when: AsOf,
    asked: tuple[str, str] | None,
    *,
    name: str,
    columns: Iterable[Column],
    where: str,
) -> Any:
    """A summary's rows, one a group, as JSON; or, when a file was asked for, as
    the file `NAME-by-GROUP`."""
    if asked:
        named = f"{name}-by-{group_by}"
        return file(named, asked, columns, rows, caption(where, when))
    return {"as_of": when.moment, "group_by": group_by, "groups": rows}
