"""A text field's limits are declared once (`domain/rules.py`): the request schemas
(so the OpenAPI document) say what the aggregates check, and both refuse alike."""

import pytest

from domain import rules
from domain.errors import InvalidValue
from tests.api.openapi_snapshot import generated
from tests.domain.test_issue import DEADLINE, raised_issue
from tests.factories import meta


def test_the_document_bounds_each_text_field_by_its_domain_rule() -> None:
    bounded = 0
    for name, schema in generated()["schemas"].items():
        owner = name.removesuffix("Request")
        for field, said in schema.get("properties", {}).items():
            rule = rules.rule_of(owner, field)
            if rule is not None and "pattern" in said:  # a text rule made it
                assert said["maxLength"] == rule.limit, (name, field)
                assert said.get("minLength") == (0 if rule.optional else 1)
                bounded += 1
    assert bounded > 50


def test_the_domain_refuses_one_character_past_the_rule() -> None:
    longest = "局" * rules.DEPARTMENT.limit
    with pytest.raises(InvalidValue, match=f"at most {len(longest)} characters"):
        raised_issue().assign(meta(), longest + "局", DEADLINE)
    with pytest.raises(InvalidValue, match="at most 4000 characters"):
        raised_issue(description="述" * (rules.DESCRIPTION.limit + 1))
    raised_issue().assign(meta(), longest, DEADLINE)
    raised_issue(description="述" * rules.DESCRIPTION.limit)
