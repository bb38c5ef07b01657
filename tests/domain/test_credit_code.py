"""The unified social credit code: format, organisation-code check, final check."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.credit_code import CHARSET, check_character, organisation_check, validate
from domain.errors import InvalidValue

# Published codes of well-known enterprises and banks.
PUBLISHED = [
    "91350100M000100Y43",
    "914403001922038216",
    "91330100716105852F",
    "9144030071526726XG",
    "91440300708461136T",
    "91100000100003962T",
    "911000001000013428",
    "91110000710921189P",
    "91110108551385082Q",
    "911100007109250324",
]
VALID = PUBLISHED[0]


def with_final_check(first17: str) -> str:
    """A code whose final character agrees, whatever is wrong before it."""
    return first17 + check_character(first17)


@pytest.mark.parametrize("code", PUBLISHED)
def test_a_published_code_is_accepted_unchanged(code: str) -> None:
    assert validate(code) == code


def test_both_check_characters_of_a_published_code_are_computed() -> None:
    assert organisation_check("M000100Y") == "4"
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "18 characters"),
        (VALID[:-1], "18 characters"),
        (VALID + "3", "18 characters"),
        (f" {VALID[:-1]}", "not allowed"),
        (VALID.lower(), "not allowed"),
        ("91350100M000100I43", "not allowed"),
        ("91350100O000100Y43", "not allowed"),
        ("9135010SM000100Y43", "not allowed"),
        (with_final_check("B1350100M000100Y4"), "registration authority"),
        (with_final_check("9A350100M000100Y4"), "category"),
        (with_final_check("9135A100M000100Y4"), "division code"),
        (with_final_check("91350100M000100Y5"), "organisation code"),
        ("91350100M000100Y44", "final check"),
    ],
)
def test_a_malformed_code_is_refused_with_its_reason(code: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason) as refused:
        validate(code)
    assert refused.value.field == "credit_code"


@pytest.mark.parametrize(("body", "check"), [("00000006", "X"), ("00000000", "0")])
def test_organisation_remainders_ten_and_eleven_are_written_x_and_zero(
    body: str, check: str
) -> None:
    assert organisation_check(body) == check


@given(
    code=st.sampled_from(PUBLISHED),
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from(CHARSET + "IOZSVa -"),
)
def test_changing_any_one_character_makes_a_code_invalid(
    code: str, position: int, replacement: str
) -> None:
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidValue):
        validate(changed)
