"""Partial dates and month arithmetic.

Incidents are often known only to the month ("in April, ...") or not dated at all, so a date
is stored together with its precision instead of inventing a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "unknown"]

__all__ = [
    "QUERY_YEARS",
    "BadParameter",
    "PartialDate",
    "Precision",
    "add_months",
    "month_bounds",
    "parse_date",
    "parse_month",
    "parse_partial_date",
    "query_date",
    "query_month",
]

# Full-string patterns only: a partial match such as "2024-04-06x" must be rejected, not trimmed.
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DOTTED_MONTH = re.compile(r"(\d{1,2})\.(\d{4})")

_PARTIAL_EXPECTED = "expected YYYY-MM-DD, YYYY-MM or empty"


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, to the month (``value`` is the 1st) or not at all."""

    value: date | None
    precision: Precision

    def __post_init__(self) -> None:
        # Keep the two fields consistent so comparisons and iso() never see odd states.
        if self.precision == "unknown":
            if self.value is not None:
                raise ValueError("an unknown date must not carry a value")
        elif self.value is None:
            raise ValueError(f"a {self.precision}-precision date needs a value")
        elif self.precision == "month" and self.value.day != 1:
            raise ValueError("a month-precision date must be the 1st of the month")

    @classmethod
    def unknown(cls) -> PartialDate:
        return cls(None, "unknown")

    @classmethod
    def of_day(cls, value: date) -> PartialDate:
        return cls(value, "day")

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        return cls(date(year, month, 1), "month")

    @property
    def is_known(self) -> bool:
        return self.precision != "unknown"

    def iso(self) -> str:
        """ "2024-04-06", "2024-04" or "" depending on precision."""
        if self.value is None:
            return ""
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    def bounds(self) -> tuple[date, date] | None:
        """Earliest and latest day the date may stand for (None when unknown)."""
        if self.value is None:
            return None
        if self.precision == "month":
            return month_bounds(self.value.year, self.value.month)
        return (self.value, self.value)

    def __str__(self) -> str:
        return self.iso()


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_partial_date(text: str | None) -> PartialDate:
    """Read "2024-04-06", "2024-04", "06.04.2024", "04.2024" or ""/None (unknown)."""
    if text is None:
        return PartialDate.unknown()
    s = text.strip()
    if not s:
        return PartialDate.unknown()
    d: date | None = None
    precision: Precision = "day"
    if m := _ISO_DAY.fullmatch(s):
        d = _make_date(int(m[1]), int(m[2]), int(m[3]))
    elif m := _DOTTED_DAY.fullmatch(s):
        d = _make_date(int(m[3]), int(m[2]), int(m[1]))
    elif m := _ISO_MONTH.fullmatch(s):
        d, precision = _make_date(int(m[1]), int(m[2]), 1), "month"
    elif m := _DOTTED_MONTH.fullmatch(s):
        d, precision = _make_date(int(m[2]), int(m[1]), 1), "month"
    if d is None:
        raise ValueError(f"not a date: {text!r} ({_PARTIAL_EXPECTED})")
    return PartialDate(d, precision)


def parse_date(text: str) -> date:
    """Strict ISO day "YYYY-MM-DD" (zero-padded)."""
    s = (text or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        d = _make_date(int(s[:4]), int(s[5:7]), int(s[8:10]))
        if d is not None:
            return d
    raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD)")


def parse_month(text: str) -> tuple[int, int]:
    """ "2024-04" -> (2024, 4); year 0000 is refused like month 00 (no calendar has it)."""
    s = (text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m[2]) <= 12 and int(m[1]) >= 1:
        return int(m[1]), int(m[2])
    raise ValueError(f"not a month: {text!r} (expected YYYY-MM)")


# --- query parameters ---------------------------------------------------------------------------
#
# One parser for every date or month a person types into a URL (filters, the report workspace):
# strict ISO, a real calendar day, and a year in QUERY_YEARS. The range is deliberately narrower
# than Python's 1..9999: nothing monitored predates 1900, and a year such as 0000 or 9999 would
# otherwise reach month arithmetic and the database as an impossible value.

QUERY_YEARS = (1900, 2200)
_QUERY_TEXT_MAX = 40  # a date is 10 characters; anything far longer is not worth echoing back


class BadParameter(ValueError):
    """A query parameter that cannot be used; `param` names it, str() is a readable sentence."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def _shown(text: str) -> str:
    short = text if len(text) <= _QUERY_TEXT_MAX else text[:_QUERY_TEXT_MAX] + "…"
    return repr(short)


def _check_query_year(param: str, text: str, year: int) -> None:
    low, high = QUERY_YEARS
    if not low <= year <= high:
        raise BadParameter(param, f"{_shown(text)}: the year must be {low}..{high}")


def query_month(param: str, text: str) -> tuple[int, int]:
    """A month parameter "YYYY-MM" -> (year, month); BadParameter naming `param` otherwise."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip()) if isinstance(text, str) else None
    if m is None:
        raise BadParameter(param, f"{_shown(str(text))} is not a month (expected YYYY-MM)")
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise BadParameter(param, f"{_shown(text)}: the month must be 01..12")
    _check_query_year(param, text, year)
    return year, month


def query_date(param: str, text: str) -> date:
    """A day parameter "YYYY-MM-DD" -> date; refuses 2024-02-30, month 13, year 0000 by name."""
    m = (
        re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text.strip())
        if isinstance(text, str)
        else None
    )
    if m is None:
        raise BadParameter(param, f"{_shown(str(text))} is not a date (expected YYYY-MM-DD)")
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        raise BadParameter(param, f"{_shown(text)}: the month must be 01..12")
    _check_query_year(param, text, year)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise BadParameter(param, f"{_shown(text)}: {year:04d}-{month:02d} has days 01..{last:02d}")
    return date(year, month, day)


def _check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if not 1 <= year <= 9999:
        raise ValueError(f"year must be 1..9999, got {year}")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of the month."""
    _check_month(year, month)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Shift (year, month) by ``delta`` months, crossing year boundaries either way."""
    _check_month(year, month)
    # Work in a zero-based month index so negative deltas floor-divide correctly.
    index = year * 12 + (month - 1) + delta
    new_year, new_month0 = divmod(index, 12)
    _check_month(new_year, new_month0 + 1)
    return new_year, new_month0 + 1
