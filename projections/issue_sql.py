"""The problem ledger's questions in SQL: what was open, due and overdue as of when."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from projections.dates import AsOf
from projections.sql import prefix_range

LEVELS = (2, 4, 6, 9, 12)  # digits of a province, city, county, township, grid
SATISFIED = "('satisfied', 'basically_satisfied')"


def then(column: str) -> str:
    """The deadline (or the department it was given to) in force at as_of: the
    current one if it was set by then, else the latest set by then (a transfer later
    changed it), else none."""
    return (
        f"(CASE WHEN r.due_set_at <= :as_of THEN r.{column} ELSE"
        f" (SELECT d.{column} FROM {{deadlines}} d WHERE d.issue_id = r.id"
        " AND d.set_at <= :as_of ORDER BY d.set_at DESC, d.version DESC LIMIT 1) END)"
    )


DUE_THEN, DEPARTMENT_THEN = then("due_on"), then("department")


def state_then(column: str) -> str:
    """The status (or escalation level) at as_of: the current one if it was reached
    by then, else the latest reached by then."""
    return (
        f"(CASE WHEN r.state_set_at <= :as_of THEN r.{column} ELSE"
        f" (SELECT s.{column} FROM {{states}} s WHERE s.issue_id = r.id"
        " AND s.set_at <= :as_of ORDER BY s.set_at DESC, s.version DESC LIMIT 1) END)"
    )


STATUS_THEN, LEVEL_THEN = state_then("status"), state_then("escalation_level")
# Open and closed by the close-out's instant; for a problem reopened after its
# callback, by the status then (closed between its close-out and the reopening, open
# again after), which costs a look in the states' history only for those.
OPEN_THEN = (
    "(r.raised_at <= :as_of AND CASE WHEN r.reopened_at IS NULL THEN"
    " (r.closed_at IS NULL OR r.closed_at > :as_of)"
    " AND (r.withdrawn_at IS NULL OR r.withdrawn_at > :as_of)"
    f" ELSE {STATUS_THEN} IN ('raised', 'assigned', 'accepted', 'resolution_proposed')"
    " END)"
)
CLOSED_THEN = (
    "(CASE WHEN r.reopened_at IS NULL THEN r.closed_at <= :as_of"
    f" ELSE {STATUS_THEN} = 'closed' END)"
)


def count(condition: str, name: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {name}"


FIGURES = ", ".join(
    (
        count("r.withdrawn_at IS NULL OR r.withdrawn_at > :as_of", "received"),
        count(CLOSED_THEN, "resolved"),
        count(f"{CLOSED_THEN} AND r.closed_on <= r.due_on", "resolved_on_time"),
        count(OPEN_THEN, "open"),
        count(f"{OPEN_THEN} AND {DUE_THEN} < :today", "overdue"),
        count(f"{OPEN_THEN} AND {DUE_THEN} < :long_ago", "overdue_long"),
        count(
            f"{OPEN_THEN} AND {DUE_THEN} >= :today AND {DUE_THEN} <= :soon",
            "due_soon",
        ),
        f"SUM(CASE WHEN {CLOSED_THEN} THEN r.seconds_to_close ELSE 0 END)"
        " AS seconds_to_close",
        count("r.rated_at <= :as_of", "rated"),
        count(f"r.rated_at <= :as_of AND r.satisfaction IN {SATISFIED}", "satisfied"),
    )
)
RESPONDED_THEN = "r.responded_at <= :as_of"
RANKING = ", ".join(
    (
        count(
            f"r.respond_by IS NOT NULL AND ({RESPONDED_THEN} OR r.respond_by < :today)",
            "response_due",
        ),
        count(
            f"{RESPONDED_THEN} AND r.responded_on <= r.respond_by", "responded_on_time"
        ),
        count("r.escalated_at <= :as_of", "escalated"),
    )
)
EXACT = ("category", "source", "project_id", "enterprise_id", "ticket_number")


@dataclass(frozen=True)
class Page:
    after: int | None = None  # the position the previous page ended at
    limit: int = 50


@dataclass(frozen=True)
class IssueFilters:
    """Which problems a list or summary covers, and as of when.

    `overdue_days` and `due_soon_days` set the horizons of the figures
    `overdue_long` (more than that many days past due) and `due_soon`."""

    as_of: AsOf
    department: str | None = None
    category: str | None = None
    status: str | None = None
    source: str | None = None
    project_id: str | None = None
    enterprise_id: str | None = None
    jurisdiction: str | None = None  # a subtree within the reader's
    month_from: str | None = None  # YYYY-MM, of the month received
    month_to: str | None = None
    overdue: bool | None = None
    escalated: bool | None = None  # 提级 at least once
    escalation_level: int | None = None
    ticket_number: str | None = None
    flagged: bool | None = None  # by a callback (回访), and not answered since
    reopened: bool | None = None  # after a callback, at least once
    now: bool = False  # a list's rows also give today's status (`status_now`)
    overdue_days: int = 7
    due_soon_days: int = 3

    def params(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in (*EXACT, "department")}
        values |= {"status": self.status}
        values |= {"month_from": self.month_from, "month_to": self.month_to}
        values |= {"escalation_level": self.escalation_level}
        values |= self.subtree()
        return {k: v for k, v in values.items() if v is not None} | {
            "as_of": self.as_of.stamp,
            "today": self.as_of.today.isoformat(),
            "long_ago": self.as_of.days_before(self.overdue_days),
            "soon": self.as_of.days_after(self.due_soon_days),
        }

    def terms(self) -> list[str]:
        terms = [f"r.{name} = :{name}" for name in EXACT if getattr(self, name)]
        if self.department:
            terms.append(f"{DEPARTMENT_THEN} = :department")
        if self.status:
            terms.append(f"{STATUS_THEN} = :status")
        if self.jurisdiction:
            terms.append("r.jurisdiction >= :sub_low AND r.jurisdiction < :sub_high")
        if self.month_from:
            terms.append("r.raised_month >= :month_from")
        if self.month_to:
            terms.append("r.raised_month <= :month_to")
        if self.escalated is not None:
            terms.append(f"{LEVEL_THEN} {'>' if self.escalated else '='} 0")
        if self.escalation_level is not None:
            terms.append(f"{LEVEL_THEN} = :escalation_level")
        terms += self.callback_terms()
        if self.overdue is not None:
            # No deadline in force is not overdue (NULL < today is NULL, not false).
            overdue = f"({OPEN_THEN} AND COALESCE({DUE_THEN} < :today, FALSE))"
            terms.append(overdue if self.overdue else f"NOT {overdue}")
        return terms

    def callback_terms(self) -> list[str]:
        """Flagged by a callback and not answered since, reopened after one."""
        flagged = (
            "(r.callback_flag IS NOT NULL"
            " AND COALESCE(r.callback_flagged_at <= :as_of, FALSE))"
        )
        reopened = "COALESCE(r.reopened_at <= :as_of, FALSE)"
        return [
            term if wanted else f"NOT {term}"
            for term, wanted in ((flagged, self.flagged), (reopened, self.reopened))
            if wanted is not None
        ]

    def subtree(self) -> dict[str, str]:
        bounds = prefix_range(self.jurisdiction or "")
        return {} if bounds is None else {"sub_low": bounds[0], "sub_high": bounds[1]}


def group_key(group_by: str, scope: str, jurisdiction: str | None) -> str:
    """The SQL of a summary's groups; jurisdictions one level below the reader's."""
    if group_by == "department":
        return f"COALESCE({DEPARTMENT_THEN}, '')"
    if group_by in ("category", "source"):
        return f"r.{group_by}"
    if group_by == "month":
        return "r.raised_month"
    if group_by == "escalation_level":
        return "CAST(r.escalation_level AS TEXT)"
    if group_by == "jurisdiction":
        base = len(jurisdiction or scope)
        digits = next((n for n in LEVELS if n > base), LEVELS[-1])
        return f"substr(r.jurisdiction, 1, {digits})"
    raise ValueError(f"no summary by {group_by!r}")


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row: counts, and the rates and mean they make."""
    counts = {k: int(v or 0) for k, v in row.items() if k != "grp"}
    resolved = counts["resolved"]
    seconds = counts.pop("seconds_to_close")
    return {
        "group": row["grp"],
        **counts,
        "on_time_rate": ratio(counts["resolved_on_time"], resolved),
        "mean_days_to_close": round(seconds / resolved / 86400, 2)
        if resolved
        else None,
        "satisfaction_rate": ratio(counts["satisfied"], counts["rated"]),
    }


# Instants a row records, each with what it dated or decided: blank as of a day
# before them.
LATER = {
    "assigned_at": (),
    "proposed_at": (),
    "closed_at": ("closed_on",),
    "withdrawn_at": (),
    "rated_at": ("satisfaction",),
    "flagged_at": ("flagged_due_on",),
    "responded_at": ("responded_on",),
    "escalated_at": (),
    "callback_flagged_at": ("callback_flag",),
    "reopened_at": (),
}


def as_it_stood(row: dict[str, Any], as_of: AsOf, now: bool) -> dict[str, Any]:
    """Every column as it stood at as_of; today's status too, where asked for."""
    status_now = row["status"]
    row["status"], row["escalation_level"] = (
        row.pop("status_then"),
        row.pop("level_then"),
    )
    for instant, dependents in LATER.items():
        if row[instant] is not None and row[instant] > as_of.stamp:
            row.update(dict.fromkeys((instant, *dependents)))
    if row["reopened_at"] is None:  # not reopened by then (counts after the first)
        row["reopens"] = 0
    return row | ({"status_now": status_now} if now else {})


def listed(row: dict[str, Any], as_of: AsOf, now: bool = False) -> dict[str, Any]:
    """A ledger row with what depends on as_of: open, overdue, days open and late."""
    row = as_it_stood(row, as_of, now)
    due_then = row.pop("due_then")
    is_open = bool(row.pop("open_then"))
    today = as_of.today
    overdue = is_open and due_then is not None and due_then < today.isoformat()
    if is_open:  # a close-out before a reopening is not the problem's end
        row |= {"closed_at": None, "closed_on": None}
    ended = None if is_open else row["closed_at"] or row["withdrawn_at"]
    end = ended or as_of.moment
    return {
        **row,
        "department": row["department_then"],
        "due_on": due_then,
        "due_then": due_then,
        "open": is_open,
        "overdue": overdue,
        "response_overdue": is_open and response_overdue(row, as_of),
        "days_overdue": (today - date.fromisoformat(due_then)).days if overdue else 0,
        "days_open": days(row["raised_at"], end),
    }


def response_overdue(row: dict[str, Any], as_of: AsOf) -> bool:
    """The first response's limit passed with no response by as_of."""
    due, responded = row["respond_by"], row["responded_at"]
    if due is None or due >= as_of.today.isoformat():
        return False
    return responded is None or responded > as_of.stamp


def days(start: str, end: datetime | str) -> int:
    """Whole days from a stored instant to another instant (stored or not)."""
    finish = datetime.fromisoformat(end) if isinstance(end, str) else end
    return max(0, (finish - datetime.fromisoformat(start)).days)
