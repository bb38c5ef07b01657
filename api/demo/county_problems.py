"""A simulated county's problems: raised, moved along their loop step by step, and
flagged by the nightly sweep when a deadline passes unresolved."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from api.demo import data, problem_data
from domain.commands.base import Command
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    EscalateIssue,
    FlagOverdue,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    ReportIssueProgress,
    SendBackIssue,
    TransferIssue,
    WithdrawIssue,
)
from domain.model.issue import Category, Satisfaction, Severity, Source
from domain.values import SYSTEM_ACTOR

if TYPE_CHECKING:
    from api.demo.county import County
    from api.demo.county_places import Place

OPEN = frozenset({"raised", "assigned", "accepted", "proposed"})
HOTLINE_SHARE = 0.15  # working days with a hotline problem
DUPLICATE_SHARE = 0.25  # of hotline problems: one already open, raised again
# Days until each step (lowest, highest) after the step before it.
DELAYS = {
    "assign": (1, 2),
    "transfer": (1, 3),
    "accept": (1, 2),
    "progress": (2, 6),
    "escalate": (1, 5),
    "propose": (2, 14),
    "send_back": (1, 3),
    "close": (1, 3),
    "rate": (2, 7),
}
SLOW = (15, 45)  # some resolutions take this long
RATINGS = {
    Satisfaction.SATISFIED: 70,
    Satisfaction.BASICALLY_SATISFIED: 22,
    Satisfaction.UNSATISFIED: 8,
}


@dataclass
class Ticket:
    """A problem as the simulation drives it, and the state the domain holds."""

    id: UUID
    category: Category
    path: list[str]
    status: str = "raised"
    department: str = ""
    deadline: date | None = None
    flagged: date | None = None
    done: list[str] = field(default_factory=list)


class Problems:
    def __init__(self, county: "County") -> None:
        self.county = county
        self.tickets: list[Ticket] = []
        self.open: list[Ticket] = []  # open at the last sweep, or raised since

    def raised_on_visit(self, place: "Place", visit_id: UUID) -> None:
        self.raise_one(place, Source.VISIT, place.steward, visit_id)

    def hotline_today(self) -> None:
        c = self.county
        if c.rng.random() >= HOTLINE_SHARE:
            return
        places = c.places.projects + c.places.firms
        c.later(0, 14, lambda: self.hotline(c.rng.choice(places)))

    def hotline(self, place: "Place") -> None:
        original = self.raise_one(place, Source.HOTLINE, "supervisor")
        open_ones = [t for t in self.open[:-1] if t.status in OPEN]
        if open_ones and self.county.rng.random() < DUPLICATE_SHARE:
            duplicate = self.county.rng.choice(open_ones)
            self.county.send(
                "supervisor",
                WithdrawIssue(issue_id=original.id, duplicate_of=duplicate.id),
            )
            original.status = "withdrawn"

    def raise_one(
        self, place: "Place", source: Source, actor: str, visit_id: UUID | None = None
    ) -> Ticket:
        c = self.county
        category = c.rng.choice(list(Category))
        ticket = Ticket(c.new_id(), category, path(c.rng.random))
        c.send(
            actor,
            RaiseIssue(
                issue_id=ticket.id,
                source=source,
                category=category,
                severity=c.rng.choice(list(Severity)),
                description=c.rng.choice(problem_data.ISSUE_TEXTS[category]),
                project_id=place.id if place.owner_id else None,
                enterprise_id=None if place.owner_id else place.id,
                visit_id=visit_id,
            ),
        )
        self.tickets.append(ticket)
        self.open.append(ticket)
        self.next_step(ticket)
        return ticket

    def next_step(self, ticket: Ticket) -> None:
        """Schedules the ticket's next step, if any is left."""
        if len(ticket.done) == len(ticket.path) or ticket.status == "withdrawn":
            return
        c = self.county
        step = ticket.path[len(ticket.done)]
        low, high = (
            SLOW if step == "propose" and c.rng.random() < 0.25 else DELAYS[step]
        )
        c.later(
            c.rng.randint(low, high), c.rng.randint(9, 17), lambda: self.take(ticket)
        )

    def take(self, ticket: Ticket) -> None:
        if ticket.status == "withdrawn":
            return
        step = ticket.path[len(ticket.done)]
        actor, command = self.command(ticket, step)
        self.county.send(actor, command)
        ticket.done.append(step)
        self.next_step(ticket)

    def command(self, ticket: Ticket, step: str) -> tuple[str, Command]:
        c, issue_id = self.county, ticket.id
        if step in ("assign", "transfer"):
            keys = [k for k, _ in data.DEPARTMENTS if k != ticket.department]
            first = step == "assign"
            ticket.department = (
                data.HANDLER_OF[ticket.category] if first else c.rng.choice(keys)
            )
            ticket.deadline = c.today + timedelta(days=c.rng.randint(10, 30))
            ticket.status = "assigned"
            name = data.DEPARTMENT_NAMES[ticket.department]
            if first:
                return "supervisor", AssignIssue(
                    issue_id=issue_id, department=name, deadline=ticket.deadline
                )
            return "supervisor", TransferIssue(
                issue_id=issue_id,
                department=name,
                deadline=ticket.deadline,
                reason=problem_data.TRANSFER_REASON,
            )
        handler = f"handler-{ticket.department}"
        if step == "accept":
            ticket.status = "accepted"
            return handler, AcceptIssue(issue_id=issue_id)
        if step == "progress":
            return handler, ReportIssueProgress(
                issue_id=issue_id, note=c.rng.choice(problem_data.PROGRESS_NOTES)
            )
        if step == "escalate":
            to, reason = problem_data.ESCALATIONS[0]
            return "supervisor", EscalateIssue(issue_id=issue_id, to=to, reason=reason)
        return self.closing(ticket, step)

    def closing(self, ticket: Ticket, step: str) -> tuple[str, Command]:
        c, issue_id = self.county, ticket.id
        handler = f"handler-{ticket.department}"
        if step == "propose":
            ticket.status = "proposed"
            proposal = ProposeResolution(
                issue_id=issue_id, summary=c.rng.choice(problem_data.RESOLUTIONS)
            )
            c.new_id()  # a photo's id once cited here: the season's draws stay as were
            return handler, proposal
        if step == "send_back":
            ticket.status = "accepted"
            return "supervisor", SendBackIssue(
                issue_id=issue_id, reason=problem_data.SEND_BACK_REASON
            )
        if step == "close":
            ticket.status = "closed"
            return "supervisor", CloseOutIssue(
                issue_id=issue_id, note=problem_data.CLOSE_NOTE
            )
        rated = c.pick(RATINGS)
        return "leader", RateIssue(
            issue_id=issue_id,
            satisfaction=rated,
            comment=problem_data.RATE_COMMENTS[rated.value],
        )

    def sweep(self) -> None:
        """At night: a deadline-passed record for each open problem past its
        deadline that was not flagged for it yet, by the system."""
        today = self.county.today
        self.open = [t for t in self.open if t.status in OPEN]
        for ticket in self.open:
            due = ticket.deadline
            if due and due < today and ticket.flagged != due:
                ticket.flagged = due
                self.county.send(
                    SYSTEM_ACTOR, FlagOverdue(issue_id=ticket.id, today=today)
                )


def path(draw: Callable[[], float]) -> list[str]:
    """A problem's way through the loop: the usual steps, some detours."""
    steps = ["assign"]
    if draw() < 0.08:
        steps += ["transfer"]
    steps += ["accept", "progress"]
    if draw() < 0.1:
        steps += ["escalate"]
    steps += ["propose"]
    if draw() < 0.15:
        steps += ["send_back", "propose"]
    return [*steps, "close", "rate"]
