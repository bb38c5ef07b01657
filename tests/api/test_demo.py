"""The demo county: its scale, every state it promises, valid codes, seeded ids."""

import random
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.utils import get_topic

from api.demo import data, load_demo, plan_county
from api.demo.plan import credit_code
from domain.app import SiteLedger
from domain.credit_code import validate
from domain.model.approval import ApprovalPackage
from domain.model.checklist import ChecklistTemplate
from domain.model.enterprise import Enterprise
from domain.model.issue import Category, Issue, Satisfaction, Source, Status
from domain.model.officer import Officer, Role
from domain.model.project import Level, Project, Stage
from domain.model.visit import Kind, Visit
from domain.model.visit import Status as VisitStatus
from storage.eventstore import MEMORY, open_ledger

SEED = 2026


@pytest.fixture(scope="module")
def county() -> Iterator[SiteLedger]:
    """One demo county in memory, shared: loading it takes about a second."""
    with open_ledger(MEMORY) as ledger:
        load_demo(ledger, SEED)
        yield ledger


def ids(app: SiteLedger, created: type[DomainEvent]) -> list[UUID]:
    """The ids of every aggregate the store holds whose first event is `created`."""
    found = app.recorder.select_notifications(
        start=None, limit=1_000_000, topics=[get_topic(created)]
    )
    return [UUID(str(n.originator_id)) for n in found]


def ticketed(app: SiteLedger) -> list[Any]:
    """The problems from numbered 12345 tickets."""
    return [p for p in every(app, Issue, Issue.Raised) if p.ticket is not None]


def every(
    app: SiteLedger, kind: type[Aggregate], created: type[DomainEvent]
) -> list[Any]:
    return [app.load(kind, i) for i in ids(app, created)]


@pytest.mark.parametrize(
    ("created", "fewest", "most"),
    [
        (Officer.Registered, 25, 35),
        (Enterprise.Registered, 50, 70),
        (Project.Registered, 150, 190),
        (ChecklistTemplate.Created, 1, 3),
        (Visit.Planned, 180, 220),
        (Issue.Raised, 35, 45),
    ],
)
def test_the_county_has_the_promised_scale(
    county: SiteLedger, created: type[DomainEvent], fewest: int, most: int
) -> None:
    assert fewest <= len(ids(county, created)) <= most


def test_every_visit_kind_and_status_occurs(county: SiteLedger) -> None:
    visits = every(county, Visit, Visit.Planned)
    assert {v.kind for v in visits} == set(Kind)
    assert {v.status for v in visits} == set(VisitStatus)


def test_every_finished_visit_answered_every_item(county: SiteLedger) -> None:
    visits = every(county, Visit, Visit.Planned)
    finished = [v for v in visits if v.status is VisitStatus.FINISHED]
    assert any(v.items for v in finished)
    assert all(len(v.answers) == len(v.items) for v in finished)


def test_every_problem_status_category_source_and_rating_occurs(
    county: SiteLedger,
) -> None:
    problems = every(county, Issue, Issue.Raised)
    assert {p.status for p in problems} == set(Status)
    assert {p.category for p in problems} == set(Category)
    assert {p.source for p in problems} == set(Source)
    assert {p.satisfaction for p in problems} == {None, *Satisfaction}


def test_problems_were_transferred_escalated_and_sent_back(county: SiteLedger) -> None:
    problems = every(county, Issue, Issue.Raised)
    events = [type(e) for p in problems for e in county.history(p.id)]
    assert {Issue.Transferred, Issue.Escalated, Issue.SentBack} <= set(events)


def test_projects_reach_every_level_and_stage(county: SiteLedger) -> None:
    projects = every(county, Project, Project.Registered)
    assert {p.level for p in projects} == set(Level)
    assert {p.stage for p in projects} == set(Stage)
    assert any(p.investment for p in projects)


def test_every_role_has_a_user(county: SiteLedger) -> None:
    officers = every(county, Officer, Officer.Registered)
    assert {role for o in officers for role in o.roles} == set(Role)


def test_the_summary_accounts_for_every_event_stored(app: SiteLedger) -> None:
    lines = load_demo(app, SEED)
    stored = next(line for line in lines if "events stored" in line)
    figures = [int(n) for n in re.findall(r"\d+", stored)]
    assert figures[0] == sum(figures[1:]) == app.notification_count()
    log = app.recorder.select_notifications(start=None, limit=10**6)
    claims = [n for n in log if n.topic.startswith("domain.model.claim:")]
    # A claim for each enterprise's credit code, each officer's username, each
    # project's package, each 12345 ticket's number, each department's code and names.
    departments = [n for n in log if n.topic.startswith("domain.model.department:")]
    assert (
        figures[3]
        == len(claims)
        == len(ids(app, Enterprise.Registered))
        + len(ids(app, Officer.Registered))
        + len(ids(app, ApprovalPackage.Created))
        + len(ticketed(app))
        + sum(
            2 + len(data.ALIASES.get(name, ()))
            for _, name, _ in data.REGISTERED_DEPARTMENTS
        )
    )
    assert len(departments) == len(data.REGISTERED_DEPARTMENTS)


def test_every_enterprise_credit_code_validates(county: SiteLedger) -> None:
    for firm in every(county, Enterprise, Enterprise.Registered):
        assert validate(firm.credit_code) == firm.credit_code


@pytest.mark.parametrize("kind", ["91", "93"])
def test_generated_credit_codes_pass_both_checks_and_never_repeat(kind: str) -> None:
    rng, taken = random.Random(kind), set[str]()
    codes = [credit_code(rng, taken, kind) for _ in range(2000)]
    assert len(set(codes)) == 2000
    for code in codes:
        assert validate(code) == code
        assert code.startswith(f"{kind}610502")


def test_the_same_seed_gives_the_same_ids_in_another_store(app: SiteLedger) -> None:
    with open_ledger(MEMORY) as other:
        load_demo(app, SEED)
        load_demo(other, SEED)
        assert stored(app) == stored(other)


def stored(app: SiteLedger) -> list[tuple[UUID | str, int, str]]:
    found = app.recorder.select_notifications(start=None, limit=1_000_000)
    return [(n.originator_id, n.originator_version, n.topic) for n in found]


def test_another_seed_gives_other_ids() -> None:
    today = date(2026, 11, 22)
    first, second = plan_county(1, today), plan_county(2, today)
    assert set(first.officers.values()).isdisjoint(second.officers.values())


def test_every_project_has_a_node_plan_and_most_under_way_are_in_the_statistics(
    county: SiteLedger,
) -> None:
    projects = every(county, Project, Project.Registered)
    assert all("groundbreaking" in p.node_plan for p in projects)
    under_way = [p for p in projects if "groundbreaking" in p.milestones]
    entered = [p for p in under_way if p.statistics_on is not None]
    assert 0.6 <= len(entered) / len(under_way) < 1  # some still to enter: flagged


def test_the_pool_holds_projects_before_signing_and_some_withdrawn(
    county: SiteLedger,
) -> None:
    projects = every(county, Project, Project.Registered)
    moves = {
        p.id: [
            type(e).__name__ for e in county.history(p.id) if "Pool" in type(e).__name__
        ]
        for p in projects
    }
    waiting = [p for p in projects if p.pooled_on and "signed" not in p.milestones]
    landed = [p for p in projects if moves[p.id] and "signed" in p.milestones]
    assert waiting, "the pool shows projects not yet signed"
    assert len(landed) > len(projects) / 3  # most signed ones came through it
    assert any(names[-1:] == ["LeftPool"] for names in moves.values())
