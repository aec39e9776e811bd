"""parse_date, parse_month, month_bounds, add_months."""

from datetime import date

import pytest

from speechwatch.lib.dates import add_months, month_bounds, parse_date, parse_month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-06", date(2024, 4, 6)),
        (" 2024-04-06 ", date(2024, 4, 6)),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2024-04", "2024-4-6", "06.04.2024", "2024-02-30", "1900-02-29", "2024-04-06T00"]
)
def test_parse_date_is_strict(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not a date: .* \(expected YYYY-MM-DD\)$"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-04", (2024, 4)), ("1999-12", (1999, 12)), (" 2024-01 ", (2024, 1))],
)
def test_parse_month(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["", "2024-13", "2024-00", "2024-4", "04.2024", "2024-04-01"])
def test_parse_month_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not a month: .* \(expected YYYY-MM\)$"):
        parse_month(text)


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2024, 1, date(2024, 1, 1), date(2024, 1, 31)),
        (2024, 2, date(2024, 2, 1), date(2024, 2, 29)),
        (2023, 2, date(2023, 2, 1), date(2023, 2, 28)),
        (1900, 2, date(1900, 2, 1), date(1900, 2, 28)),
        (2000, 2, date(2000, 2, 1), date(2000, 2, 29)),
        (2024, 4, date(2024, 4, 1), date(2024, 4, 30)),
        (2024, 12, date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_month_bounds(year: int, month: int, first: date, last: date) -> None:
    assert month_bounds(year, month) == (first, last)


@pytest.mark.parametrize(("year", "month"), [(2024, 0), (2024, 13), (0, 1)])
def test_month_bounds_rejects(year: int, month: int) -> None:
    with pytest.raises(ValueError):
        month_bounds(year, month)


@pytest.mark.parametrize(
    ("year", "month", "delta", "expected"),
    [
        (2024, 4, 0, (2024, 4)),
        (2024, 4, 1, (2024, 5)),
        (2024, 12, 1, (2025, 1)),
        (2024, 1, -1, (2023, 12)),
        (2024, 4, -12, (2023, 4)),
        (2024, 4, 24, (2026, 4)),
        (2024, 4, -16, (2022, 12)),
        (2024, 11, 14, (2026, 1)),
    ],
)
def test_add_months(year: int, month: int, delta: int, expected: tuple[int, int]) -> None:
    assert add_months(year, month, delta) == expected


def test_add_months_rejects_bad_month() -> None:
    with pytest.raises(ValueError):
        add_months(2024, 13, 1)
