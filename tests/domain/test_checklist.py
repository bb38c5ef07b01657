"""Checklist templates: versions on the aggregate alone, then through the service."""

import copy
from collections.abc import Callable
from uuid import UUID, uuid4

import pytest

from domain.app import SiteLedger
from domain.commands.base import Command
from domain.commands.checklist import (
    CreateChecklistTemplate,
    PublishChecklistVersion,
    RetireChecklistTemplate,
)
from domain.errors import AlreadyExists, DomainError, InvalidValue, NotFound, RuleBroken
from domain.model.checklist import ChecklistItem, ChecklistTemplate
from tests.factories import meta


def item(item_id: str = "safety", **overrides: object) -> ChecklistItem:
    facts: dict[str, object] = {
        "item_id": item_id,
        "text": "临边洞口防护到位",
        "category": "安全",
        "photo_required": True,
    }
    return ChecklistItem(**(facts | overrides))  # type: ignore[arg-type]


FIRST = [item("safety"), item("progress", photo_required=False)]
SECOND = [*FIRST, item("permits", text="施工许可证公示", category="手续")]
FIRST_T = tuple(FIRST)


def new_template(
    name: str = "在建项目检查", jurisdiction: str = "610502"
) -> ChecklistTemplate:
    return ChecklistTemplate.create(
        id=uuid4(), meta=meta(), name=name, jurisdiction=jurisdiction
    )


def published_template() -> ChecklistTemplate:
    template = new_template()
    template.publish(meta(), FIRST)
    return template


def retired_template() -> ChecklistTemplate:
    template = published_template()
    template.retire(meta(), "并入综合检查表")
    return template


# The aggregate ------------------------------------------------------------------


def test_a_new_template_has_nothing_to_inspect_yet() -> None:
    template = new_template()
    assert (template.latest_version, template.versions, template.retired) == (
        0,
        {},
        False,
    )
    with pytest.raises(RuleBroken, match="no published version"):
        template.items()


def test_each_publication_is_a_new_version_and_the_old_ones_stay() -> None:
    template = published_template()
    template.publish(meta(), SECOND)
    assert template.latest_version == 2
    assert template.items() == SECOND
    assert template.items(1) == FIRST


@pytest.mark.parametrize("version", [0, 3, -1])
def test_asking_for_a_version_never_published_is_invalid(version: int) -> None:
    with pytest.raises(InvalidValue, match="no version"):
        published_template().items(version)


def test_republishing_the_latest_items_unchanged_is_refused() -> None:
    template = published_template()
    with pytest.raises(RuleBroken, match="version 1 has these items"):
        template.publish(meta(), list(FIRST))


def test_the_same_items_in_another_order_make_a_new_version() -> None:
    template = published_template()
    template.publish(meta(), FIRST[::-1])
    assert template.items() == FIRST[::-1]


BAD_ITEM_LISTS: list[tuple[str, list[ChecklistItem]]] = [
    ("items", []),
    ("items", [item(f"i{n}") for n in range(201)]),
    ("items", [item("safety"), item("safety", text="重复")]),
    ("item_id", [item("")]),
    ("item_id", [item("a b")]),
    ("item_id", [item("x" * 33)]),
    ("item_id", [item("安全")]),
    ("item_id", [item("../etc")]),
    ("text", [item(text="  ")]),
    ("text", [item(text="防护\x00到位")]),
    ("text", [item(text="x" * 501)]),
    ("category", [item(category="")]),
    ("category", [item(category="安全\n进度")]),
    ("photo_required", [item(photo_required="yes")]),
]


@pytest.mark.parametrize(("field", "items"), BAD_ITEM_LISTS)
def test_a_malformed_item_list_is_not_published(
    field: str, items: list[ChecklistItem]
) -> None:
    template = new_template()
    with pytest.raises(InvalidValue) as refused:
        template.publish(meta(), items)
    assert refused.value.field == field
    assert template.latest_version == 0


def test_two_hundred_items_are_allowed() -> None:
    template = new_template()
    template.publish(meta(), [item(f"i.{n}-x_") for n in range(200)])
    assert len(template.items()) == 200


@pytest.mark.parametrize(
    ("field", "name", "jurisdiction"),
    [
        ("name", "", "610502"),
        ("name", "\u202e查检", "610502"),
        ("name", "x" * 201, "610502"),
        ("jurisdiction", "在建项目检查", "6"),
        ("jurisdiction", "在建项目检查", "61050a"),
    ],
)
def test_a_template_needs_a_clean_name_and_a_jurisdiction_code(
    field: str, name: str, jurisdiction: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        new_template(name, jurisdiction)
    assert refused.value.field == field


def test_a_retired_template_still_shows_its_items() -> None:
    template = retired_template()
    assert template.retired
    assert template.items() == FIRST


@pytest.mark.parametrize(
    "action",
    [
        lambda t: t.publish(meta(), SECOND),
        lambda t: t.retire(meta(), "再次停用"),
        lambda t: t.require_active(),
    ],
)
def test_a_retired_template_takes_nothing_more(
    action: Callable[[ChecklistTemplate], None],
) -> None:
    template = retired_template()
    before = copy.deepcopy(vars(template))
    with pytest.raises(RuleBroken, match="retired"):
        action(template)
    assert vars(template) == before


def test_retiring_needs_a_reason() -> None:
    with pytest.raises(InvalidValue, match="reason"):
        published_template().retire(meta(), " ")


# Through the service ------------------------------------------------------------


def create(template_id: UUID, jurisdiction: str = "610502") -> CreateChecklistTemplate:
    return CreateChecklistTemplate(
        template_id=template_id, name="在建项目检查", jurisdiction=jurisdiction
    )


def test_a_published_version_is_stored_and_read_back(app: SiteLedger) -> None:
    template_id = uuid4()
    app.execute(create(template_id), meta())
    app.execute(PublishChecklistVersion(template_id=template_id, items=FIRST_T), meta())
    outcome = app.execute(
        PublishChecklistVersion(template_id=template_id, items=tuple(SECOND)), meta()
    )
    template = app.load(ChecklistTemplate, template_id)
    assert outcome.version == template.version == 3
    assert (template.name, template.jurisdiction) == ("在建项目检查", "610502")
    assert template.items(1) == FIRST
    assert template.items() == SECOND


def test_a_retirement_is_stored(app: SiteLedger) -> None:
    template_id = uuid4()
    app.execute(create(template_id), meta())
    app.execute(RetireChecklistTemplate(template_id=template_id, reason="停用"), meta())
    assert app.load(ChecklistTemplate, template_id).retired


REFUSALS: list[tuple[type[DomainError], Callable[[UUID], Command]]] = [
    (AlreadyExists, create),
    (InvalidValue, lambda _: create(uuid4(), jurisdiction="")),
    (NotFound, lambda _: PublishChecklistVersion(template_id=uuid4(), items=FIRST_T)),
    (InvalidValue, lambda t: PublishChecklistVersion(template_id=t, items=())),
    (RuleBroken, lambda t: PublishChecklistVersion(template_id=t, items=FIRST_T)),
    (NotFound, lambda _: RetireChecklistTemplate(template_id=uuid4(), reason="停用")),
    (InvalidValue, lambda t: RetireChecklistTemplate(template_id=t, reason="")),
]


@pytest.mark.parametrize(("error", "command"), REFUSALS)
def test_a_refused_command_appends_nothing(
    app: SiteLedger, error: type[DomainError], command: Callable[[UUID], Command]
) -> None:
    template_id = uuid4()
    app.execute(create(template_id), meta())
    app.execute(PublishChecklistVersion(template_id=template_id, items=FIRST_T), meta())
    count = app.notification_count()
    with pytest.raises(error):
        app.execute(command(template_id), meta())
    assert app.notification_count() == count
    assert app.load(ChecklistTemplate, template_id).version == 2
