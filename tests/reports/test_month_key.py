"""Month keys as the command line and the editor write them ("2024-04")."""

from __future__ import annotations

import pytest

from speechwatch.reports.compose import month_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-04", (2024, 4)), (" 1900-01 ", (1900, 1)), ("2200-12", (2200, 12))],
)
def test_accepted(text: str, expected: tuple[int, int]) -> None:
    assert month_key(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000-01", "the year must be 1900..2200"),
        ("1899-12", "the year must be 1900..2200"),
        ("2201-01", "the year must be 1900..2200"),
        ("2024-13", "expected YYYY-MM"),
        ("2024-00", "expected YYYY-MM"),
        ("2024-4", "expected YYYY-MM"),
        ("april", "expected YYYY-MM"),
    ],
)
def test_refused_naming_the_value(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        month_key(text)
    assert repr(text) in str(caught.value)
