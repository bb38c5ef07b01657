"""Property: any sequence of commands on a problem — accepted ones replay to the live
state, refused ones leave the stream as it was."""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.app import SiteLedger
from domain.commands.base import Unit
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    EscalateIssue,
    IssueChange,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    ReportIssueProgress,
    SendBackIssue,
    TransferIssue,
    WithdrawIssue,
)
from domain.errors import DomainError
from domain.model.issue import Category, Issue, Satisfaction, Severity, Source
from storage.eventstore import MEMORY, open_ledger
from tests.factories import a_county, meta

DEPARTMENTS = st.sampled_from(["县自然资源局", "县发改局", "县住建局"])
TEXT = st.sampled_from(["已协调", "材料不全", "", "现场核实"])
CLOCK_FIELDS = {"_pending_events", "_modified_on", "_created_on"}

Op = Callable[[UUID, UUID], IssueChange]
OPS: st.SearchStrategy[Op] = st.one_of(
    st.builds(
        lambda d, days: (
            lambda i, _: AssignIssue(
                issue_id=i, department=d, deadline=date(2026, 12, days)
            )
        ),
        DEPARTMENTS,
        st.integers(1, 28),
    ),
    st.builds(
        lambda d, r: (
            lambda i, _: TransferIssue(
                issue_id=i, department=d, deadline=date(2026, 12, 20), reason=r
            )
        ),
        DEPARTMENTS,
        TEXT,
    ),
    st.just(lambda i, _: AcceptIssue(issue_id=i)),
    st.builds(lambda n: lambda i, _: ReportIssueProgress(issue_id=i, note=n), TEXT),
    st.builds(
        lambda r: lambda i, _: EscalateIssue(issue_id=i, to="县政府", reason=r), TEXT
    ),
    st.builds(lambda s: lambda i, _: ProposeResolution(issue_id=i, summary=s), TEXT),
    st.builds(lambda r: lambda i, _: SendBackIssue(issue_id=i, reason=r), TEXT),
    st.builds(lambda n: lambda i, _: CloseOutIssue(issue_id=i, note=n), TEXT),
    st.builds(
        lambda s, c: lambda i, _: RateIssue(issue_id=i, satisfaction=s, comment=c),
        st.sampled_from(Satisfaction),
        TEXT,
    ),
    st.builds(
        lambda self_ref: (
            lambda i, other: WithdrawIssue(
                issue_id=i, duplicate_of=i if self_ref else other
            )
        ),
        st.booleans(),
    ),
)


def holding(app: SiteLedger, live: Issue) -> Unit:
    """A unit of work over the store, holding the live aggregate to change it."""
    unit = Unit(app.repository)
    unit.aggregates[live.id] = live
    return unit


def state(issue: Issue) -> dict[str, Any]:
    return {k: v for k, v in vars(issue).items() if k not in CLOCK_FIELDS}


@settings(max_examples=75, deadline=None)
@given(st.lists(OPS, max_size=14))
def test_accepted_commands_replay_to_the_live_state_and_refused_ones_leave_no_trace(
    ops: list[Op],
) -> None:
    with open_ledger(MEMORY) as app:
        county = a_county(app, departments=True)
        issue_id, other_id = uuid4(), uuid4()
        for raised in (issue_id, other_id):
            app.execute(
                RaiseIssue(
                    issue_id=raised,
                    source=Source.MEETING,
                    category=Category.FINANCE,
                    severity=Severity.MEDIUM,
                    description="流动资金贷款未落实",
                    project_id=county.project_id,
                ),
                meta(),
            )
        live, other = app.load(Issue, issue_id), app.load(Issue, other_id)
        for op in ops:
            command, stamp = op(issue_id, other_id), meta()
            length = len(app.history(issue_id))
            try:
                if isinstance(command, WithdrawIssue):
                    live.withdraw(
                        stamp, other if command.duplicate_of == other_id else live
                    )
                else:
                    command.handle(holding(app, live), stamp)
            except DomainError as refused:
                with pytest.raises(type(refused)):
                    app.execute(command, stamp)
                assert len(app.history(issue_id)) == length
            else:
                app.execute(command, stamp)
                assert len(app.history(issue_id)) == length + 1
            assert state(app.load(Issue, issue_id)) == state(live)
