"""Periods and dates named in overview text (en, ru, kk). Pure.

A period is a month, a quarter, a half-year or a year; its label is "2024-04", "2024-Q1",
"2024-H1" or "2024".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Period", "find_date_at_start", "find_periods", "month_number"]

EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
EN_ABBR = {m[:3]: i + 1 for i, m in enumerate(EN_MONTHS)} | {"sept": 9}
RU_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
            "октябр", "ноябр", "декабр")  # fmt: skip
KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip

_EN_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"  # noqa: E501
_RU_MONTH = r"(?:январ[ьяею]|феврал[ьяею]|март[аеу]?|апрел[ьяею]|ма[йяею]|июн[ьяею]|июл[ьяею]|август[аеу]?|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею])"  # noqa: E501
# "қыркүйегі": a final к/қ voices before a vowel ending (қыркүйек → қыркүйег-і).
_KK_MONTH = r"(?:" + "|".join(KK_MONTHS) + r"|қыркүйег)[а-яәғқңөұүһі]*"
MONTH_RE = f"(?:{_EN_MONTH}|{_RU_MONTH}|{_KK_MONTH})"


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in EN_MONTHS:
        return EN_MONTHS.index(w) + 1
    if w[:4] in EN_ABBR or w[:3] in EN_ABBR:
        return EN_ABBR.get(w[:4]) or EN_ABBR.get(w[:3])
    for i, kk in enumerate(KK_MONTHS):
        if w.startswith(kk):
            return i + 1
    if w.startswith("қыркүйег"):
        return 9
    if re.fullmatch(_RU_MONTH, w):
        for i, stem in enumerate(RU_STEMS):
            if i == 4:
                if w in ("май", "мая", "мае", "маю"):
                    return 5
                continue
            if w.startswith(stem):
                return i + 1
    return None


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | half | year
    year: int
    index: int = 0  # month 1-12, quarter 1-4, half 1-2; 0 for a year

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return f"{self.year}"

    @property
    def months(self) -> tuple[int, int]:
        size = {"month": 1, "quarter": 3, "half": 6}.get(self.kind, 12)
        first = (self.index - 1) * size + 1 if self.kind != "year" else 1
        return first, first + size - 1

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        last = self.months[1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @classmethod
    def from_label(cls, label: str) -> Period:
        m = re.fullmatch(r"(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?", label.strip())
        if not m:
            raise ValueError(f"not a period: {label!r} (expected YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY)")
        year = int(m.group(1))
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"not a month: {label!r}")
            return cls("month", year, month)
        if m.group(3):
            return cls("quarter", year, int(m.group(3)))
        if m.group(4):
            return cls("half", year, int(m.group(4)))
        return cls("year", year)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORD = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "перв": 1, "втор": 2, "трет": 3, "четв": 4,
    "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4,
}  # fmt: skip
_YEAR = r"((?:19|20)\d\d)"
_QWORD = r"(first|second|third|fourth|1st|2nd|3rd|4th|перв\w*|втор\w*|трет\w*|четв\w*|бірінші|екінші|үшінші|төртінші|iv|iii|ii|i|[1-4])"  # noqa: E501

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(rf"\b({MONTH_RE})\s*[-–—]\s*({MONTH_RE}),?\s+(?:of\s+)?{_YEAR}", re.I)),
    ("quarter", re.compile(rf"\bq([1-4])\s*[-/ ]?\s*{_YEAR}\b", re.I)),
    (
        "quarter",
        re.compile(
            rf"(?<!\w){_QWORD}[-\s]*(?:й\s+)?(?:quarter|квартал\w*|тоқсан\w*)\s*,?\s*(?:of\s+)?(?:the\s+year\s+)?{_YEAR}",
            re.I,
        ),
    ),
    ("quarter_kk", re.compile(rf"{_YEAR}\s+жылғы?\s+{_QWORD}\s*тоқсан", re.I)),
    (
        "half",
        re.compile(
            rf"(?<!\w)(first|second|1st|2nd|перв\w*|втор\w*|i|ii|1|2)[-\s]*(?:е\s+)?(?:half|полугоди\w*)\s*(?:of\s+)?(?:the\s+year\s+)?{_YEAR}",
            re.I,
        ),
    ),
    ("month", re.compile(rf"\b({MONTH_RE}),?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    # "2024 жылғы сәуір", "2022 жылдың 22-29 қыркүйегі" (a week of a month)
    (
        "month_kk",
        re.compile(
            rf"{_YEAR}\s+жыл\w*\s+(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s*-?\s*)?({_KK_MONTH})", re.I
        ),
    ),
    ("year", re.compile(rf"(?<![\d.\-/]){_YEAR}(?![\d\-/.]\d)", re.I)),
]


def _ordinal(word: str) -> int:
    w = word.lower()
    if w in _ROMAN:
        return _ROMAN[w]
    if w.isdigit():
        return int(w)
    for k, v in _ORD.items():
        if w.startswith(k):
            return v
    return 0


def find_periods(text: str, *, years: bool = True) -> list[tuple[int, Period]]:
    """(position, period) for every period named in `text`, most specific match per place."""
    found: list[tuple[int, int, Period]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern in _PATTERNS:
        if kind == "year" and not years:
            continue
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            p = _period(kind, m)
            if p is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), p))
    found.sort(key=lambda t: t[0])
    return [(s, p) for s, _e, p in found]


def _period(kind: str, m: re.Match[str]) -> Period | None:
    g = m.groups()
    if kind == "range":
        a, b, year = month_number(g[0]), month_number(g[1]), int(g[2])
        if not a or not b:
            return None
        if (a, b) == (1, 12):
            return Period("year", year)
        if b - a == 2 and a % 3 == 1:
            return Period("quarter", year, (a + 2) // 3)
        if b - a == 5 and a in (1, 7):
            return Period("half", year, 1 if a == 1 else 2)
        return Period("month", year, b) if a == b else None
    if kind == "quarter":
        q = _ordinal(g[0])
        return Period("quarter", int(g[1]), q) if 1 <= q <= 4 else None
    if kind == "quarter_kk":
        q = _ordinal(g[1])
        return Period("quarter", int(g[0]), q) if 1 <= q <= 4 else None
    if kind == "half":
        h = _ordinal(g[0])
        return Period("half", int(g[1]), h) if h in (1, 2) else None
    if kind == "month":
        month = month_number(g[0])
        return Period("month", int(g[1]), month) if month else None
    if kind == "month_kk":
        month = month_number(g[1])
        return Period("month", int(g[0]), month) if month else None
    return Period("year", int(g[0]))


# ---------------------------------------------------------------- dated entries

_LEAD_ON = r"(?:on\s+(?:the\s+(?:\w+\s+){1,2}of\s+)?)?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_STARTS = [
    # "April 6:", "On April 1, …", "On the evening of April 24, …", "January 12 — …"
    ("md", re.compile(rf"^{_LEAD_ON}({_EN_MONTH})\s+{_DAY}\b(?:,?\s+{_YEAR})?", re.I)),
    # "6 April:", "12 января", "1 апреля 2024 года –", "12 қаңтарда"
    (
        "dm",
        re.compile(
            rf"^{_LEAD_ON}{_DAY}\s+({MONTH_RE})(?![а-яё])(?:\s+{_YEAR}(?:\s*(?:года|г\.|жыл\w*))?)?",
            re.I,
        ),
    ),
    ("kk", re.compile(rf"^{_YEAR}\s+жылғы?\s+{_DAY}\s+({_KK_MONTH})", re.I)),
    # weekly lists: "Январь, 12", "Июнь, 01"
    ("mdru", re.compile(rf"^({_RU_MONTH}|{_KK_MONTH}),?\s+{_DAY}\b", re.I)),
    ("dotted", re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")),
    ("iso", re.compile(r"^((?:19|20)\d\d)-(\d{2})-(\d{2})\b")),
]
_AFTER_DATE = re.compile(r"^\s*(?:[:,.;—–-]|\s|$)")


def find_date_at_start(line: str, default_year: int | None) -> tuple[date | None, int]:
    """The date a narrative entry opens with, and where the date ends; (None, 0) if none."""
    for kind, pattern in _DATE_STARTS:
        m = pattern.match(line)
        if not m or not _AFTER_DATE.match(line[m.end() :]):
            continue
        g = m.groups()
        try:
            if kind == "md":
                month, day, year = month_number(g[0]), int(g[1]), g[2]
            elif kind == "mdru":
                month, day, year = month_number(g[0]), int(g[1]), None
            elif kind == "dm":
                day, month, year = int(g[0]), month_number(g[1]), g[2]
            elif kind == "kk":
                year, day, month = g[0], int(g[1]), month_number(g[2])
            elif kind == "dotted":
                day, month, year = int(g[0]), int(g[1]), g[2]
            else:
                year, month, day = g[0], int(g[1]), int(g[2])
            y = int(year) if year else default_year
            if not month or y is None:
                continue
            return date(y, month, day), m.end()
        except ValueError:
            continue
    return None, 0
