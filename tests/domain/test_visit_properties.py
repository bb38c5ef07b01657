"""Property: any sequence of commands on a planned visit — accepted ones replay to the
live state, refused ones leave the stream as it was."""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.commands.base import Command
from domain.commands.issue import RaiseIssue
from domain.commands.visit import (
    AddVisitNote,
    AnswerItem,
    CancelVisit,
    CheckIn,
    ConfirmVisit,
    FinishVisit,
    PlanVisit,
    VisitChange,
)
from domain.errors import DomainError
from domain.model.issue import Category, Severity, Source
from domain.model.visit import Answer, Kind, Visit
from domain.values import GeoFix, Meta
from storage.eventstore import MEMORY, open_ledger
from tests.factories import ITEMS, a_county, meta

PHOTO = uuid4()
TEXT = st.sampled_from(["企业反映用电容量不足", "", "a\x00b", "约定下周复查"])
SITE = GeoFix(34.36, 107.24, 8.0)
FIXES = st.sampled_from([SITE, GeoFix(91.0, 107.0, 5.0)])
CLOCK_FIELDS = {"_pending_events", "_modified_on", "_created_on"}

Op = Callable[[UUID, UUID], Command]
ANSWERS: st.SearchStrategy[Op] = st.builds(
    lambda item_id, answer, note, evidence: (
        lambda v, _: AnswerItem(
            visit_id=v,
            item_id=item_id,
            answer=answer,
            note=note,
            evidence_ids=evidence,
        )
    ),
    st.sampled_from([i.item_id for i in ITEMS] + ["unknown"]),
    st.sampled_from(Answer),
    st.sampled_from(["", "主体结构滞后两周", "a\x00b"]),
    st.sampled_from([(), (PHOTO,), (PHOTO, PHOTO)]),
)
# Listed thrice: most of a real visit is answering its checklist.
OPS: st.SearchStrategy[Op] = st.one_of(
    st.builds(lambda g: lambda v, _: CheckIn(visit_id=v, gps=g), FIXES),
    ANSWERS,
    ANSWERS,
    ANSWERS,
    st.builds(lambda t: lambda v, _: AddVisitNote(visit_id=v, text=t), TEXT),
    st.builds(
        lambda r, s: (
            lambda v, _: ConfirmVisit(
                visit_id=v, representative=r, signature_evidence_id=s
            )
        ),
        st.sampled_from(["李建国", ""]),
        st.sampled_from([None, PHOTO]),
    ),
    st.builds(lambda g: lambda v, _: FinishVisit(visit_id=v, gps=g), st.none() | FIXES),
    st.builds(lambda r: lambda v, _: CancelVisit(visit_id=v, reason=r), TEXT),
    st.just(
        lambda v, project_id: RaiseIssue(
            issue_id=uuid4(),
            source=Source.VISIT,
            category=Category.POWER,
            severity=Severity.HIGH,
            description="双回路供电未接入",
            project_id=project_id,
            visit_id=v,
        )
    ),
)


# Where the sequence starts: most steps are only legal once the visit has begun.
START: dict[str, Callable[[UUID], list[Command]]] = {
    "planned": lambda _: [],
    "in progress": lambda v: [CheckIn(visit_id=v, gps=SITE)],
    "answered": lambda v: [
        CheckIn(visit_id=v, gps=SITE),
        *(
            AnswerItem(visit_id=v, item_id=i.item_id, answer=Answer.NOT_APPLICABLE)
            for i in ITEMS
        ),
    ],
}


def state(visit: Visit) -> dict[str, Any]:
    return {k: v for k, v in vars(visit).items() if k not in CLOCK_FIELDS}


def apply_live(live: Visit, command: Command, stamp: Meta) -> None:
    """What the service does to the visit, done to the live aggregate alongside."""
    if isinstance(command, VisitChange):
        command.apply(live, stamp)
    else:
        assert isinstance(command, RaiseIssue)
        live.require_in_progress()
        live.record_problem(stamp, command.issue_id)


@settings(max_examples=75, deadline=None)
@given(st.sampled_from(list(START)), st.lists(OPS, max_size=14))
def test_accepted_commands_replay_to_the_live_state_and_refused_ones_leave_no_trace(
    start: str, ops: list[Op]
) -> None:
    with open_ledger(MEMORY) as app:
        county = a_county(app)
        visit_id = uuid4()
        plan = PlanVisit(
            visit_id=visit_id,
            officer_ids=(county.officer_id,),
            kind=Kind.INSPECTION,
            planned_for=date(2026, 5, 12),
            project_id=county.project_id,
            template_id=county.template_id,
        )
        for command in (plan, *START[start](visit_id)):
            app.execute(command, meta())
        live = app.load(Visit, visit_id)
        for op in ops:
            command, stamp = op(visit_id, county.project_id), meta()
            length = len(app.history(visit_id))
            try:
                apply_live(live, command, stamp)
            except DomainError as refused:
                with pytest.raises(type(refused)):
                    app.execute(command, stamp)
                assert len(app.history(visit_id)) == length
            else:
                app.execute(command, stamp)
                assert len(app.history(visit_id)) == length + 1
            loaded = app.load(Visit, visit_id)
            assert state(loaded) == state(live)
            assert loaded.version == live.version
