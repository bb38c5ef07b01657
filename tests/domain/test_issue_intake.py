"""Intake beyond visits and the callback's rule, on the aggregate alone."""

from typing import Any
from uuid import uuid4

import pytest

from domain.errors import InvalidValue
from domain.model.intake import (
    CallbackRule,
    CallbackRules,
    Concern,
    Subject,
    SubjectKind,
    Ticket,
    mask_phone,
)
from domain.model.issue import Channel, Satisfaction, Source, Status
from tests.domain.test_issue import CENTRE, closed_issue, raised_issue
from tests.factories import meta

SHOP = Subject(SubjectKind.INDIVIDUAL_BUSINESS, "李记早餐店", "平都镇城南路8号")
REOPEN = CallbackRules(CallbackRule.REOPEN, CallbackRule.REOPEN)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("13800135678", "138****5678"),
        ("+86 138-0013-5678", "138****5678"),
        ("0086 13800135678", "138****5678"),
        ("0796-8123456", "079****3456"),
        ("138****5678", "138****5678"),
    ],
)
def test_a_phone_is_kept_masked_to_its_first_three_and_last_four_digits(
    given: str, kept: str
) -> None:
    assert mask_phone(given) == kept


@pytest.mark.parametrize("given", ["12345", "电话", "1" * 21])
def test_what_is_no_phone_number_is_refused(given: str) -> None:
    with pytest.raises(InvalidValue, match="phone"):
        mask_phone(given)


def test_a_ticket_keeps_no_full_phone_number() -> None:
    with pytest.raises(InvalidValue, match="masked"):
        raised_issue(ticket=Ticket("GD1", "李女士", "13800135678"))


def test_a_problem_of_an_unregistered_subject_is_raised_in_its_jurisdiction() -> None:
    issue = raised_issue(
        project_id=None, subject=SHOP, ticket=Ticket("GD2026000001", None, None)
    )
    assert (issue.subject, issue.jurisdiction, issue.status) == (
        SHOP,
        "610502",
        Status.RAISED,
    )


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"subject": SHOP}, "subject"),  # besides the project
        ({"source": Source.GRID}, "grid_unit"),
        ({"source": Source.VISIT, "grid_unit": "网格3", "visit_id": uuid4()}, "grid"),
        ({"meeting": "调度会"}, "meeting"),  # from the hotline
        ({"ticket": Ticket("GD1")}, "ticket"),
    ],
)
def test_each_source_names_its_own_reference_only(
    facts: dict[str, Any], field: str
) -> None:
    if "ticket" in facts:
        facts = facts | {"source": Source.MEETING}
    with pytest.raises(InvalidValue, match=field):
        raised_issue(**facts)


def test_by_default_an_unsatisfied_rating_flags_the_closed_problem() -> None:
    issue = closed_issue()
    issue.rate(meta(CENTRE), Satisfaction.UNSATISFIED, "")
    assert (issue.status, issue.flagged_for) == (Status.CLOSED, Concern.UNSATISFIED)
    assert type(issue.collect_events()[-1]) is issue.CallbackFlagged


def test_an_enterprise_not_reached_is_reopened_where_the_rule_says() -> None:
    issue = closed_issue()
    issue.record_unreachable(meta(CENTRE), Channel.PHONE, "无人接听", REOPEN)
    assert (issue.status, issue.reopens, issue.closed_by) == (
        Status.ACCEPTED,
        1,
        None,
    )


def test_a_reopened_problem_is_rated_again_after_its_next_close_out() -> None:
    issue = closed_issue()
    issue.rate(meta(CENTRE), Satisfaction.UNSATISFIED, "", rules=REOPEN)
    issue.propose_resolution(meta(), "重新协调", [])
    issue.close_out(meta(), "复核")
    issue.rate(meta(CENTRE), Satisfaction.SATISFIED, "")
    assert (issue.status, issue.satisfaction, issue.flagged_for) == (
        Status.CLOSED,
        Satisfaction.SATISFIED,
        None,
    )
