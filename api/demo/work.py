"""The demo county's field work: visits of every kind and state, problems in loop."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from api.demo import data, intake, problem_data
from api.demo.plan import Place, Planner
from domain.commands.base import Command
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    EscalateIssue,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    ReportIssueProgress,
    SendBackIssue,
    TransferIssue,
    WithdrawIssue,
)
from domain.commands.visit import (
    AddVisitNote,
    AnswerItem,
    CancelVisit,
    CheckIn,
    ConfirmVisit,
    FinishVisit,
    PlanVisit,
)
from domain.model.checklist import ChecklistItem
from domain.model.issue import Category, Satisfaction, Severity, Source
from domain.model.project import Stage
from domain.model.visit import Answer, Kind
from domain.model.visit import Status as VisitStatus

ANSWER_WEIGHTS = (80, 12, 8)  # pass, fail, not applicable
SEVERITY_WEIGHTS = (3, 5, 3, 1)  # low, medium, high, critical
NOTE_SHARE = 0.6
SITE_INSPECTION_SHARE = 0.7  # the rest inspect enterprises
INSPECTION_WITH_PROBLEM = "an inspection that raised a problem"


@dataclass
class Ticket:
    """A problem as the generator drives it: where it is and which department has it."""

    id: UUID
    place: Place
    category: Category
    description: str
    department: str
    escalations: int = 0


class FieldWork:
    """Visits and problems, drawn by the planner after people and places exist."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.rng = planner.rng
        self.tickets: list[Ticket] = []
        self.categories = list(Category) * 4  # every category occurs
        self.rng.shuffle(self.categories)
        # In the order of data.CHECKLISTS: building sites first, then enterprises.
        self.site_template, self.firm_template = planner.plan.templates

    # Visits -------------------------------------------------------------------------

    def visits(self) -> None:
        """About 200 visits; some raise a problem while the officers are on site."""
        statuses = self.planner.shuffled(data.VISIT_STATUSES)
        on_site = [i for i, s in enumerate(statuses) if s in ON_SITE]
        raising = set(self.rng.sample(on_site, data.PROBLEMS_ON_VISITS))
        kinds, weights = list(data.VISIT_KINDS), list(data.VISIT_KINDS.values())
        for i, status in enumerate(statuses):
            kind = self.rng.choices(kinds, weights)[0]
            self.visit(kind, status, raising=i in raising)

    def party(self, kind: Kind) -> tuple[Place, list[str], UUID | None]:
        """Where a visit of this kind goes, who goes, and with which checklist."""
        plan = self.planner.plan
        if kind is Kind.INSPECTION and self.rng.random() < SITE_INSPECTION_SHARE:
            building = [p for p in plan.projects if p.stage is Stage.UNDER_CONSTRUCTION]
            place = self.rng.choice(building)
            return place, [place.steward], self.site_template
        if kind is Kind.INSPECTION:
            place = self.rng.choice(plan.firms)
            return place, [place.steward], self.firm_template
        if kind is Kind.SUPERVISION:
            place = self.rng.choice([p for p in plan.projects if p.leader])
            return place, [str(place.leader), place.steward], None
        place = self.rng.choice(plan.projects + plan.firms)
        if kind is Kind.FOLLOW_UP:
            handler = f"handler-{self.rng.choice(list(data.DEPARTMENT_NAMES))}"
            return place, [place.steward, handler], None
        return place, [place.steward], None

    def visit(self, kind: Kind, status: VisitStatus, *, raising: bool) -> None:
        place, team, template = self.party(kind)
        visit_id, lead = self.planner.new_id(), team[0]
        plan_it = PlanVisit(
            visit_id=visit_id,
            officer_ids=tuple(self.planner.plan.officers[o] for o in team),
            kind=kind,
            planned_for=self.planner.days(*data.PLANNED_FOR[status]),
            project_id=place.id if place.is_project else None,
            enterprise_id=None if place.is_project else place.id,
            template_id=template,
        )
        self.planner.send(lead, plan_it)
        if status is VisitStatus.CANCELLED:
            reason = self.rng.choice(data.CANCEL_REASONS)
            self.planner.send(lead, CancelVisit(visit_id=visit_id, reason=reason))
        elif status is not VisitStatus.PLANNED:
            items = self.planner.plan.templates[template] if template else ()
            finished = status is VisitStatus.FINISHED
            self.on_site(
                visit_id, lead, place, items, finished=finished, raising=raising
            )
            if finished and raising and template:
                self.planner.plan.notable[INSPECTION_WITH_PROBLEM] = visit_id
        self.planner.plan.visits.append(visit_id)
        self.planner.cut()

    def on_site(
        self,
        visit_id: UUID,
        lead: str,
        place: Place,
        items: tuple[ChecklistItem, ...],
        *,
        finished: bool,
        raising: bool,
    ) -> None:
        """Check-in, the checklist (half of it if still on site), notes, check-out."""
        send = self.planner.send
        send(lead, CheckIn(visit_id=visit_id, gps=self.planner.fix(place.gps)))
        for item in items if finished else items[: len(items) // 2]:
            send(lead, self.answer(visit_id, item))
        if self.rng.random() < NOTE_SHARE:
            note = self.rng.choice(data.VISIT_NOTES)
            send(lead, AddVisitNote(visit_id=visit_id, text=note))
        if raising:
            self.raise_problem(lead, place, Source.VISIT, visit_id)
        if finished:
            signature = self.planner.new_id()
            confirm = ConfirmVisit(
                visit_id=visit_id,
                representative=place.contact,
                signature_evidence_id=signature,
            )
            finish = FinishVisit(visit_id=visit_id, gps=self.planner.fix(place.gps))
            send(lead, confirm, finish)

    def answer(self, visit_id: UUID, item: ChecklistItem) -> AnswerItem:
        """Mostly a pass; a photo for every judged photo-required item."""
        answer = self.rng.choices(list(Answer), ANSWER_WEIGHTS)[0]
        photos = item.photo_required and answer is not Answer.NOT_APPLICABLE
        count = self.rng.randint(1, 3) if photos else 0
        return AnswerItem(
            visit_id=visit_id,
            item_id=item.item_id,
            answer=answer,
            note=self.rng.choice(data.FAIL_NOTES) if answer is Answer.FAIL else "",
            evidence_ids=tuple(self.planner.new_id() for _ in range(count)),
        )

    # Problems -----------------------------------------------------------------------

    def raise_problem(
        self,
        actor: str,
        place: Place,
        source: Source,
        visit_id: UUID | None = None,
        like: Ticket | None = None,
    ) -> Ticket:
        """Raises a new problem, or (`like`) a hotline duplicate of an earlier one."""
        category = like.category if like else self.categories.pop()
        text = self.rng.choice(problem_data.ISSUE_TEXTS[category])
        description = f"12345热线转办：{like.description}" if like else text
        department = data.HANDLER_OF[category]
        ticket = Ticket(self.planner.new_id(), place, category, description, department)
        raise_it = RaiseIssue(
            issue_id=ticket.id,
            source=source,
            category=category,
            severity=self.rng.choices(list(Severity), SEVERITY_WEIGHTS)[0],
            description=description,
            visit_id=visit_id,
            **intake.about(source, place, len(self.tickets)),
        )
        self.planner.send(actor, raise_it)
        self.planner.plan.problems.append(ticket.id)
        self.tickets.append(ticket)
        return ticket

    def problems(self) -> None:
        """The problems raised off site, every problem's way through the loop, and
        duplicates withdrawn."""
        plan = self.planner.plan
        for source in self.planner.shuffled(problem_data.OTHER_SOURCES):
            place = self.rng.choice(plan.projects + plan.firms)
            leader = place.leader or self.rng.choice(data.LEADERS)
            raiser = {Source.HOTLINE: "supervisor", Source.MEETING: leader}
            self.raise_problem(raiser.get(source, place.steward), place, source)
        self.planner.cut()
        paths = self.planner.shuffled(dict(problem_data.ISSUE_PATHS))
        for ticket, steps in zip(self.tickets, paths, strict=True):
            self.loop(ticket, steps)
        longest = max(zip(self.tickets, paths, strict=True), key=lambda t: len(t[1]))
        plan.notable["a problem sent back, closed and rated"] = longest[0].id
        for original in self.rng.sample(self.tickets, problem_data.DUPLICATES):
            copy = self.raise_problem(
                "supervisor", original.place, Source.HOTLINE, like=original
            )
            withdraw = WithdrawIssue(issue_id=copy.id, duplicate_of=original.id)
            self.planner.send("supervisor", withdraw)
            self.planner.cut()

    def loop(self, ticket: Ticket, steps: tuple[str, ...]) -> None:
        """Drives a problem along its path, each step by whoever takes it."""
        for step in steps:
            if step == "transfer":
                others = [d for d in data.DEPARTMENT_NAMES if d != ticket.department]
                ticket.department = self.rng.choice(others)
            if step in problem_data.SUPERVISOR_STEPS:
                actor = "supervisor"
            elif step.startswith("rate:"):  # the 12345 centre's callback (回访)
                actor = "callback-12345"
            else:
                actor = f"handler-{ticket.department}"
            self.planner.send(actor, self.step(ticket, step))
        self.planner.cut()

    def step(self, ticket: Ticket, step: str) -> Command:
        if step.startswith("rate:"):
            rated = step.removeprefix("rate:")
            return RateIssue(
                issue_id=ticket.id,
                satisfaction=Satisfaction(rated),
                comment=problem_data.RATE_COMMENTS[rated],
            )
        if step in problem_data.SUPERVISOR_STEPS:
            return self.supervising(ticket, step)
        return self.handling(ticket, step)

    def supervising(self, ticket: Ticket, step: str) -> Command:
        issue_id, department = ticket.id, data.DEPARTMENT_NAMES[ticket.department]
        if step == "assign":
            return AssignIssue(
                issue_id=issue_id, department=department, deadline=self.deadline()
            )
        if step == "transfer":
            return TransferIssue(
                issue_id=issue_id,
                department=department,
                deadline=self.deadline(),
                reason=problem_data.TRANSFER_REASON,
            )
        if step == "escalate":
            to, reason = problem_data.ESCALATIONS[ticket.escalations]
            ticket.escalations += 1
            return EscalateIssue(issue_id=issue_id, to=to, reason=reason)
        if step == "send_back":
            return SendBackIssue(
                issue_id=issue_id, reason=problem_data.SEND_BACK_REASON
            )
        return CloseOutIssue(issue_id=issue_id, note=problem_data.CLOSE_NOTE)

    def handling(self, ticket: Ticket, step: str) -> Command:
        if step == "accept":
            return AcceptIssue(issue_id=ticket.id)
        if step == "progress":
            note = self.rng.choice(problem_data.PROGRESS_NOTES)
            return ReportIssueProgress(issue_id=ticket.id, note=note)
        return ProposeResolution(
            issue_id=ticket.id,
            summary=self.rng.choice(problem_data.RESOLUTIONS),
        )

    def deadline(self) -> date:
        """限时办结: never before the assignment (today); many fall due today."""
        return max(self.planner.today, self.planner.days(-25, 20))


ON_SITE = frozenset({VisitStatus.FINISHED, VisitStatus.IN_PROGRESS})
