"""A user of the system: registration, roles, department, jurisdiction, deactivation."""

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.app import SiteLedger
from domain.commands.officer import (
    AssignDepartment,
    AssignJurisdiction,
    DeactivateOfficer,
    GrantRole,
    RegisterOfficer,
    RevokeRole,
)
from domain.errors import AlreadyExists, InvalidValue, NotFound, RuleBroken
from domain.model.officer import Officer, Role
from domain.values import OPERATOR, SYSTEM_ACTOR
from tests.factories import meta, the_departments


def registered_officer(**overrides: Any) -> Officer:
    facts: dict[str, Any] = {
        "username": "wang.lei_01",
        "name": "王磊",
        "jurisdiction": "610502",
        "roles": [Role.SUPERVISOR, Role.OFFICER],
        "department": None,
    }
    return Officer.register(id=uuid4(), meta=meta(), **(facts | overrides))


def handler() -> Officer:
    return registered_officer(roles=[Role.HANDLER], department="县自然资源局")


def deactivated_officer() -> Officer:
    officer = registered_officer()
    officer.deactivate(meta(), "调离")
    return officer


def test_a_registered_officer_is_active_with_roles_in_order() -> None:
    officer = registered_officer()
    assert officer.active
    assert officer.roles == [Role.OFFICER, Role.SUPERVISOR]
    assert (officer.username, officer.jurisdiction, officer.department) == (
        "wang.lei_01",
        "610502",
        None,
    )


@pytest.mark.parametrize(
    "username", ["ab", "x" * 65, "Wang", "wang lei", "王磊", "wang@lei", ""]
)
def test_a_username_is_3_to_64_lower_case_letters_digits_and_dot_dash_underscore(
    username: str,
) -> None:
    with pytest.raises(InvalidValue, match="username"):
        registered_officer(username=username)


@pytest.mark.parametrize("username", ["abc", "x" * 64, "li-na.2_b"])
def test_a_username_within_the_rules_is_accepted(username: str) -> None:
    assert registered_officer(username=username).username == username


@pytest.mark.parametrize("roles", [[], [Role.OFFICER, Role.OFFICER]])
def test_an_officer_is_registered_with_distinct_roles_and_at_least_one(
    roles: list[Role],
) -> None:
    with pytest.raises(InvalidValue, match="roles"):
        registered_officer(roles=roles)


def test_a_handler_is_registered_only_with_a_department() -> None:
    with pytest.raises(InvalidValue, match="department"):
        registered_officer(roles=[Role.HANDLER])
    assert handler().department == "县自然资源局"


def test_a_handler_role_is_granted_only_to_an_officer_in_a_department() -> None:
    officer = registered_officer()
    with pytest.raises(RuleBroken, match="department"):
        officer.grant_role(meta(), Role.HANDLER)
    officer.assign_department(meta(), "县发改局")
    officer.grant_role(meta(), Role.HANDLER)
    assert officer.roles == [Role.HANDLER, Role.OFFICER, Role.SUPERVISOR]


def test_granted_and_revoked_roles_keep_the_roles_in_order() -> None:
    officer = registered_officer()
    officer.grant_role(meta(), Role.ADMIN)
    officer.grant_role(meta(), Role.AUDITOR)
    officer.revoke_role(meta(), Role.SUPERVISOR)
    assert officer.roles == [Role.ADMIN, Role.AUDITOR, Role.OFFICER]


def test_a_department_and_a_jurisdiction_are_reassigned() -> None:
    officer = handler()
    officer.assign_department(meta(), "县住建局")
    officer.assign_jurisdiction(meta(), "610502003")
    assert (officer.department, officer.jurisdiction) == ("县住建局", "610502003")


def test_deactivation_keeps_the_officer_but_ends_activity() -> None:
    officer = deactivated_officer()
    assert not officer.active
    assert officer.roles == [Role.OFFICER, Role.SUPERVISOR]


ILLEGAL: list[tuple[Callable[[], Officer], Callable[[Officer], None], type[Exception]]]
ILLEGAL = [
    (registered_officer, lambda o: o.grant_role(meta(), Role.OFFICER), RuleBroken),
    (registered_officer, lambda o: o.revoke_role(meta(), Role.ADMIN), RuleBroken),
    (handler, lambda o: o.revoke_role(meta(), Role.HANDLER), RuleBroken),
    (handler, lambda o: o.assign_department(meta(), "县自然资源局"), RuleBroken),
    (handler, lambda o: o.assign_department(meta(), " "), InvalidValue),
    (handler, lambda o: o.assign_jurisdiction(meta(), "610502"), RuleBroken),
    (handler, lambda o: o.assign_jurisdiction(meta(), "6105020031234"), InvalidValue),
    (handler, lambda o: o.deactivate(meta(), ""), InvalidValue),
    (deactivated_officer, lambda o: o.grant_role(meta(), Role.ADMIN), RuleBroken),
    (deactivated_officer, lambda o: o.revoke_role(meta(), Role.OFFICER), RuleBroken),
    (
        deactivated_officer,
        lambda o: o.assign_department(meta(), "县财政局"),
        RuleBroken,
    ),
    (deactivated_officer, lambda o: o.assign_jurisdiction(meta(), "61"), RuleBroken),
    (deactivated_officer, lambda o: o.deactivate(meta(), "再次"), RuleBroken),
]


@pytest.mark.parametrize(("state", "command", "error"), ILLEGAL)
def test_a_refused_change_leaves_the_officer_as_it_was(
    state: Callable[[], Officer],
    command: Callable[[Officer], None],
    error: type[Exception],
) -> None:
    officer = state()
    before = copy.deepcopy(vars(officer))
    with pytest.raises(error):
        command(officer)
    assert vars(officer) == before


def test_the_service_keeps_an_officers_roles_department_and_status(
    app: SiteLedger,
) -> None:
    officer_id = uuid4()
    the_departments(app)
    for command in (
        RegisterOfficer(
            officer_id=officer_id,
            username="li.na",
            name="李娜",
            jurisdiction="610502",
            roles=(Role.OFFICER,),
        ),
        AssignDepartment(officer_id=officer_id, department="县营商办"),
        GrantRole(officer_id=officer_id, role=Role.HANDLER),
        GrantRole(officer_id=officer_id, role=Role.SUPERVISOR),
        RevokeRole(officer_id=officer_id, role=Role.OFFICER),
        AssignJurisdiction(officer_id=officer_id, jurisdiction="6105"),
        DeactivateOfficer(officer_id=officer_id, reason="退休"),
    ):
        app.execute(command, meta())
    officer = app.load(Officer, officer_id)
    assert officer.roles == [Role.HANDLER, Role.SUPERVISOR]
    assert (officer.department, officer.jurisdiction, officer.active) == (
        "县营商办",
        "6105",
        False,
    )


def test_a_username_names_one_officer_ever_even_once_deactivated(
    app: SiteLedger,
) -> None:
    def register(jurisdiction: str) -> RegisterOfficer:
        return RegisterOfficer(
            officer_id=uuid4(),
            username="sun.li",
            name="孙丽",
            jurisdiction=jurisdiction,
            roles=(Role.OFFICER,),
        )

    first = register("610502")
    app.execute(first, meta())
    app.execute(DeactivateOfficer(officer_id=first.officer_id, reason="调离"), meta())
    count = app.notification_count()
    for jurisdiction in ("610502", "610503"):  # whoever registers, wherever
        with pytest.raises(AlreadyExists, match=r"username sun\.li is registered"):
            app.execute(register(jurisdiction), meta())
    assert app.notification_count() == count


@pytest.mark.parametrize("actor", [OPERATOR, SYSTEM_ACTOR], ids=["operator", "system"])
def test_no_officer_may_take_the_id_of_one_of_the_services_own_actors(
    app: SiteLedger, actor: UUID
) -> None:
    """The command line's operator and the system (the sweep, the verifier) sign
    what they record with ids of their own, which no officer may pass for."""
    count = app.notification_count()
    command = RegisterOfficer(
        officer_id=actor,
        username="zhou.min",
        name="周敏",
        jurisdiction="610502",
        roles=(Role.ADMIN,),
    )
    with pytest.raises(InvalidValue, match="random or time-ordered"):
        app.execute(command, meta())
    assert app.notification_count() == count


def test_a_refused_command_appends_nothing(app: SiteLedger) -> None:
    officer_id = uuid4()
    app.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username="zhao.qiang",
            name="赵强",
            jurisdiction="610502",
            roles=(Role.AUDITOR,),
        ),
        meta(),
    )
    count = app.notification_count()
    with pytest.raises(RuleBroken, match="last role"):
        app.execute(RevokeRole(officer_id=officer_id, role=Role.AUDITOR), meta())
    with pytest.raises(NotFound):
        app.execute(GrantRole(officer_id=uuid4(), role=Role.ADMIN), meta())
    assert app.notification_count() == count
    assert app.load(Officer, officer_id).roles == [Role.AUDITOR]


def test_a_long_serving_officer_loads_from_a_snapshot_equal_to_a_full_replay(
    app: SiteLedger,
) -> None:
    officer_id = uuid4()
    the_departments(app)
    app.execute(
        RegisterOfficer(
            officer_id=officer_id,
            username="chen.jing",
            name="陈静",
            jurisdiction="610502",
            roles=(Role.SUPERVISOR,),
            department="县营商办",
        ),
        meta(),
    )
    for _ in range(30):
        app.execute(GrantRole(officer_id=officer_id, role=Role.HANDLER), meta())
        app.execute(RevokeRole(officer_id=officer_id, role=Role.HANDLER), meta())
    assert app.snapshots is not None
    assert [s.originator_version for s in app.snapshots.get(officer_id)] == [50]
    replayed = project_aggregate(None, app.events.get(officer_id))
    assert replayed is not None
    assert vars(app.load(Officer, officer_id)) == vars(replayed)
