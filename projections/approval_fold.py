"""How each event of an approval package changes the approvals ledger's rows: one
row per permit, one per matter an agent handles."""

from functools import singledispatch
from typing import Any

from domain.model.approval import ApprovalPackage as P
from projections.dates import recorded_on
from projections.events import Item

Row = dict[str, Any]
RANKS = 100  # more than a package's permits (package_template.MAX_PERMITS)
PERMIT_COLUMNS = (
    *("id", "position", "version", "package_id", "project_id", "jurisdiction"),
    *("permit_id", "seq", "name", "department", "stage", "statutory_days"),
    *("committed_days", "status", "agent_id", "chief_agent_id", "prepared_on"),
    *("submitted_on", "accepted_on", "granted_on", "returned_on", "returns"),
    *("missing", "supply_by", "supplied_on", "flagged_supply_by"),
)
# What changes as a permit moves (a read as of a day takes these from its state
# then); the rest names the permit and its place.
STATE_COLUMNS = (
    *("version", "committed_days", "status", "agent_id", "chief_agent_id"),
    *("prepared_on", "submitted_on", "accepted_on", "granted_on", "returned_on"),
    *("returns", "missing", "supply_by", "supplied_on", "flagged_supply_by"),
)
MATTER_COLUMNS = (
    *("id", "position", "package_id", "project_id", "jurisdiction", "agent_id"),
    *("permit_id", "what", "for_whom", "opened_on", "closed_on"),
)


def permit_key(package_id: object, permit_id: str) -> str:
    return f"{package_id}:{permit_id}"


def iso(value: Any) -> str | None:
    return None if value is None else str(value)


def created(item: Item) -> list[Row]:
    """The rows of a new package's permits."""
    e: P.Created = item.event
    base = dict.fromkeys(PERMIT_COLUMNS) | {
        "version": e.originator_version,
        "package_id": str(item.aggregate_id),
        "project_id": str(e.project_id),
        "jurisdiction": e.jurisdiction,
        "status": "not_started",
        "returns": 0,
    }
    return [
        base
        | {
            "id": permit_key(item.aggregate_id, spec.permit_id),
            "permit_id": spec.permit_id,
            "position": item.position * RANKS + seq,  # unique: pages cut on it
            "seq": seq,
            "name": spec.name,
            "department": spec.department,
            "stage": spec.stage,
            "statutory_days": spec.statutory_days,
            "committed_days": spec.statutory_days,
        }
        for seq, spec in enumerate(e.permits, 1)
    ]


@singledispatch
def step(event: object, row: Row) -> Row:
    """What an event on one permit changes in its row: by default nothing."""
    return {}


@step.register
def _(e: P.LimitCommitted, row: Row) -> Row:
    return {"committed_days": e.committed_days}


@step.register
def _(e: P.PermitAgentAssigned, row: Row) -> Row:
    return {"agent_id": str(e.agent_id)}


@step.register
def _(e: P.Prepared, row: Row) -> Row:
    return {"status": "prepared", "prepared_on": iso(e.on)}


@step.register
def _(e: P.Submitted, row: Row) -> Row:
    """A new submission (after a return too) starts afresh, as the package does."""
    return {
        "status": "submitted",
        "submitted_on": iso(e.on),
        "accepted_on": None,
        "returned_on": None,
    }


@step.register
def _(e: P.Accepted, row: Row) -> Row:
    return {
        "status": "accepted",
        "accepted_on": iso(e.on),
        "returned_on": None,
        "missing": "、".join(e.missing) or None,
        "supply_by": iso(e.supply_by),
        "supplied_on": None,
    }


@step.register
def _(e: P.DocumentsSupplied, row: Row) -> Row:
    return {"supplied_on": iso(e.on)}


@step.register
def _(e: P.DocumentsOverdue, row: Row) -> Row:
    return {"flagged_supply_by": iso(e.supply_by)}


@step.register
def _(e: P.Granted, row: Row) -> Row:
    return {"status": "granted", "granted_on": iso(e.on)}


@step.register
def _(e: P.Returned, row: Row) -> Row:
    return {
        "status": "returned",
        "returned_on": iso(e.on),
        "returns": row["returns"] + 1,
    }


def whole(e: P.AgentsAssigned | P.Moved, row: Row) -> Row:
    """What an event on the whole package changes in each of its rows."""
    if isinstance(e, P.Moved):
        return {"jurisdiction": e.jurisdiction}
    return agents(e, row)


def agents(e: P.AgentsAssigned, row: Row) -> Row:
    """The package's chief agent on each of its rows; a permit's agent who no
    longer serves the package is taken off it (as the aggregate does)."""
    serving = {str(e.chief_agent_id), *map(str, e.agent_ids)}
    agent = row["agent_id"] if row["agent_id"] in serving else None
    return {"chief_agent_id": str(e.chief_agent_id), "agent_id": agent}


def matter(item: Item, package: Row) -> Row:
    """A matter's row; `package` is any row of its package (for its place)."""
    m = item.event.matter
    return {
        "id": str(m.matter_id),
        "position": item.position,
        "package_id": str(item.aggregate_id),
        "project_id": package["project_id"],
        "jurisdiction": package["jurisdiction"],
        "agent_id": str(m.agent_id),
        "permit_id": m.permit_id,
        "what": m.what,
        "for_whom": m.for_whom,
        "opened_on": iso(m.opened_on),
        "closed_on": None,
    }


def took_effect(event: Any) -> str:
    """The day the state an event leaves took effect: a step's own date (the
    department's receipt), the day it was recorded for what has none."""
    on = getattr(event, "on", None)
    return recorded_on(event) if on is None else iso(on)  # type: ignore[return-value]


def kept(row: Row) -> Row:
    return {c: row[c] for c in STATE_COLUMNS}


def state(row: Row, before: Row | None, event: Any) -> Row | None:
    """The permit's new state, if the event changed more than its version."""
    if before is not None and all(
        before[c] == row[c] for c in STATE_COLUMNS if c != "version"
    ):
        return None
    return {"id": row["id"], "effective_on": took_effect(event), **kept(row)}


class States:
    """A batch's new states of permits. A state takes effect no later than one
    that follows it (a step dated before the limit recorded ahead of it), so the
    states by version are states by day, and a read as of a day takes a prefix."""

    def __init__(self) -> None:
        self.pending: dict[str, list[Row]] = {}
        self.earliest: dict[str, str] = {}

    def add(self, new: Row) -> None:
        key, day = new["id"], new["effective_on"]
        for earlier in self.pending.setdefault(key, []):
            earlier["effective_on"] = min(earlier["effective_on"], day)
        self.pending[key].append(new)
        self.earliest[key] = min(self.earliest.get(key, day), day)

    def rows(self) -> list[Row]:
        return [state for states in self.pending.values() for state in states]

    def earlier(self) -> list[Row]:
        """What lowers the stored states' days: each permit's earliest new day."""
        return [{"id": k, "effective_on": d} for k, d in self.earliest.items()]
