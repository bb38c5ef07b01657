"""红黄黑榜 by month, quarter or year: as of a period's end (or now, in one not over),
and as published — frozen editions that no later correction changes."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from flask_smorest import abort

from api import readings
from api.http.auth import current_principal
from api.http.permissions import publish_refusal
from api.http.schemas.board_rows import BoardProject
from api.http.services import current_views, services
from domain.commands.ranking import PublishLists
from domain.errors import NotFound
from domain.model.published_list import PublishedList
from domain.values import Meta
from projections.board_read import Board, month_index, month_last_day, quarter_end
from projections.dates import AsOf
from projections.warnings import elapsed_share

Row = dict[str, Any]
NAMES = ("red", "yellow", "black")


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year, and its last day."""

    name: str  # 2026-11, 2026-Q4, 2026
    last_day: date

    @classmethod
    def of(cls, args: dict[str, Any]) -> "Period":
        year, month, quarter = args["year"], args.get("month"), args.get("quarter")
        if month is not None and quarter is not None:
            abort(422, message="give a month or a quarter, not both")
        if month is not None:
            index = month_index(f"{year}-{month:02d}")
            return cls(f"{year}-{month:02d}", month_last_day(index))
        if quarter is not None:
            return cls(f"{year}-Q{quarter}", quarter_end(year, quarter))
        return cls(str(year), date(year, 12, 31))

    @property
    def end(self) -> AsOf:
        return AsOf.end_of(self.last_day)

    @property
    def file_name(self) -> str:
        return f"lists-{self.name.lower()}"


def computed(
    where: str, period: Period, limit: int
) -> tuple[AsOf, dict[str, list[Row]]]:
    """The lists as of the period's end, or now in a period not over."""
    now = AsOf.of(None)
    when = period.end if period.end.moment < now.moment else now
    rules = services().settings.warning_rules()
    lists = Board(current_views(), when, rules).lists(where, limit)
    return when, {k: [readings.project(row) for row in v] for k, v in lists.items()}


def figures(lists: dict[str, list[Row]], when: AsOf) -> dict[str, Any]:
    counts = {f"{name}_count": len(lists[name]) for name in NAMES}
    return counts | {"elapsed_share": str(elapsed_share(when))}


def publish(where: str, period: Period, limit: int, reason: str) -> Row:
    """Publishes the period's lists as of its end: edition 1, or the next with a
    reason. A period not over is refused."""
    principal = current_principal()
    if (refused := publish_refusal(principal)) is not None:
        abort(403, message=refused.replace("PublishRanking", "PublishLists"))
    if period.end.moment > datetime.now(UTC):
        abort(409, message=f"{period.name} is not over: lists are published once over")
    when, lists = computed(where, period, limit)
    frozen = {k: BoardProject(many=True).dump(v) for k, v in lists.items()}
    command = PublishLists(
        jurisdiction=where,
        period=period.name,
        as_of=when.moment,
        lists=frozen,
        figures=figures(lists, when),
        reason=reason,
    )
    meta = Meta(principal.officer_id, uuid4(), "web", datetime.now(UTC))
    services().ledger.execute(command, meta, scope=principal.jurisdiction)
    return published(where, period, None)


def published(where: str, period: Period, as_of: datetime | None) -> Row:
    """The editions published by as_of (all when None); 404 when none was."""
    try:
        found = services().ledger.load(
            PublishedList,
            PublishedList.id_for(where, period.name),
            scope=current_principal().jurisdiction,
        )
    except NotFound:
        abort(404, message=f"no lists of {where} for {period.name} published")
    history = services().ledger.history(found.id, PublishedList)
    stamps = [event.timestamp for event in history]
    editions = [
        edition | {"published_at": stamp}
        for edition, stamp in zip(found.editions, stamps, strict=True)
        if as_of is None or stamp <= as_of
    ]
    if not editions:
        abort(404, message=f"no lists of {where} for {period.name} published by then")
    return {"jurisdiction": where, "period": period.name, "editions": editions}
