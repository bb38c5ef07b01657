"""The problem's closed loop, on the aggregate alone."""

import copy
from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidValue, RuleBroken
from domain.model.issue import (
    Category,
    Channel,
    Issue,
    Satisfaction,
    Severity,
    Source,
    Status,
)
from tests.factories import meta

DEADLINE = date(2026, 12, 1)


def raised_issue(**overrides: object) -> Issue:
    facts: dict[str, object] = {
        "jurisdiction": "610502",
        "source": Source.HOTLINE,
        "category": Category.POWER,
        "severity": Severity.HIGH,
        "description": "双回路供电未接入，影响试生产",
        "project_id": uuid4(),
        "enterprise_id": None,
        "visit_id": None,
    }
    return Issue.raise_(id=uuid4(), meta=meta(), **(facts | overrides))


def assigned_issue() -> Issue:
    issue = raised_issue()
    issue.assign(meta(), "县供电公司", DEADLINE)
    return issue


def proposed_issue() -> Issue:
    issue = assigned_issue()
    issue.propose_resolution(meta(), "已完成线路改造", [uuid4()])
    return issue


def closed_issue() -> Issue:
    issue = proposed_issue()
    issue.close_out(meta(), "现场核实，已通电")
    return issue


def test_a_raised_problem_waits_for_assignment() -> None:
    issue = raised_issue()
    assert issue.status is Status.RAISED
    assert issue.department is None
    assert issue.jurisdiction == "610502"


def test_a_problem_concerns_a_project_an_enterprise_or_an_unregistered_subject() -> (
    None
):
    with pytest.raises(InvalidValue, match="project, an enterprise or an unregistered"):
        raised_issue(project_id=None)


@pytest.mark.parametrize(
    ("source", "visit_given"), [(Source.VISIT, False), (Source.HOTLINE, True)]
)
def test_a_visit_is_named_exactly_when_the_source_is_a_visit(
    source: Source, visit_given: bool
) -> None:
    with pytest.raises(InvalidValue, match="visit_id"):
        raised_issue(source=source, visit_id=uuid4() if visit_given else None)


@pytest.mark.parametrize("description", ["", "   ", "a\x00b", "x" * 4001, "\u202eevil"])
def test_a_description_must_be_clean_text(description: str) -> None:
    with pytest.raises(InvalidValue, match="description"):
        raised_issue(description=description)


def test_assignment_gives_a_department_and_a_deadline() -> None:
    issue = assigned_issue()
    assert (issue.status, issue.department, issue.deadline) == (
        Status.ASSIGNED,
        "县供电公司",
        DEADLINE,
    )


@pytest.mark.parametrize("deadline", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_deadline_falls_in_the_domains_years(deadline: date) -> None:
    with pytest.raises(InvalidValue, match="deadline"):
        raised_issue().assign(meta(), "县供电公司", deadline)
    issue = assigned_issue()
    with pytest.raises(InvalidValue, match="deadline"):
        issue.transfer(meta(), "县发改局", deadline, "涉及项目核准")


def test_a_transfer_moves_the_problem_to_another_department() -> None:
    issue = assigned_issue()
    issue.accept(meta())
    issue.transfer(meta(), "县发改局", date(2026, 12, 5), "涉及项目核准")
    assert (issue.status, issue.department) == (Status.ASSIGNED, "县发改局")


def test_transferring_to_the_same_department_is_refused() -> None:
    with pytest.raises(RuleBroken, match="already"):
        assigned_issue().transfer(meta(), "县供电公司", DEADLINE, "重复")


def test_escalation_raises_the_level_up_to_a_limit() -> None:
    issue = assigned_issue()
    for level in range(1, 6):
        issue.escalate(meta(), "县政府", "逾期未办结")
        assert issue.escalation_level == level
    with pytest.raises(RuleBroken, match="highest level"):
        issue.escalate(meta(), "市政府", "仍未办结")


def test_sending_back_reopens_the_problem_and_counts() -> None:
    issue = proposed_issue()
    issue.send_back(meta(), "现场仍未通电")
    assert (issue.status, issue.send_backs) == (Status.ACCEPTED, 1)
    issue.propose_resolution(meta(), "已通电", [])
    assert issue.status is Status.PROPOSED


CENTRE = UUID("00000000-0000-4000-8000-000000012345")  # the 12345 centre


def test_a_closed_problem_is_rated_once() -> None:
    issue = closed_issue()
    issue.rate(meta(CENTRE), Satisfaction.BASICALLY_SATISFIED, "办理及时")
    assert issue.satisfaction is Satisfaction.BASICALLY_SATISFIED
    with pytest.raises(RuleBroken, match="rated already"):
        issue.rate(meta(CENTRE), Satisfaction.SATISFIED, "")


def test_who_closed_a_problem_out_does_not_rate_it() -> None:
    issue = closed_issue()
    with pytest.raises(RuleBroken, match="does not rate it"):
        issue.rate(meta(), Satisfaction.SATISFIED, "")
    with pytest.raises(RuleBroken, match="does not rate it"):
        issue.record_unreachable(meta(), Channel.PHONE, "无人接听")


def test_an_enterprise_not_reached_is_recorded_and_may_be_called_again() -> None:
    issue = closed_issue()
    issue.record_unreachable(meta(CENTRE), Channel.PHONE, "电话无人接听")
    issue.rate(meta(CENTRE), Satisfaction.SATISFIED, "", Channel.SMS)
    assert (issue.callbacks_failed, issue.satisfaction) == (1, Satisfaction.SATISFIED)


def test_a_withdrawn_duplicate_points_at_its_original() -> None:
    original, duplicate = raised_issue(), raised_issue()
    duplicate.withdraw(meta(), original)
    assert (duplicate.status, duplicate.duplicate_of) == (Status.WITHDRAWN, original.id)


def test_a_problem_cannot_duplicate_itself_or_a_withdrawn_one() -> None:
    issue, withdrawn = raised_issue(), raised_issue()
    withdrawn.withdraw(meta(), issue)
    with pytest.raises(RuleBroken, match="itself"):
        issue.withdraw(meta(), issue)
    with pytest.raises(RuleBroken, match="withdrawn"):
        raised_issue().withdraw(meta(), withdrawn)


ILLEGAL: list[tuple[Callable[[], Issue], Callable[[Issue], None]]] = [
    (raised_issue, lambda i: i.close_out(meta(), "无方案")),
    (raised_issue, lambda i: i.accept(meta())),
    (raised_issue, lambda i: i.propose_resolution(meta(), "未受理", [])),
    (assigned_issue, lambda i: i.assign(meta(), "县自然资源局", DEADLINE)),
    (assigned_issue, lambda i: i.send_back(meta(), "无方案可退")),
    (assigned_issue, lambda i: i.rate(meta(), Satisfaction.SATISFIED, "")),
    (proposed_issue, lambda i: i.rate(meta(), Satisfaction.SATISFIED, "")),
    (proposed_issue, lambda i: i.report_progress(meta(), "已提交方案")),
    (closed_issue, lambda i: i.escalate(meta(), "县政府", "已办结")),
    (closed_issue, lambda i: i.withdraw(meta(), raised_issue())),
    (closed_issue, lambda i: i.send_back(meta(), "太迟了")),
]


@pytest.mark.parametrize(("state", "command"), ILLEGAL)
def test_an_illegal_transition_is_refused_and_changes_nothing(
    state: Callable[[], Issue], command: Callable[[Issue], None]
) -> None:
    issue = state()
    before = copy.deepcopy(vars(issue))
    with pytest.raises(RuleBroken):
        command(issue)
    assert vars(issue) == before


def test_the_sweep_flags_a_passed_deadline_once() -> None:
    issue = assigned_issue()
    issue.flag_overdue(meta(), date(2026, 12, 2))
    assert issue.flagged_deadline == DEADLINE
    with pytest.raises(RuleBroken, match="flagged already"):
        issue.flag_overdue(meta(), date(2026, 12, 9))


def test_the_sweep_flags_a_new_deadline_after_a_transfer_again() -> None:
    issue = assigned_issue()
    issue.flag_overdue(meta(), date(2026, 12, 2))
    issue.transfer(meta(), "县发改局", date(2026, 12, 20), "不属本部门职责")
    issue.flag_overdue(meta(), date(2026, 12, 21))
    assert issue.flagged_deadline == date(2026, 12, 20)


@pytest.mark.parametrize(
    ("make", "today", "reason"),
    [
        (assigned_issue, DEADLINE, "has not passed"),
        (raised_issue, date(2027, 1, 1), "no deadline yet"),
        (closed_issue, date(2027, 1, 1), "closed"),
    ],
)
def test_the_sweep_refuses_a_deadline_not_passed_or_a_problem_not_open(
    make: Callable[[], Issue], today: date, reason: str
) -> None:
    with pytest.raises(RuleBroken, match=reason):
        make().flag_overdue(meta(), today)
