"""The value checks every aggregate shares (`domain/values.py`)."""

import pytest

from domain import values
from domain.errors import InvalidValue


@pytest.mark.parametrize("code", ["٦١٠٥", "６１０５", "61 05", "6", "6105020010041"])
def test_a_place_code_is_two_to_twelve_ascii_digits(code: str) -> None:
    """Digits of other scripts are digits to Python's `\\d`, never to a place code:
    the API refuses them in a body and in a query alike, by the same pattern."""
    with pytest.raises(InvalidValue, match="2 to 12 digits"):
        values.jurisdiction(code)


@pytest.mark.parametrize(
    ("fix", "field"),
    [
        (values.GeoFix(90.5, 0, 5), "lat"),
        (values.GeoFix(0, -180.5, 5), "lon"),
        (values.GeoFix(0, 0, 100_001), "accuracy_m"),
    ],
)
def test_a_gps_fix_out_of_its_bounds_names_the_field(
    fix: values.GeoFix, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        fix.check()
    assert refused.value.field == field
