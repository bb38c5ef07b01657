"""The demo county: a realistic county loaded through the service layer, from a seed."""

import sys
import time
from collections import Counter
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from tqdm import tqdm

from api.demo import data
from api.demo.approvals import approvals
from api.demo.meetings import meetings
from api.demo.plan import BEIJING, Plan, Planner
from api.demo.projects import projects
from api.demo.work import FieldWork
from domain.app import SiteLedger
from domain.errors import DomainError
from domain.model.issue import Issue
from domain.model.visit import Visit

E = TypeVar("E", bound=Enum)
LOGINS = {
    "officer": "officer01",
    "handler": "handler-land",
    "supervisor": "supervisor",
    "auditor": "auditor",
    "admin": "admin",
    "agent": "agent01",
    "callback": "callback-12345",
}


class DemoError(Exception):
    """The generator sent a command the domain refused: a bug in the generator."""


def plan_county(seed: int, today: date, *, departments: bool = True) -> Plan:
    """Every command of the county, in batches; the same seed gives the same ids.
    Its departments too, unless they were registered before."""
    planner = Planner(seed, today)
    planner.officers(departments_too=departments)
    planner.templates()
    planner.enterprises()
    projects(planner)
    approvals(planner)
    work = FieldWork(planner)
    work.visits()
    work.problems()
    meetings(planner)
    planner.plan.batches = [batch for batch in planner.plan.batches if batch]
    return planner.plan


def run(app: SiteLedger, plan: Plan) -> None:
    """Executes each batch in one transaction, with a progress bar on stderr."""
    total = sum(len(batch) for batch in plan.batches)
    with tqdm(total=total, desc="demo county", unit="cmd", file=sys.stderr) as bar:
        for batch in plan.batches:
            # Scoped to the county, not to each sender: township officers cannot see
            # the county's checklists and handlers in their own scope (yet).
            results = app.execute_batch(batch, scope=data.COUNTY)
            for submission, result in zip(batch, results, strict=True):
                if isinstance(result, DomainError):
                    name = submission.command.wire
                    raise DemoError(f"{name} refused: {result}") from result
            bar.update(len(batch))


def load_county(app: SiteLedger, seed: int, *, departments: bool = True) -> Plan:
    """Loads the county into the app and answers what was loaded."""
    today = datetime.now(BEIJING).date()  # the county's today
    plan = plan_county(seed, today, departments=departments)
    run(app, plan)
    return plan


def load_demo(app: SiteLedger, seed: int, *, departments: bool = True) -> list[str]:
    """Loads the county and answers a summary, one line at a time."""
    started = time.perf_counter()
    plan = load_county(app, seed, departments=departments)
    return summary(app, plan, seed, time.perf_counter() - started)


def summary(app: SiteLedger, plan: Plan, seed: int, seconds: float) -> list[str]:
    commands = sum(len(batch) for batch in plan.batches)
    events = app.notification_count()
    problems = [app.load(Issue, i) for i in plan.problems]
    # A credit code's, each officer's username, each project's one package, each
    # 12345 ticket's number, each department's code and names.
    tickets = sum(p.ticket is not None for p in problems)
    claims = len(plan.credit_codes) + len(plan.officers) + len(plan.packages) + tickets
    claims += plan.department_claims
    visits = Counter(app.load(Visit, i).status for i in plan.visits)
    ratings = Counter(p.satisfaction for p in problems if p.satisfaction)
    return [
        f"Loaded {data.COUNTY_NAME} ({data.COUNTY}), seed {seed}, in {seconds:.1f} s:",
        (
            f"  officers {len(plan.officers)}, enterprises {len(plan.firms)},"
            f" projects {len(plan.projects)}, checklist templates {len(plan.templates)},"
            f" visits {len(plan.visits)}, problems {len(plan.problems)}"
        ),
        (
            f"  events stored {events}: {events - commands - claims} domain events,"
            f" {commands} command receipts and {claims} claims of credit codes,"
            " usernames, projects' packages, hotline tickets and departments' codes"
            " and names"
        ),
        f"  visits by status: {tally(visits)}",
        f"  problems by status: {tally(Counter(p.status for p in problems))}",
        f"  problems rated: {tally(ratings)}",
        "Worth a look (siteledger history ID, siteledger show ID --version 2):",
        *(f"  {i}  {what}" for what, i in plan.notable.items()),
        "Users, one per role: " + ", ".join(f"{r} {u}" for r, u in LOGINS.items()),
    ]


def tally(counts: Counter[E]) -> str:
    return ", ".join(f"{key.value} {n}" for key, n in counts.most_common())
