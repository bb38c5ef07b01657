"""A simulated county's visits: planned the day before, on site with the checklist,
now and then a problem raised, confirmed and checked out (or cancelled, or left)."""

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

from api.demo import data
from api.demo.county_places import ITEMS, Place, Places
from domain.commands.visit import (
    AnswerItem,
    CancelVisit,
    CheckIn,
    ConfirmVisit,
    FinishVisit,
    PlanVisit,
)
from domain.model.visit import Answer, Kind
from domain.values import GeoFix

if TYPE_CHECKING:
    from api.demo.county import County

UNFINISHED = 0.03  # of visits on site: never checked out
CANCELLED = 0.05


class Visits:
    def __init__(self, county: "County", places: Places) -> None:
        self.county = county
        self.places = places

    def today(self) -> None:
        c = self.county
        whole = int(c.scenario.visits_per_day)
        count = whole + (c.rng.random() < c.scenario.visits_per_day - whole)
        for _ in range(count):
            place = c.rng.choice(
                self.places.projects if c.rng.random() < 0.6 else self.places.firms
            )
            c.later(0, 16, partial(self.visit, place), minute=c.rng.randint(0, 59))

    def visit(self, place: Place) -> None:
        c = self.county
        visit_id, inspect = c.new_id(), place.owner_id is not None and place.started
        c.send(
            place.steward,
            PlanVisit(
                visit_id=visit_id,
                officer_ids=(c.officers[place.steward],),
                kind=Kind.INSPECTION if inspect else Kind.SERVICE,
                planned_for=c.today + timedelta(days=1),
                project_id=place.id if place.owner_id else None,
                enterprise_id=None if place.owner_id else place.id,
                template_id=self.places.template if inspect else None,
            ),
        )
        if c.rng.random() < CANCELLED:
            c.send(
                place.steward,
                CancelVisit(
                    visit_id=visit_id, reason=c.rng.choice(data.CANCEL_REASONS)
                ),
            )
            return
        c.later(
            1,
            10,
            lambda: self.on_site(place, visit_id, inspect),
            minute=c.rng.randint(0, 59),
        )

    def on_site(self, place: Place, visit_id: UUID, inspect: bool) -> None:
        c = self.county
        gps = GeoFix(
            34.5 + c.rng.uniform(-0.3, 0.3), 109.5 + c.rng.uniform(-0.3, 0.3), 8.0
        )
        c.send(place.steward, CheckIn(visit_id=visit_id, gps=gps))
        for item in ITEMS if inspect else ():
            answer = c.pick(
                {Answer.PASS: 85, Answer.FAIL: 10, Answer.NOT_APPLICABLE: 5}
            )
            photos = (
                (c.new_id(),)
                if item.photo_required and answer is not Answer.NOT_APPLICABLE
                else ()
            )
            c.send(
                place.steward,
                AnswerItem(
                    visit_id=visit_id,
                    item_id=item.item_id,
                    answer=answer,
                    evidence_ids=photos,
                ),
            )
        if c.rng.random() < 0.2:
            c.problems.raised_on_visit(place, visit_id)
        if c.rng.random() < UNFINISHED:
            return  # checked out never: the visit stays in progress
        c.send(
            place.steward,
            ConfirmVisit(
                visit_id=visit_id,
                representative=c.person(),
                signature_evidence_id=c.new_id(),
            ),
            FinishVisit(visit_id=visit_id, gps=gps),
        )
