"""query_date / query_month: the one parser for dates and months in URLs (no database)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from speechwatch.lib.dates import QUERY_YEARS, BadParameter, parse_month, query_date, query_month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        (" 2024-04-06 ", date(2024, 4, 6)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
    ],
)
def test_query_date_accepts(text: str, expected: date) -> None:
    assert query_date("date_from", text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "2024-02 has days 01..29"),
        ("2024-02-31", "2024-02 has days 01..29"),
        ("2023-02-29", "2023-02 has days 01..28"),
        ("2024-04-31", "2024-04 has days 01..30"),
        ("2024-04-00", "2024-04 has days 01..30"),
        ("0000-00-00", "the month must be 01..12"),
        ("2024-13-01", "the month must be 01..12"),
        ("0000-01-01", "the year must be 1900..2200"),
        ("1899-12-31", "the year must be 1900..2200"),
        ("2201-01-01", "the year must be 1900..2200"),
        ("9999-12-31", "the year must be 1900..2200"),
        ("2024-4-6", "is not a date (expected YYYY-MM-DD)"),
        ("٢٠٢٤-٠٤-٠٦", "is not a date (expected YYYY-MM-DD)"),  # digits, but not ASCII ones
        ("2024-04-06\x00", "is not a date (expected YYYY-MM-DD)"),
        ("x" * 5000, "is not a date (expected YYYY-MM-DD)"),
    ],
)
def test_query_date_refuses_with_the_parameter_named(text: str, reason: str) -> None:
    with pytest.raises(BadParameter) as caught:
        query_date("date_to", text)
    assert caught.value.param == "date_to"
    assert str(caught.value).startswith("date_to: ")
    assert str(caught.value).endswith(reason)
    assert len(str(caught.value)) < 120  # an over-long value is shortened, not echoed whole


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0000-01", "the year must be 1900..2200"),
        ("2024-00", "the month must be 01..12"),
        ("2024-13", "the month must be 01..12"),
        ("2024-4", "is not a month (expected YYYY-MM)"),
        ("2024-04-01", "is not a month (expected YYYY-MM)"),
    ],
)
def test_query_month_refuses(text: str, reason: str) -> None:
    with pytest.raises(BadParameter, match=re.escape(reason)) as caught:
        query_month("month", text)
    assert caught.value.param == "month"


def test_query_month_accepts_the_whole_range() -> None:
    low, high = QUERY_YEARS
    assert query_month("month", f"{low}-01") == (low, 1)
    assert query_month("month", f"{high}-12") == (high, 12)


def test_parse_month_refuses_year_zero() -> None:
    # No calendar has a year 0: month_bounds() would fail on it later, so refuse it at the door.
    with pytest.raises(ValueError, match="not a month"):
        parse_month("0000-01")
