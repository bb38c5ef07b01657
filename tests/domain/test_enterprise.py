"""An enterprise: registration, profile and moves, alone and through the service."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any
from uuid import NAMESPACE_DNS, UUID, uuid3, uuid4

import pytest

from domain.app import Outcome, SiteLedger, Submission
from domain.commands.enterprise import (
    MoveEnterprise,
    RegisterEnterprise,
    UpdateEnterpriseProfile,
)
from domain.errors import (
    AlreadyExists,
    ConcurrentWrite,
    InvalidValue,
    NotFound,
    RuleBroken,
)
from domain.model.claim import Claim
from domain.model.enterprise import Enterprise, Scale
from tests.factories import a_credit_code, meta

CREDIT_CODE = "91350100M000100Y43"


def registered_enterprise(**overrides: Any) -> Enterprise:
    facts: dict[str, Any] = {
        "credit_code": CREDIT_CODE,
        "name": "陕西秦川建材有限公司",
        "sector": "建材",
        "scale": Scale.ABOVE_DESIGNATED,
        "jurisdiction": "610502",
    }
    return Enterprise.register(id=uuid4(), meta=meta(), **(facts | overrides))


def register(enterprise_id: UUID) -> RegisterEnterprise:
    return RegisterEnterprise(
        enterprise_id=enterprise_id,
        credit_code=CREDIT_CODE,
        name="渭南市华州区昌盛食品有限公司",
        sector="食品加工",
        scale=Scale.BELOW_DESIGNATED,
        jurisdiction="610503",
    )


def test_a_registered_enterprise_keeps_its_facts() -> None:
    enterprise = registered_enterprise()
    assert (enterprise.credit_code, enterprise.scale, enterprise.jurisdiction) == (
        CREDIT_CODE,
        Scale.ABOVE_DESIGNATED,
        "610502",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_code", "91350100M000100Y44"),
        ("credit_code", "91350100m000100y43"),
        ("name", " "),
        ("name", "x" * 201),
        ("sector", "建\x00材"),
        ("jurisdiction", "61-05"),
    ],
)
def test_an_enterprise_with_a_malformed_fact_is_refused(field: str, value: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        registered_enterprise(**{field: value})
    assert refused.value.field == field


def test_a_profile_update_changes_name_sector_and_scale() -> None:
    enterprise = registered_enterprise()
    enterprise.update_profile(
        meta(), "秦川新材料股份有限公司", "新材料", Scale.BELOW_DESIGNATED
    )
    assert (enterprise.name, enterprise.sector, enterprise.scale) == (
        "秦川新材料股份有限公司",
        "新材料",
        Scale.BELOW_DESIGNATED,
    )


def test_a_profile_update_that_changes_nothing_is_refused() -> None:
    enterprise = registered_enterprise()
    with pytest.raises(RuleBroken, match="already"):
        enterprise.update_profile(
            meta(), enterprise.name, enterprise.sector, enterprise.scale
        )


def test_an_enterprise_moves_to_another_jurisdiction_with_a_reason() -> None:
    enterprise = registered_enterprise()
    enterprise.move(meta(), "610526", "迁址至蒲城工业园")
    assert enterprise.jurisdiction == "610526"


@pytest.mark.parametrize(
    ("to", "reason", "error"),
    [
        ("610502", "原地", RuleBroken),
        ("610526", "", InvalidValue),
        ("county", "迁址", InvalidValue),
    ],
)
def test_a_move_needs_another_jurisdiction_and_a_reason(
    to: str, reason: str, error: type[Exception]
) -> None:
    enterprise = registered_enterprise()
    with pytest.raises(error):
        enterprise.move(meta(), to, reason)
    assert enterprise.jurisdiction == "610502"


def test_the_service_registers_updates_and_moves_an_enterprise(
    app: SiteLedger,
) -> None:
    enterprise_id = uuid4()
    app.execute(register(enterprise_id), meta())
    app.execute(
        UpdateEnterpriseProfile(
            enterprise_id=enterprise_id,
            name="昌盛食品股份有限公司",
            sector="食品加工",
            scale=Scale.ABOVE_DESIGNATED,
        ),
        meta(),
    )
    app.execute(
        MoveEnterprise(
            enterprise_id=enterprise_id, jurisdiction="610502", reason="搬迁"
        ),
        meta(),
    )
    enterprise = app.load(Enterprise, enterprise_id)
    assert (enterprise.name, enterprise.scale, enterprise.jurisdiction) == (
        "昌盛食品股份有限公司",
        Scale.ABOVE_DESIGNATED,
        "610502",
    )
    assert enterprise.version == 3


def test_an_enterprise_id_is_registered_once(app: SiteLedger) -> None:
    enterprise_id = uuid4()
    app.execute(register(enterprise_id), meta())
    count = app.notification_count()
    with pytest.raises(AlreadyExists):
        app.execute(register(enterprise_id), meta())
    assert app.notification_count() == count


def test_a_credit_code_is_registered_once_in_the_whole_system(
    ledger: SiteLedger,
) -> None:
    ledger.execute(register(uuid4()), meta())
    count = ledger.notification_count()
    for attempt in (
        register(uuid4()),
        replace(register(uuid4()), jurisdiction="610303"),
    ):
        with pytest.raises(AlreadyExists, match=f"{CREDIT_CODE} is registered already"):
            ledger.execute(attempt, meta())
    assert ledger.notification_count() == count
    code = a_credit_code()
    twins = [replace(register(uuid4()), credit_code=code) for _ in range(2)]
    first, second = ledger.execute_batch([Submission(t, meta()) for t in twins])
    assert isinstance(first, Outcome)
    assert isinstance(second, AlreadyExists)
    assert ledger.load(Enterprise, first.aggregate_id).credit_code == code


def test_a_client_cannot_take_a_claims_id_to_block_a_credit_code(
    app: SiteLedger,
) -> None:
    code = a_credit_code()
    squatter = replace(register(Claim.id_for("credit code", code)), credit_code=code)
    for taken in (squatter, replace(squatter, enterprise_id=uuid3(NAMESPACE_DNS, "x"))):
        with pytest.raises(InvalidValue, match="enterprise_id: must be a random"):
            app.execute(taken, meta())
    assert app.notification_count() == 0
    registered = app.execute(replace(register(uuid4()), credit_code=code), meta())
    assert app.load(Enterprise, registered.aggregate_id).credit_code == code


def test_of_eight_registering_one_credit_code_at_once_one_succeeds(
    ledger: SiteLedger,
) -> None:
    code = a_credit_code()

    def send(_: int) -> object:
        try:
            command = replace(register(uuid4()), credit_code=code)
            return ledger.execute(command, meta())
        except (AlreadyExists, ConcurrentWrite) as refused:
            return refused

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(8)))
    assert [type(r) for r in results].count(Outcome) == 1
    holders = [r for r in results if isinstance(r, Outcome)]
    assert ledger.load(Enterprise, holders[0].aggregate_id).credit_code == code


@pytest.mark.parametrize(
    "command",
    [
        UpdateEnterpriseProfile(
            enterprise_id=uuid4(),
            name="某公司",
            sector="建材",
            scale=Scale.ABOVE_DESIGNATED,
        ),
        MoveEnterprise(enterprise_id=uuid4(), jurisdiction="610502", reason="搬迁"),
    ],
)
def test_a_change_to_an_unknown_enterprise_is_not_found(
    app: SiteLedger, command: UpdateEnterpriseProfile | MoveEnterprise
) -> None:
    with pytest.raises(NotFound):
        app.execute(command, meta())
    assert app.notification_count() == 0


def test_a_refused_change_appends_nothing(app: SiteLedger) -> None:
    enterprise_id = uuid4()
    app.execute(register(enterprise_id), meta())
    count = app.notification_count()
    with pytest.raises(RuleBroken):
        app.execute(
            MoveEnterprise(
                enterprise_id=enterprise_id, jurisdiction="610503", reason="无变化"
            ),
            meta(),
        )
    assert app.notification_count() == count
    assert app.load(Enterprise, enterprise_id).version == 1
