"""The workload: a county, and inspections as a phone records them, as /sync sends
them and as the bare library saves the same aggregates."""

import dataclasses
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, cast
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.app import SiteLedger
from domain.commands.base import Command
from domain.commands.checklist import PublishChecklistVersion
from domain.commands.issue import RaiseIssue
from domain.commands.visit import (
    AnswerItem,
    AnswerItems,
    CheckIn,
    FinishVisit,
    GivenAnswer,
    PlanVisit,
    VisitChange,
)
from domain.model.checklist import ChecklistItem, ChecklistTemplate
from domain.model.issue import Category, Issue, Severity, Source
from domain.model.receipt import Receipt
from domain.model.visit import Answer, Kind, Visit
from domain.values import GeoFix, Meta
from tests.factories import BEIJING, a_county, meta

COUNTY = "610502"
DEVICE = "bench-phone"
SITE_GPS = GeoFix(34.36, 107.24, 8.0)
ITEMS = tuple(
    ChecklistItem(
        item_id=f"item-{n:02}",
        text=f"检查项{n}：安全防护、文明施工与形象进度",
        category="安全" if n < 5 else "进度",
        photo_required=n < 2,
    )
    for n in range(10)
)


@dataclass(frozen=True)
class Site:
    """A project to inspect, an officer who serves it, and its ten-item checklist."""

    project_id: UUID
    officer_id: UUID
    template_id: UUID
    template_version: int


@dataclass(frozen=True)
class Sent:
    """A command as a phone sends it: with its id, its device and its clock."""

    command: Command
    meta: Meta


def set_up(app: SiteLedger) -> Site:
    county = a_county(app, COUNTY)
    publish = PublishChecklistVersion(template_id=county.template_id, items=ITEMS)
    app.execute(publish, meta())
    template = app.load(ChecklistTemplate, county.template_id)
    return Site(
        county.project_id,
        county.officer_id,
        county.template_id,
        template.latest_version,
    )


def visits_in_progress(app: SiteLedger, site: Site, count: int) -> list[UUID]:
    """Visits planned and checked in, ready for notes."""
    ids = []
    for _ in range(count):
        plan, check_in = inspection(site)[:2]
        app.execute(plan, meta())
        app.execute(check_in, meta())
        ids.append(plan.target_id)
    return ids


def inspection(site: Site, *, problem: bool = False) -> list[Command]:
    """A completed inspection: plan, check in, ten answers (a problem), check out."""
    visit_id = uuid4()
    plan = PlanVisit(
        visit_id=visit_id,
        officer_ids=(site.officer_id,),
        kind=Kind.INSPECTION,
        planned_for=date(2026, 5, 12),
        project_id=site.project_id,
        template_id=site.template_id,
    )
    answers = [
        AnswerItem(
            visit_id=visit_id,
            item_id=item.item_id,
            answer=Answer.FAIL if n == 3 else Answer.PASS,
            note="脚手架连墙件缺失两处" if n == 3 else "",
            evidence_ids=(uuid4(),) if item.photo_required else (),
        )
        for n, item in enumerate(ITEMS)
    ]
    raised = RaiseIssue(
        issue_id=uuid4(),
        source=Source.VISIT,
        category=Category.CONSTRUCTION,
        severity=Severity.MEDIUM,
        description="企业反映临时用电增容审批进度慢，影响二期施工",
        visit_id=visit_id,
    )
    return [
        plan,
        CheckIn(visit_id=visit_id, gps=SITE_GPS),
        *answers,
        *([raised] if problem else []),
        FinishVisit(visit_id=visit_id, gps=SITE_GPS),
    ]


def answer_sheet(site: Site) -> list[Command]:
    """The same inspection as a phone that finished the checklist offline sends
    it: plan, check in, the ten answers in one command, check out."""
    plan, check_in, *answers, finish = inspection(site)
    when = datetime.now(UTC).astimezone(BEIJING)
    sheet = AnswerItems(
        visit_id=plan.target_id,
        answers=tuple(
            GivenAnswer(
                item_id=a.item_id,
                answer=a.answer,
                device_time=when,
                note=a.note,
                evidence_ids=a.evidence_ids,
            )
            for a in answers
            if isinstance(a, AnswerItem)
        ),
    )
    return [plan, check_in, sheet, finish]


def stream(site: Site) -> Iterator[Command]:
    """Inspections one after another; every other one raises a problem."""
    for n in itertools.count():
        yield from inspection(site, problem=n % 2 == 0)


def take(commands: Iterator[Command], size: int, actor_id: UUID) -> list[Sent]:
    return sent(itertools.islice(commands, size), actor_id)


def sent(commands: Iterable[Command], actor_id: UUID) -> list[Sent]:
    return [Sent(command, phone_meta(actor_id)) for command in commands]


def phone_meta(actor_id: UUID) -> Meta:
    return Meta(actor_id, uuid4(), DEVICE, datetime.now(UTC).astimezone(BEIJING))


# As /sync sends them -----------------------------------------------------------------


def sync_body(batch: Sequence[Sent]) -> bytes:
    commands = [
        {
            "command_id": str(sent.meta.command_id),
            "type": type(sent.command).__name__,
            "device_time": sent.meta.device_time.isoformat(),
            "args": plain(sent.command),
        }
        for sent in batch
    ]
    return json.dumps({"device_id": DEVICE, "commands": commands}).encode()


def plain(value: Any) -> Any:
    """A command or value as JSON values, the way a client writes them."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value


# As the bare library saves them ------------------------------------------------------


def bare_save(
    app: SiteLedger, site: Site, batch: Sequence[Sent], *, receipts: bool = False
) -> None:
    """The batch's aggregates, changed by the model's own methods and saved in one
    call: no lookups of the place, officers or checklist, no scope, no receipts
    unless asked for (then a row per command, as the service layer writes them)."""
    aggregates: dict[UUID, Aggregate] = {}

    def visit(visit_id: UUID) -> Visit:
        if visit_id not in aggregates:
            aggregates[visit_id] = app.repository.get(visit_id)
        return cast(Visit, aggregates[visit_id])

    rows: list[Receipt] = []
    for sent in batch:
        command, meta = sent.command, sent.meta
        if isinstance(command, PlanVisit):
            aggregates[command.visit_id] = planned(site, command, meta)
        elif isinstance(command, RaiseIssue):
            assert command.visit_id is not None  # every problem here is on a visit
            issue = raised(site, command, meta)
            visit(command.visit_id).record_problem(meta, issue.id)
            aggregates[issue.id] = issue
        elif isinstance(command, VisitChange):
            command.apply(visit(command.visit_id), meta)
        if receipts:
            rows.append(receipt_of(sent, aggregates[command.target_id]))
    app.save(*aggregates.values(), receipts=rows)


def receipt_of(sent: Sent, aggregate: Aggregate) -> Receipt:
    return Receipt(
        command_id=sent.meta.command_id,
        command=type(sent.command).__name__,
        fingerprint="0" * 64,  # a SHA-256 in hex, as long as the real one
        aggregate_id=aggregate.id,
        version=aggregate.version,
    )


def planned(site: Site, command: PlanVisit, meta: Meta) -> Visit:
    return Visit.plan(
        id=command.visit_id,
        meta=meta,
        jurisdiction=COUNTY,
        officer_ids=list(command.officer_ids),
        project_id=command.project_id,
        enterprise_id=None,
        kind=command.kind,
        planned_for=command.planned_for,
        template_id=command.template_id,
        template_version=site.template_version,
        items=list(ITEMS),
    )


def raised(site: Site, command: RaiseIssue, meta: Meta) -> Issue:
    return Issue.raise_(
        id=command.issue_id,
        meta=meta,
        jurisdiction=COUNTY,
        source=command.source,
        category=command.category,
        severity=command.severity,
        description=command.description,
        project_id=site.project_id,
        enterprise_id=None,
        visit_id=command.visit_id,
    )
