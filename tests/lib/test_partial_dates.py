"""parse_partial_date / PartialDate: dates known to the day, the month, or not at all."""

from datetime import date

import pytest

from speechwatch.lib.dates import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("text", "value", "precision", "iso"),
    [
        ("2024-04-06", date(2024, 4, 6), "day", "2024-04-06"),
        ("  2024-04-06 ", date(2024, 4, 6), "day", "2024-04-06"),
        ("2024-4-6", date(2024, 4, 6), "day", "2024-04-06"),
        ("2024-02-29", date(2024, 2, 29), "day", "2024-02-29"),
        ("06.04.2024", date(2024, 4, 6), "day", "2024-04-06"),
        ("6.4.2024", date(2024, 4, 6), "day", "2024-04-06"),
        ("2024-04", date(2024, 4, 1), "month", "2024-04"),
        ("2024-12", date(2024, 12, 1), "month", "2024-12"),
        ("04.2024", date(2024, 4, 1), "month", "2024-04"),
        ("", None, "unknown", ""),
        ("   ", None, "unknown", ""),
        (None, None, "unknown", ""),
    ],
)
def test_parses(text: str | None, value: date | None, precision: str, iso: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed == PartialDate(value, precision)  # type: ignore[arg-type]
    assert parsed.iso() == iso
    assert str(parsed) == iso


@pytest.mark.parametrize(
    "text",
    [
        "2024-13-01",
        "2024-02-30",
        "2023-02-29",
        "2024-00",
        "2024-13",
        "31.02.2024",
        "13.2024",
        "2024",
        "April 2024",
        "2024-04-06x",
        "2024/04/06",
        "06-04-2024",
        "yesterday",
    ],
)
def test_rejects_with_clear_message(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_partial_date(text)
    assert str(err.value) == f"not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or empty)"


def test_message_matches_documented_example() -> None:
    with pytest.raises(ValueError, match=r"^not a date: '2024-13-01' \(expected YYYY-MM-DD, "):
        parse_partial_date("2024-13-01")


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (date(2024, 4, 6), "unknown"),  # unknown must carry no value
        (None, "day"),
        (None, "month"),
        (date(2024, 4, 6), "month"),  # month precision is the 1st
    ],
)
def test_inconsistent_states_are_refused(value: date | None, precision: str) -> None:
    with pytest.raises(ValueError):
        PartialDate(value, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("partial", "bounds"),
    [
        (PartialDate.of_day(date(2024, 4, 6)), (date(2024, 4, 6), date(2024, 4, 6))),
        (PartialDate.of_month(2024, 2), (date(2024, 2, 1), date(2024, 2, 29))),
        (PartialDate.unknown(), None),
    ],
)
def test_bounds(partial: PartialDate, bounds: tuple[date, date] | None) -> None:
    assert partial.bounds() == bounds
    assert partial.is_known is (bounds is not None)


def test_round_trip_through_iso() -> None:
    for text in ("2024-04-06", "2024-04", ""):
        assert parse_partial_date(parse_partial_date(text).iso()).iso() == text


def test_is_hashable_and_frozen() -> None:
    d = parse_partial_date("2024-04")
    assert {d, parse_partial_date("04.2024")} == {d}
    with pytest.raises(AttributeError):
        d.precision = "day"  # type: ignore[misc]
