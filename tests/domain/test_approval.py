"""A package's permits on the aggregate: steps in order, 容缺, limits, matters."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.approval_time import days_taken, due, time_cut
from domain.errors import InvalidValue, RuleBroken
from domain.model.approval import ApprovalPackage
from domain.model.package_template import PermitSpec
from domain.model.permit import Matter, PermitStatus
from domain.workdays import last_known_year
from tests.factories import meta

SPEC = PermitSpec("build", "建筑工程施工许可", "县住建局", 15, "施工")
MARCH = date(2026, 3, 2)


@pytest.fixture
def package() -> ApprovalPackage:
    return ApprovalPackage.create(
        id=uuid4(),
        meta=meta(),
        jurisdiction="610502",
        project_id=uuid4(),
        template_id=uuid4(),
        template_version=1,
        permits=[SPEC],
    )


@pytest.fixture
def accepted(package: ApprovalPackage) -> ApprovalPackage:
    package.prepare(meta(), "build", MARCH)
    package.submit(meta(), "build", MARCH)
    package.accept(meta(), "build", MARCH, ["消防设计文件"], MARCH + timedelta(7))
    return package


def test_a_returned_permit_is_accepted_again_from_its_new_date(
    package: ApprovalPackage,
) -> None:
    package.prepare(meta(), "build", MARCH)
    package.submit(meta(), "build", MARCH)
    package.return_(meta(), "build", MARCH + timedelta(1), "材料不全")
    package.submit(meta(), "build", MARCH + timedelta(3))
    package.accept(meta(), "build", MARCH + timedelta(4), [], None)
    permit = package.permits["build"]
    assert (permit.status, permit.accepted_on, permit.returns) == (
        PermitStatus.ACCEPTED,
        MARCH + timedelta(4),
        1,
    )


def test_a_committed_limit_above_the_statutory_one_is_refused(
    package: ApprovalPackage,
) -> None:
    with pytest.raises(InvalidValue, match="must not exceed the statutory 15"):
        package.commit_limit(meta(), "build", 16)


def test_documents_are_supplied_only_when_missing(accepted: ApprovalPackage) -> None:
    accepted.supply(meta(), "build", MARCH + timedelta(9))
    with pytest.raises(RuleBroken, match="awaits no missing documents"):
        accepted.supply(meta(), "build", MARCH + timedelta(10))
    accepted.grant(meta(), "build", MARCH + timedelta(10), "施字2026-01")
    assert accepted.permits["build"].status is PermitStatus.GRANTED


def test_a_matter_is_not_closed_before_it_opened(accepted: ApprovalPackage) -> None:
    agent = uuid4()
    accepted.assign_agents(meta(), agent, [])
    matter = Matter(uuid4(), agent, "代办施工许可", "秦岭机械", MARCH)
    accepted.open_matter(meta(), matter)
    with pytest.raises(InvalidValue, match="before it opened"):
        accepted.close_matter(meta(), matter.matter_id, MARCH - timedelta(1), "办结")


def test_the_chief_agent_is_not_named_among_the_agents(
    package: ApprovalPackage,
) -> None:
    chief = uuid4()
    with pytest.raises(InvalidValue, match="the chief agent is not named again"):
        package.assign_agents(meta(), chief, [chief])


DAYS = st.dates(date(2025, 1, 1), date(2026, 10, 31))


@settings(max_examples=60, deadline=None)
@given(accepted_on=DAYS, limit=st.integers(1, 40))
def test_a_permit_granted_on_its_due_day_took_exactly_its_limit(
    accepted_on: date, limit: int
) -> None:
    due_on = due(accepted_on, limit)
    assert due_on is not None
    assert days_taken(accepted_on, due_on) == limit


def test_a_due_day_in_a_year_the_calendar_does_not_know_is_left_blank() -> None:
    last = date(last_known_year(), 12, 1)
    assert due(last, 3) is not None
    assert due(last, 40) is None  # past the year's end: not guessed
    assert days_taken(last, last + timedelta(days=7)) == 5  # what is known still is


@settings(max_examples=60, deadline=None)
@given(accepted_on=DAYS, later=st.integers(0, 60))
def test_working_days_taken_never_exceed_calendar_days(
    accepted_on: date, later: int
) -> None:
    assert 0 <= days_taken(accepted_on, accepted_on + timedelta(later)) <= later


@pytest.mark.parametrize(
    ("statutory", "taken", "cut"),
    [
        (20, 0, "1.000"),
        (20, 7, "0.650"),
        (15, 6, "0.600"),
        (3, 1, "0.667"),
        (5, 8, "-0.600"),
    ],
)
def test_the_time_cut_is_the_share_of_the_statutory_limit_saved(
    statutory: int, taken: int, cut: str
) -> None:
    assert str(time_cut(statutory, taken)) == cut
