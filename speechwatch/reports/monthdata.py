"""What the load stage hands on: one month as plain frozen dataclasses (no database access).

``build.build_month`` fills ``MonthData``; ``compose`` and ``consistency`` read it. Kept apart
from build.py so the later stages never import the module that queries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from speechwatch.reports.counting import BlockSpec, Figures
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, Taxonomy

__all__ = [
    "CaseData",
    "CaseIncidentData",
    "CaseStageData",
    "CheckRow",
    "EventData",
    "Footer",
    "IncidentBrief",
    "LegislativeEntryData",
    "MonthData",
    "PeriodCounts",
]

Texts = Mapping[str, str]


# -- the materialised month -------------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    external_id: str
    date: date
    title: Texts
    text: Texts


@dataclass(frozen=True)
class LegislativeEntryData:
    item_external_id: str
    item_title: Texts
    item_summary: Texts
    stage: str
    date: date
    note: Texts


@dataclass(frozen=True)
class CaseStageData:
    date: date
    stage: str
    outcome: str
    body: str
    note: Texts


@dataclass(frozen=True)
class CaseIncidentData:
    external_id: str
    recorded_on: date
    occurred_on: date | None
    title: Texts


@dataclass(frozen=True)
class CaseData:
    external_id: str
    kind: str
    title: Texts
    summary: Texts
    opened_on: date | None
    stages: tuple[CaseStageData, ...]
    incidents: tuple[CaseIncidentData, ...]  # published incidents only


@dataclass(frozen=True)
class IncidentBrief:
    """A published incident recorded in the month, as an "Also in <month>" item needs it."""

    id: int
    external_id: str
    recorded_on: date
    occurred_on: date | None
    occurred_precision: str
    title: Texts
    summary: Texts


@dataclass(frozen=True)
class CheckRow:
    """A non-rejected incident recorded in the month, for the pre-publication checks."""

    external_id: str
    status: str
    title: Texts
    occurred_on: date | None
    categories: tuple[str, ...]
    region: str
    has_source: bool
    victims: tuple[str, ...]


@dataclass(frozen=True)
class PeriodCounts:
    """Aggregate counts of a period under the counting rules (published incidents only).

    ``counts``: code -> distinct incidents having it or a category below it (new-cases-only
    blocks without reports on ongoing cases); ``ongoing``: block -> reports on ongoing cases;
    ``legal``: item code -> legal reference -> distinct incidents.
    """

    period: Period
    counts: Mapping[str, int]
    ongoing: Mapping[str, int] = field(default_factory=dict)
    legal: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)


@dataclass(frozen=True)
class Footer:
    organisation: str
    email: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonthData:
    year: int
    month: int
    taxonomy_code: str
    categories: tuple[CategoryInfo, ...]
    rows: tuple[IncidentRow, ...]
    incidents: tuple[IncidentBrief, ...]
    events: tuple[EventData, ...]
    legislation: tuple[LegislativeEntryData, ...]
    cases: tuple[CaseData, ...]  # published cases with a stage in the month + requested ones
    default_featured: tuple[str, ...]  # external ids of published cases with a stage this month
    previous_month: PeriodCounts | None
    ytd: PeriodCounts | None
    ytd_last_year: PeriodCounts | None
    # ("2023-05", {block: count}) x 12; None for a month without data (no counted incident and
    # no published overview): a gap in the chart, never a zero.
    history: tuple[tuple[str, Mapping[str, int] | None], ...]
    regions: tuple[tuple[str, Texts, int], ...]  # (code, labels, incidents), most first
    footer: Footer
    checks: tuple[CheckRow, ...] = ()
    # The month's figures when build counted them under ``spec`` (then ``rows`` is empty).
    figures: Figures | None = None
    spec: tuple[BlockSpec, ...] | None = None
    # Months of the comparisons and the 12-month chart without incidents, whose figures were
    # read back from published overviews ("2023-04", ...).
    published_months: tuple[str, ...] = ()
    # How the monthly figures were obtained: fresh (cache, nothing written since), checked
    # (cache, fingerprint re-checked), computed (from the incidents).
    cache_stats: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @cached_property  # read for every stage and date a report places in its month
    def period(self) -> Period:
        return Period.month(self.year, self.month)

    def taxonomy(self) -> Taxonomy:
        return Taxonomy(self.categories)
