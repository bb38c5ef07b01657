"""The register's commands, ready to send: a new grid of the place's own each time."""

import random
from dataclasses import dataclass
from uuid import UUID

from domain.commands import place as c
from domain.commands.base import Command
from domain.model.place import Place as Registered
from tests.api.bodies import Body, given
from tests.api.conftest import Api, Place
from tests.api.scenarios import Creating, Scenario, Sent, act


def a_grid(place: Place) -> Body:
    """A grid (12 digits) under the place, of a code no test has used."""
    grid = f"{place.jurisdiction}{random.randrange(10**11):011d}"[:12]
    return {"code": grid, "level": "village", "name": "测试网格", "name_en": "Grid"}


@dataclass(frozen=True)
class PlaceSent(Sent):
    """A place's id is made from its code, not sent."""

    @property
    def target(self) -> UUID:
        return Registered.id_for(self.args["code"])


@dataclass(frozen=True)
class RegisteringPlace(Creating):
    def __call__(self, api: Api, place: Place) -> Sent:
        body = self.body(place)
        return PlaceSent(self.command, "/places", body, "place_id", creates=True)


def a_registered_grid(api: Api, place: Place) -> tuple[str, Body]:
    body = a_grid(place)
    given(api, (c.RegisterPlace, body))
    return str(Registered.id_for(body["code"])), {}


SCENARIOS: dict[type[Command], Scenario] = {
    c.RegisterPlace: RegisteringPlace(c.RegisterPlace, a_grid),
    c.RenamePlace: act(
        c.RenamePlace, a_registered_grid, "rename", name="新网格", reason="更名"
    ),
}
