"""What the ledger and board routes share: scope, as_of, pages, files."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Response
from flask_smorest import abort

from api import readings
from api.auth import current_principal
from api.cursors import decode_cursor, encode_cursor
from api.exports import MEDIA_TYPES, Caption, export
from api.resources import authorized
from api.services import current_views, services
from api.tables import Column
from projections.dates import AsOf
from projections.issue_sql import IssueFilters, Page
from projections.places import place_names

FILE = {
    "description": "JSON, or with `format=csv|xlsx` the whole table as a file",
    "content": {
        MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
        MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    },
}
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
    fmt, lang = asked
    body = export(fmt, name, columns, rows, lang, caption=caption)
    return Response(
        body,
        mimetype=MEDIA_TYPES[fmt].partition(";")[0],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


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
        with services().exports:
            rows = readings.every(read)
            return file(name, asked, columns, rows, caption(where, when))
    rows, after = read(cut)
    return {"as_of": when.moment, "items": rows, "next_cursor": next_cursor(after)}
