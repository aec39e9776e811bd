"""Plain rows the counting engine works on.

The report builder (the only module that queries) materialises a period into these frozen
dataclasses; everything downstream (counting, phrasing, rendering) is pure and testable without a
database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from speechwatch.lib.dates import month_bounds

__all__ = ["CategoryInfo", "IncidentRow", "Period", "PublishedFigure", "Taxonomy"]


@dataclass(frozen=True)
class IncidentRow:
    """One incident record (the unit of counting: a *report*).

    ``categories`` holds the most specific codes the incident was classified with; the engine adds
    their ancestors itself. ``legal_refs`` are in normal form ("PC 274", "CAO 456-2").
    ``is_new_case`` matters for blocks counted "new cases only" (L): False means the incident is a
    report on a case already followed in an earlier month.
    """

    id: int
    recorded_on: date
    categories: tuple[str, ...]
    victim_types: tuple[str, ...] = ()
    perpetrator_types: tuple[str, ...] = ()
    region: str = ""
    legal_refs: tuple[str, ...] = ()
    case_ids: tuple[int, ...] = ()
    is_new_case: bool = True
    occurred_on: date | None = None  # only used when the rules assign months by occurrence


@dataclass(frozen=True)
class CategoryInfo:
    """A taxonomy node as the engine needs it; ``block`` is the code of its top-level ancestor."""

    code: str
    parent: str | None
    block: str
    labels: Mapping[str, str] = field(default_factory=dict)
    depth: int = 0
    position: int = 0


@dataclass(frozen=True)
class Period:
    """A closed range of days ``[start, end]``, e.g. a month or January..month (year to date)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first, last = month_bounds(year, month)
        return cls(first, last)

    @classmethod
    def year_to_date(cls, year: int, month: int) -> Period:
        """January 1st to the end of ``month`` of ``year``."""
        return cls(date(year, 1, 1), month_bounds(year, month)[1])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def same_period_last_year(self) -> Period:
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _shift_year(day: date, delta: int) -> date:
    # 29 February has no twin in a common year; the month end is the honest equivalent.
    try:
        return day.replace(year=day.year + delta)
    except ValueError:
        return month_bounds(day.year + delta, day.month)[1]


@dataclass(frozen=True)
class PublishedFigure:
    """A figure known only from a published overview (no incident-level data for that period)."""

    period: Period
    code: str
    count: int


class Taxonomy:
    """The category tree as the engine sees it: lookups by code, ancestors, children in order."""

    def __init__(self, categories: Sequence[CategoryInfo]) -> None:
        self._by_code: dict[str, CategoryInfo] = {}
        for info in categories:
            if info.code in self._by_code:
                raise ValueError(f"taxonomy: category {info.code!r} is listed twice")
            self._by_code[info.code] = info
        for info in categories:
            if info.parent is not None and info.parent not in self._by_code:
                raise ValueError(
                    f"taxonomy: category {info.code!r} has unknown parent {info.parent!r}"
                )
        self._children: dict[str | None, list[CategoryInfo]] = {}
        for info in sorted(categories, key=lambda c: (c.position, c.code)):
            self._children.setdefault(info.parent, []).append(info)
        self._lineage: dict[str, tuple[str, ...]] = {
            code: self._walk_up(code) for code in self._by_code
        }

    def _walk_up(self, code: str) -> tuple[str, ...]:
        chain: list[str] = []
        current: str | None = code
        while current is not None:
            if current in chain:
                raise ValueError(f"taxonomy: category {code!r} is its own ancestor")
            chain.append(current)
            current = self._by_code[current].parent
        return tuple(chain)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> CategoryInfo:
        return self._by_code[code]

    def codes(self) -> list[str]:
        return list(self._by_code)

    def lineage(self, code: str) -> tuple[str, ...]:
        """The code itself followed by its ancestors up to the root."""
        return self._lineage[code]

    def block_of(self, code: str) -> str:
        return self._by_code[code].block

    def children(self, code: str) -> list[CategoryInfo]:
        return list(self._children.get(code, ()))

    def is_within(self, code: str, ancestor: str) -> bool:
        return ancestor in self._lineage[code]

    def label(self, code: str, lang: str) -> str | None:
        info = self._by_code.get(code)
        return None if info is None else info.labels.get(lang)
