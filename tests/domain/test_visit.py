"""Visits: the on-site rules on the aggregate alone, then through the service."""

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.app import SiteLedger, Submission
from domain.commands.base import Command
from domain.commands.checklist import PublishChecklistVersion, RetireChecklistTemplate
from domain.commands.issue import RaiseIssue
from domain.commands.officer import DeactivateOfficer
from domain.commands.visit import (
    AddVisitNote,
    AnswerItem,
    CancelVisit,
    CheckIn,
    ConfirmVisit,
    FinishVisit,
    PlanVisit,
)
from domain.errors import AlreadyExists, DomainError, InvalidValue, NotFound, RuleBroken
from domain.model.checklist import ChecklistItem
from domain.model.issue import Category, Severity, Source
from domain.model.visit import Answer, ItemAnswer, Kind, Status, Visit
from domain.values import GeoFix
from tests.factories import ITEMS as FACTORY_ITEMS
from tests.factories import County, a_county, a_visit_in_progress, meta

ITEMS = [
    *FACTORY_ITEMS,
    ChecklistItem("permits", "施工许可证公示", "手续", photo_required=False),
]
SITE = GeoFix(34.36, 107.24, 8.0)
PHOTO = uuid4()


def planned_visit(**overrides: object) -> Visit:
    facts: dict[str, object] = {
        "jurisdiction": "610502",
        "officer_ids": [uuid4(), uuid4()],
        "project_id": uuid4(),
        "enterprise_id": None,
        "kind": Kind.INSPECTION,
        "planned_for": date(2026, 5, 12),
        "template_id": uuid4(),
        "template_version": 2,
        "items": list(ITEMS),
    }
    return Visit.plan(id=uuid4(), meta=meta(), **(facts | overrides))


def visit_in_progress() -> Visit:
    visit = planned_visit()
    visit.check_in(meta(), SITE)
    return visit


def answered_visit() -> Visit:
    visit = visit_in_progress()
    visit.answer(meta(), "safety", Answer.PASS, "", [PHOTO])
    visit.answer(meta(), "progress", Answer.FAIL, "主体结构滞后两周", [])
    visit.answer(meta(), "permits", Answer.NOT_APPLICABLE, "", [])
    return visit


def confirmed_visit() -> Visit:
    visit = answered_visit()
    visit.confirm(meta(), "李建国", PHOTO)
    return visit


def finished_visit() -> Visit:
    visit = answered_visit()
    visit.finish(meta(), SITE)
    return visit


def cancelled_visit() -> Visit:
    visit = planned_visit()
    visit.cancel(meta(), "企业停产检修")
    return visit


# Planning -------------------------------------------------------------------------


def test_a_planned_visit_waits_for_check_in() -> None:
    visit = planned_visit()
    assert visit.status is Status.PLANNED
    assert (visit.answers, visit.notes, visit.issue_ids) == ({}, [], [])
    assert visit.items == ITEMS


@pytest.mark.parametrize(
    "place",
    [
        {"project_id": None, "enterprise_id": None},
        {"project_id": uuid4(), "enterprise_id": uuid4()},
    ],
)
def test_a_visit_goes_to_one_project_or_one_enterprise(
    place: dict[str, object],
) -> None:
    with pytest.raises(InvalidValue, match="project or an enterprise"):
        planned_visit(**place)


def test_an_enterprise_can_be_visited_without_a_checklist() -> None:
    visit = planned_visit(
        project_id=None,
        enterprise_id=uuid4(),
        kind=Kind.SERVICE,
        template_id=None,
        template_version=None,
        items=[],
    )
    visit.check_in(meta(), SITE)
    visit.finish(meta(), None)
    assert visit.status is Status.FINISHED


TWICE = uuid4()
BAD_PLANS: list[tuple[str, dict[str, object]]] = [
    ("officer_ids", {"officer_ids": []}),
    ("officer_ids", {"officer_ids": [TWICE, TWICE]}),
    ("officer_ids", {"officer_ids": [uuid4() for _ in range(51)]}),
    ("jurisdiction", {"jurisdiction": "陕西"}),
    ("kind", {"kind": "inspection"}),
    ("planned_for", {"planned_for": date(1999, 12, 31)}),
    ("template_id", {"template_version": None}),
    ("template_id", {"items": []}),
    ("template_id", {"template_id": None}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_PLANS)
def test_a_malformed_plan_is_refused(field: str, overrides: dict[str, object]) -> None:
    with pytest.raises(InvalidValue) as refused:
        planned_visit(**overrides)
    assert refused.value.field == field


# On site -------------------------------------------------------------------------


def test_checking_in_starts_the_visit_where_the_phone_was() -> None:
    visit = visit_in_progress()
    assert (visit.status, visit.checked_in_gps) == (Status.IN_PROGRESS, SITE)


@pytest.mark.parametrize(
    "gps",
    [
        GeoFix(91, 107, 5),
        GeoFix(34, -181, 5),
        GeoFix(34, 107, -1),
        GeoFix(float("nan"), 0, 5),
    ],
)
def test_a_check_in_needs_a_plausible_fix(gps: GeoFix) -> None:
    with pytest.raises(InvalidValue):
        planned_visit().check_in(meta(), gps)


def test_answering_an_item_again_replaces_the_earlier_answer() -> None:
    visit = answered_visit()
    visit.answer(meta(), "progress", Answer.PASS, "已追上进度", [])
    assert visit.answers["progress"] == ItemAnswer(Answer.PASS, "已追上进度", [])
    assert len(visit.answers) == 3


def test_an_item_not_on_the_visits_checklist_cannot_be_answered() -> None:
    with pytest.raises(InvalidValue) as refused:
        visit_in_progress().answer(meta(), "fire", Answer.PASS, "", [])
    assert refused.value.field == "item_id"


@pytest.mark.parametrize("answer", [Answer.PASS, Answer.FAIL])
def test_judging_a_photo_required_item_needs_a_photo(answer: Answer) -> None:
    visit = visit_in_progress()
    with pytest.raises(InvalidValue, match="needs a photo"):
        visit.answer(meta(), "safety", answer, "", [])
    visit.answer(meta(), "safety", answer, "", [PHOTO])
    assert visit.answers["safety"].evidence_ids == [PHOTO]


def test_a_photo_required_item_may_be_not_applicable_without_one() -> None:
    visit = visit_in_progress()
    visit.answer(meta(), "safety", Answer.NOT_APPLICABLE, "未进入高处作业阶段", [])
    assert visit.answers["safety"].answer is Answer.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("field", "note", "evidence_ids"),
    [
        ("note", "a\x00b", []),
        ("note", "x" * 2001, []),
        ("evidence_ids", "", [PHOTO, PHOTO]),
        ("evidence_ids", "", [uuid4() for _ in range(21)]),
    ],
)
def test_a_malformed_answer_is_refused(
    field: str, note: str, evidence_ids: list[UUID]
) -> None:
    with pytest.raises(InvalidValue) as refused:
        visit_in_progress().answer(meta(), "progress", Answer.PASS, note, evidence_ids)
    assert refused.value.field == field


def test_notes_and_problems_accumulate_in_order() -> None:
    visit = visit_in_progress()
    first, second = uuid4(), uuid4()
    visit.add_note(meta(), "企业反映用电容量不足")
    visit.record_problem(meta(), first)
    visit.add_note(meta(), "约定下周复查")
    visit.record_problem(meta(), second)
    assert visit.notes == ["企业反映用电容量不足", "约定下周复查"]
    assert visit.issue_ids == [first, second]


def test_a_problem_is_recorded_on_a_visit_once() -> None:
    visit, issue_id = visit_in_progress(), uuid4()
    visit.record_problem(meta(), issue_id)
    with pytest.raises(RuleBroken, match="on this visit already"):
        visit.record_problem(meta(), issue_id)
    assert visit.issue_ids == [issue_id]


def test_the_representative_confirms_once_and_then_answers_are_fixed() -> None:
    visit = confirmed_visit()
    assert (visit.representative, visit.signature_evidence_id) == ("李建国", PHOTO)
    with pytest.raises(RuleBroken, match="confirmed the visit already"):
        visit.confirm(meta(), "张伟", None)
    with pytest.raises(RuleBroken, match="confirmed the answers"):
        visit.answer(meta(), "permits", Answer.PASS, "", [])
    visit.add_note(meta(), "确认后补充说明")
    assert visit.notes == ["确认后补充说明"]


# Ending --------------------------------------------------------------------------


def test_finishing_needs_every_item_answered() -> None:
    visit = visit_in_progress()
    visit.answer(meta(), "progress", Answer.PASS, "", [])
    with pytest.raises(RuleBroken, match=r"not answered yet: safety, permits$"):
        visit.finish(meta(), SITE)
    assert visit.status is Status.IN_PROGRESS


def test_a_long_list_of_missing_items_is_cut_short() -> None:
    items = [ChecklistItem(f"i{n}", "检查项", "安全", False) for n in range(25)]
    visit = planned_visit(items=items)
    visit.check_in(meta(), SITE)
    with pytest.raises(RuleBroken, match=r"i0, .*, i9 and 15 more$"):
        visit.finish(meta(), None)


@pytest.mark.parametrize("gps", [SITE, None])
def test_finishing_checks_out_with_or_without_a_fix(gps: GeoFix | None) -> None:
    visit = answered_visit()
    visit.finish(meta(), gps)
    assert (visit.status, visit.finished_gps) == (Status.FINISHED, gps)


@pytest.mark.parametrize("state", [planned_visit, visit_in_progress])
def test_an_open_visit_can_be_cancelled_with_a_reason(
    state: Callable[[], Visit],
) -> None:
    visit = state()
    with pytest.raises(InvalidValue, match="reason"):
        visit.cancel(meta(), "")
    visit.cancel(meta(), "企业负责人不在")
    assert (visit.status, visit.cancel_reason) == (Status.CANCELLED, "企业负责人不在")


def record_problem(visit: Visit) -> None:
    visit.require_in_progress()
    visit.record_problem(meta(), uuid4())


ACTIONS: dict[str, Callable[[Visit], None]] = {
    "answer": lambda v: v.answer(meta(), "progress", Answer.PASS, "", []),
    "note": lambda v: v.add_note(meta(), "补充说明"),
    "problem": record_problem,
    "confirm": lambda v: v.confirm(meta(), "李建国", None),
    "finish": lambda v: v.finish(meta(), None),
}
STATES: dict[str, Callable[[], Visit]] = {
    "planned": planned_visit,
    "in progress": visit_in_progress,
    "finished": finished_visit,
    "cancelled": cancelled_visit,
}
ILLEGAL = [
    *(
        (state, name)
        for state in ("planned", "finished", "cancelled")
        for name in ACTIONS
    ),
    *((state, "check in") for state in ("in progress", "finished", "cancelled")),
    *((state, "cancel") for state in ("finished", "cancelled")),
]
ACTIONS |= {
    "check in": lambda v: v.check_in(meta(), SITE),
    "cancel": lambda v: v.cancel(meta(), "取消"),
}


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_an_illegal_step_is_refused_and_changes_nothing(
    state: str, action: str
) -> None:
    visit = STATES[state]()
    before = copy.deepcopy(vars(visit))
    with pytest.raises(RuleBroken):
        ACTIONS[action](visit)
    assert vars(visit) == before


# Through the service --------------------------------------------------------------

SIGNED = uuid4()


def plan(county: County, **overrides: object) -> PlanVisit:
    fields: dict[str, object] = {
        "visit_id": uuid4(),
        "officer_ids": (county.officer_id,),
        "kind": Kind.INSPECTION,
        "planned_for": date(2026, 5, 12),
        "project_id": county.project_id,
        "template_id": county.template_id,
    }
    return PlanVisit(**(fields | overrides))  # type: ignore[arg-type]


def test_a_planned_visit_copies_its_places_jurisdiction_and_checklist(
    app: SiteLedger,
) -> None:
    county = a_county(app, "610502003")
    command = plan(county)
    app.execute(command, meta())
    visit = app.load(Visit, command.visit_id)
    assert (visit.jurisdiction, visit.officer_ids) == ("610502003", [county.officer_id])
    assert (visit.template_id, visit.template_version) == (county.template_id, 1)
    assert visit.items == list(FACTORY_ITEMS)


def test_a_visit_keeps_the_checklist_version_it_was_planned_with(
    app: SiteLedger,
) -> None:
    county = a_county(app)
    newer = tuple(ITEMS)
    app.execute(
        PublishChecklistVersion(template_id=county.template_id, items=newer), meta()
    )
    older, latest = plan(county, template_version=1), plan(county)
    for command in (older, latest):
        app.execute(command, meta())
    visit = app.load(Visit, older.visit_id)
    assert (visit.template_version, visit.items) == (1, list(FACTORY_ITEMS))
    visit = app.load(Visit, latest.visit_id)
    assert (visit.template_version, visit.items) == (2, list(newer))


def test_an_enterprise_visit_needs_no_checklist(app: SiteLedger) -> None:
    county = a_county(app, "610502")
    command = plan(
        county,
        kind=Kind.SERVICE,
        project_id=None,
        enterprise_id=county.enterprise_id,
        template_id=None,
    )
    app.execute(command, meta())
    visit = app.load(Visit, command.visit_id)
    assert (visit.enterprise_id, visit.jurisdiction) == (county.enterprise_id, "610502")
    assert (visit.template_id, visit.template_version, visit.items) == (None, None, [])


def test_a_whole_inspection_is_stored_as_it_happened(app: SiteLedger) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    for command in (
        AnswerItem(
            visit_id=visit_id,
            item_id="safety",
            answer=Answer.PASS,
            evidence_ids=(PHOTO,),
        ),
        AnswerItem(
            visit_id=visit_id, item_id="progress", answer=Answer.FAIL, note="滞后两周"
        ),
        AddVisitNote(visit_id=visit_id, text="企业反映用电容量不足"),
        ConfirmVisit(
            visit_id=visit_id, representative="李建国", signature_evidence_id=SIGNED
        ),
        FinishVisit(visit_id=visit_id, gps=SITE),
    ):
        app.execute(command, meta())
    visit = app.load(Visit, visit_id)
    assert (visit.status, visit.finished_gps) == (Status.FINISHED, SITE)
    assert visit.answers == {
        "safety": ItemAnswer(Answer.PASS, "", [PHOTO]),
        "progress": ItemAnswer(Answer.FAIL, "滞后两周", []),
    }
    assert (visit.notes, visit.representative, visit.signature_evidence_id) == (
        ["企业反映用电容量不足"],
        "李建国",
        SIGNED,
    )
    assert [type(e).__qualname__ for e in app.history(visit_id)][-5:] == [
        "Visit.ItemAnswered",
        "Visit.ItemAnswered",
        "Visit.NoteAdded",
        "Visit.Confirmed",
        "Visit.Finished",
    ]


def test_an_offline_batch_applies_the_good_answers_and_refuses_the_bad(
    app: SiteLedger,
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    results = app.execute_batch(
        [
            Submission(command, meta())
            for command in (
                AnswerItem(visit_id=visit_id, item_id="progress", answer=Answer.PASS),
                AnswerItem(visit_id=visit_id, item_id="safety", answer=Answer.FAIL),
                FinishVisit(visit_id=visit_id),
                AnswerItem(
                    visit_id=visit_id,
                    item_id="safety",
                    answer=Answer.FAIL,
                    evidence_ids=(PHOTO,),
                ),
                FinishVisit(visit_id=visit_id),
            )
        ]
    )
    assert [type(r).__name__ for r in results] == [
        "Outcome",
        "InvalidValue",
        "RuleBroken",
        "Outcome",
        "Outcome",
    ]
    visit = app.load(Visit, visit_id)
    assert (visit.status, visit.version) == (Status.FINISHED, 5)


Refusal = tuple[type[DomainError], str, Callable[[County, County], PlanVisit]]
PLAN_REFUSALS: list[Refusal] = [
    (NotFound, "Project", lambda c, _: plan(c, project_id=uuid4())),
    (NotFound, "Project", lambda c, _: plan(c, project_id=c.enterprise_id)),
    (NotFound, "Officer", lambda c, _: plan(c, officer_ids=(c.officer_id, uuid4()))),
    (NotFound, "ChecklistTemplate", lambda c, _: plan(c, template_id=uuid4())),
    (InvalidValue, "project_id", lambda c, _: plan(c, enterprise_id=c.enterprise_id)),
    (InvalidValue, "officer_ids", lambda c, _: plan(c, officer_ids=())),
    (
        InvalidValue,
        "officer_ids",
        lambda c, _: plan(c, officer_ids=(c.officer_id, c.officer_id)),
    ),
    (InvalidValue, "no version 2", lambda c, _: plan(c, template_version=2)),
    (
        InvalidValue,
        "template_version",
        lambda c, _: plan(c, template_id=None, template_version=1),
    ),
    (RuleBroken, "does not serve", lambda c, o: plan(c, officer_ids=(o.officer_id,))),
    (RuleBroken, "is not for", lambda c, o: plan(c, template_id=o.template_id)),
]


@pytest.mark.parametrize(("error", "reason", "command"), PLAN_REFUSALS)
def test_a_refused_plan_appends_nothing(
    app: SiteLedger,
    error: type[DomainError],
    reason: str,
    command: Callable[[County, County], PlanVisit],
) -> None:
    county, elsewhere = a_county(app, "610502"), a_county(app, "610503")
    count = app.notification_count()
    with pytest.raises(error, match=reason):
        app.execute(command(county, elsewhere), meta())
    assert app.notification_count() == count


def test_a_retired_checklist_is_not_used_for_new_visits(app: SiteLedger) -> None:
    county = a_county(app)
    app.execute(
        RetireChecklistTemplate(template_id=county.template_id, reason="停用"), meta()
    )
    count = app.notification_count()
    with pytest.raises(RuleBroken, match="retired"):
        app.execute(plan(county), meta())
    assert app.notification_count() == count


def test_a_deactivated_officer_is_not_sent_on_new_visits(app: SiteLedger) -> None:
    county = a_county(app)
    app.execute(DeactivateOfficer(officer_id=county.officer_id, reason="调离"), meta())
    count = app.notification_count()
    with pytest.raises(RuleBroken, match="not active"):
        app.execute(plan(county), meta())
    assert app.notification_count() == count


def test_a_visit_id_is_planned_once(app: SiteLedger) -> None:
    command = plan(a_county(app))
    app.execute(command, meta())
    count = app.notification_count()
    with pytest.raises(AlreadyExists):
        app.execute(replace(command, kind=Kind.SERVICE), meta())
    assert app.notification_count() == count


CHANGE_REFUSALS: list[tuple[type[DomainError], Callable[[UUID], Command]]] = [
    (NotFound, lambda _: CheckIn(visit_id=uuid4(), gps=SITE)),
    (RuleBroken, lambda v: CheckIn(visit_id=v, gps=SITE)),
    (InvalidValue, lambda v: AnswerItem(visit_id=v, item_id="x", answer=Answer.PASS)),
    (RuleBroken, lambda v: FinishVisit(visit_id=v)),
    (InvalidValue, lambda v: CancelVisit(visit_id=v, reason=" ")),
]


@pytest.mark.parametrize(("error", "command"), CHANGE_REFUSALS)
def test_a_refused_step_on_site_appends_nothing(
    app: SiteLedger, error: type[DomainError], command: Callable[[UUID], Command]
) -> None:
    visit_id = a_visit_in_progress(app, a_county(app))
    count = app.notification_count()
    with pytest.raises(error):
        app.execute(command(visit_id), meta())
    assert app.notification_count() == count
    assert app.load(Visit, visit_id).version == 2


def test_a_problem_raised_on_a_visit_not_yet_started_is_refused(
    app: SiteLedger,
) -> None:
    county = a_county(app)
    command = plan(county)
    app.execute(command, meta())
    count = app.notification_count()
    with pytest.raises(RuleBroken, match="planned"):
        app.execute(
            RaiseIssue(
                issue_id=uuid4(),
                source=Source.VISIT,
                category=Category.LAND,
                severity=Severity.HIGH,
                description="项目用地指标未落实",
                project_id=county.project_id,
                visit_id=command.visit_id,
            ),
            meta(),
        )
    assert app.notification_count() == count
