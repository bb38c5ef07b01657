"""The demo's past year: a year of the county's work, each event stamped at its own
instant, so a newcomer's ledgers and charts hold months, not one day."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from api.demo import data
from api.demo.history import DAYS, load_past
from api.demo.plan import BEIJING
from domain.app import SiteLedger
from domain.model.issue import Issue
from storage.eventstore import MEMORY, open_ledger

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def county() -> Iterator[SiteLedger]:
    with open_ledger(MEMORY) as ledger:
        load_past(ledger, 2026, TODAY)
        yield ledger


def problems(app: SiteLedger) -> list[Issue]:
    found = app.recorder.select_notifications(
        start=None, limit=1_000_000, topics=[get_topic(Issue.Raised)]
    )
    return [app.load(Issue, UUID(str(n.originator_id))) for n in found]


def local(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


def test_problems_were_raised_in_every_month_of_the_year_before_today(
    county: SiteLedger,
) -> None:
    raised = [local(p.created_on) for p in problems(county)]
    assert min(raised) >= TODAY - timedelta(days=DAYS)
    assert max(raised) < TODAY
    assert len({(d.year, d.month) for d in raised}) >= 12


def test_problems_took_days_to_close_not_an_instant(county: SiteLedger) -> None:
    closed = [p for p in problems(county) if p.status.value == "closed"]
    assert closed
    spans = [(p.modified_on - p.created_on).days for p in closed]
    assert max(spans) >= 5


def test_the_past_is_the_demo_countys(county: SiteLedger) -> None:
    assert {p.jurisdiction[:6] for p in problems(county)} == {data.COUNTY}
