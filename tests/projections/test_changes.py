"""The sync feed: every domain event once, by position, per jurisdiction subtree."""

from uuid import UUID

import pytest

from domain.app import SiteLedger
from domain.commands.officer import AssignJurisdiction
from domain.commands.project import MoveProject, SuspendProject
from domain.model.receipt import CommandReceipt
from projections import ChangeRow, Views
from tests.factories import COUNTY_NOTIFICATIONS, a_county, meta
from tests.projections.conftest import EVERYTHING


def events_of(rows: list[ChangeRow], aggregate_id: UUID) -> list[str]:
    return [row.event for row in rows if row.aggregate_id == aggregate_id]


def test_the_feed_holds_every_domain_event_but_no_receipt_or_claim(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger)
    views.catch_up(ledger)
    rows = views.changes.since("", 0, EVERYTHING)
    log = ledger.recorder.select_notifications(start=None, limit=EVERYTHING)
    hidden = ("domain.model.receipt:", "domain.model.claim:")
    kept = [n.id for n in log if not n.topic.startswith(hidden)]
    assert (len(rows), len(log)) == (5, COUNTY_NOTIFICATIONS)  # receipts, claims
    assert [row.position for row in rows] == kept
    assert events_of(rows, county.template_id) == [
        "ChecklistTemplate.Created",
        "ChecklistTemplate.VersionPublished",
    ]
    first = rows[0]
    assert (first.aggregate_id, first.kind, first.jurisdiction) == (
        county.enterprise_id,
        "enterprise",
        "610502",
    )
    assert (first.version, first.event, first.moved_from) == (
        1,
        "Enterprise.Registered",
        None,
    )
    assert all(not row.event.startswith(CommandReceipt.__name__) for row in rows)


def test_a_reader_pages_by_the_last_position_it_saw(
    ledger: SiteLedger, views: Views
) -> None:
    a_county(ledger)
    views.catch_up(ledger)
    everything = views.changes.since("", 0, EVERYTHING)
    seen: list[ChangeRow] = []
    while page := views.changes.since("", seen[-1].position if seen else 0, 2):
        seen += page
    assert seen == everything
    assert views.changes.since("", everything[2].position, 1) == [everything[3]]


def test_the_head_is_the_latest_position_processed(
    ledger: SiteLedger, views: Views
) -> None:
    assert views.changes.head() == 0
    a_county(ledger)
    views.catch_up(ledger)
    assert views.changes.head() == ledger.notification_count()
    assert views.changes.since("", views.changes.head(), 10) == []


def test_a_subtree_sees_only_its_own_changes(ledger: SiteLedger, views: Views) -> None:
    here, there = a_county(ledger, "610502"), a_county(ledger, "610503")
    views.catch_up(ledger)
    mine = views.changes.since("610502", 0, EVERYTHING)
    assert {row.jurisdiction for row in mine} == {"610502"}
    assert events_of(mine, here.project_id) == ["Project.Registered"]
    assert events_of(mine, there.project_id) == []
    city = views.changes.since("6105", 0, EVERYTHING)
    assert city == views.changes.since("", 0, EVERYTHING)
    assert views.changes.since("62", 0, EVERYTHING) == []


def test_a_township_is_fed_its_countys_reference_data_and_nothing_else(
    ledger: SiteLedger, views: Views
) -> None:
    county, neighbour = a_county(ledger, "610502"), a_county(ledger, "610503")
    views.catch_up(ledger)
    township = views.changes.since("610502001", 0, EVERYTHING)
    # What a phone there needs offline: the checklists to plan with, the officers.
    assert {row.aggregate_id for row in township} == {
        county.template_id,
        county.officer_id,
    }
    assert {row.kind for row in township} == {"checklist", "officer"}
    assert events_of(township, neighbour.template_id) == []


def test_a_township_hears_when_its_countys_officer_leaves_the_county(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, "610502")
    views.catch_up(ledger)
    township = "610502001"
    seen = views.changes.since(township, 0, EVERYTHING)[-1].position
    for elsewhere in ("610503", "610502002"):  # another county, another township
        ledger.execute(
            AssignJurisdiction(officer_id=county.officer_id, jurisdiction=elsewhere),
            meta(),
        )
    views.catch_up(ledger)
    moves = views.changes.since(township, seen, EVERYTHING)
    # The first move left the county (above the township): the phone drops the
    # officer; the second left the sibling county, nothing of the township's.
    assert [(row.event, row.moved_from) for row in moves] == [
        ("Officer.JurisdictionAssigned", "610502")
    ]


def test_a_move_shows_in_the_old_subtree_once_and_the_new_from_then_on(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger)
    project_id = county.project_id
    for command in (
        MoveProject(project_id=project_id, jurisdiction="610503", reason="区划调整"),
        SuspendProject(project_id=project_id, reason="停工"),
    ):
        ledger.execute(command, meta())
    views.catch_up(ledger)
    old = views.changes.since("610502", 0, EVERYTHING)
    new = views.changes.since("610503", 0, EVERYTHING)
    both = views.changes.since("6105", 0, EVERYTHING)
    assert events_of(old, project_id) == ["Project.Registered", "Project.Moved"]
    assert events_of(new, project_id) == ["Project.Moved", "Project.Suspended"]
    assert events_of(both, project_id) == [
        "Project.Registered",
        "Project.Moved",
        "Project.Suspended",
    ]
    (moved,) = [row for row in old if row.event == "Project.Moved"]
    assert (moved.jurisdiction, moved.moved_from) == ("610503", "610502")


def test_an_officer_given_another_jurisdiction_moves_in_the_feed(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger)
    ledger.execute(
        AssignJurisdiction(officer_id=county.officer_id, jurisdiction="610602"), meta()
    )
    views.catch_up(ledger)
    old = views.changes.since("610502", 0, EVERYTHING)
    new = views.changes.since("610602", 0, EVERYTHING)
    assert events_of(old, county.officer_id)[-1] == "Officer.JurisdictionAssigned"
    assert events_of(new, county.officer_id) == ["Officer.JurisdictionAssigned"]


def latest(rows: list[ChangeRow]) -> dict[UUID, int]:
    return {row.aggregate_id: row.version for row in rows}


@pytest.mark.parametrize("scope", ["", "6105", "610502", "610502001", "61050"])
def test_the_state_of_a_subtree_is_each_aggregates_latest_change_once(
    ledger: SiteLedger, views: Views, scope: str
) -> None:
    county = a_county(ledger, "610502")
    a_county(ledger, "610503")
    ledger.execute(SuspendProject(project_id=county.project_id, reason="停工"), meta())
    views.catch_up(ledger)
    head = views.changes.head()
    state: list[ChangeRow] = []
    while page := views.changes.state(
        scope, head, state[-1].position if state else 0, 2
    ):
        state += page
    feed = views.changes.since(scope, 0, EVERYTHING)
    assert len({row.aggregate_id for row in state}) == len(state)
    assert latest(state) == latest(feed)
    assert [row.position for row in state] == sorted(row.position for row in state)
    assert all(row.moved_from is None for row in state)


def test_what_changed_after_the_state_began_comes_once_in_the_changes(
    ledger: SiteLedger, views: Views
) -> None:
    county = a_county(ledger, "610502")
    views.catch_up(ledger)
    head = views.changes.head()
    ledger.execute(SuspendProject(project_id=county.project_id, reason="停工"), meta())
    ledger.execute(
        MoveProject(
            project_id=county.project_id, jurisdiction="610503", reason="区划调整"
        ),
        meta(),
    )
    views.catch_up(ledger)
    state = views.changes.state("610502", head, 0, EVERYTHING)
    after = views.changes.since("610502", head, EVERYTHING)
    assert county.project_id not in latest(state)
    assert county.enterprise_id in latest(state)
    assert events_of(after, county.project_id) == ["Project.Suspended", "Project.Moved"]
    assert views.changes.state("610503", head, 0, EVERYTHING) == []
