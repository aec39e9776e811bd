"""Materialise one month of the database into plain frozen dataclasses (``MonthData``).

This is the only module of the report pipeline that queries. Everything it returns is public:
confidential fields (internal notes, confidential sources, correspondents) are never selected.
Cost is bounded by the month (and, for comparisons and charts, by the year-to-date range and the
last twelve months) through indexed range filters and aggregate queries, never by the size of the
database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings

from speechwatch.cases.ongoing import ongoing_between
from speechwatch.incidents.models import (
    Status,
)
from speechwatch.lib.dates import add_months, month_bounds
from speechwatch.overviews.models import OverviewDocument
from speechwatch.reports.counting import (
    BlockSpec,
    CountingError,
    Figures,
    figures_from_published,
    sum_figures,
)
from speechwatch.reports.loadrows import (
    load_categories,
    load_taxonomy,
    month_rows,
    period_counts,
)
from speechwatch.reports.loadtexts import (
    briefs,
    cases_of,
    check_rows,
    events,
    legislation,
    regions_of,
)
from speechwatch.reports.monthdata import (
    CaseData,
    CaseIncidentData,
    CaseStageData,
    CheckRow,
    EventData,
    Footer,
    IncidentBrief,
    LegislativeEntryData,
    MonthData,
    PeriodCounts,
)
from speechwatch.reports.monthstore import (
    MonthFigures,
    MonthKey,
    clear_figures_cache,
    month_str,
    months_between,
)
from speechwatch.reports.rows import Period, PublishedFigure, Taxonomy
from speechwatch.reports.rules import CountingRules

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
    "build_month",
    "clear_figures_cache",
    "footer_from_settings",
    "load_categories",
    "month_rows",
    "ongoing_between",
    "period_counts",
    "published_organisation",
]

PUBLISHED = Status.PUBLISHED


def footer_from_settings() -> Footer:
    return Footer(
        organisation=str(settings.ORGANISATION_NAME),
        email=str(settings.ORGANISATION_EMAIL),
        lines=tuple(getattr(settings, "REPORT_CONTACT_LINES", ()) or ()),
    )


def _blocks(tax: Taxonomy) -> list[str]:
    return list(dict.fromkeys(tax.block_of(code) for code in tax.codes()))


# -- periods known only from published overviews ------------------------------------------------


def _normal(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def published_organisation(rules: CountingRules) -> str | None:
    """The organisation name under which this installation's own overviews were read back:
    settings.REPORT_PUBLISHED_ORGANISATION if set, else the stored name that matches the
    organisation's name or the rules' organisation ("Adil Soz" ~ "«Adil Soz» Foundation")."""
    configured = getattr(settings, "REPORT_PUBLISHED_ORGANISATION", "")
    if configured:
        return str(configured)
    ours = [n for n in (_normal(str(settings.ORGANISATION_NAME)), _normal(rules.organisation)) if n]
    for name in OverviewDocument.objects.values_list("organisation", flat=True).distinct():
        theirs = _normal(name)
        if theirs and any(theirs in own or own in theirs for own in ours):
            return str(name)
    return None


def _from_published(
    months: Sequence[MonthKey], tax: Taxonomy, rules: CountingRules
) -> dict[MonthKey, Figures]:
    """Figures of months read back from published overviews, for months without incidents."""
    if not months or not OverviewDocument.objects.exists():
        return {}
    organisation = published_organisation(rules)
    if organisation is None:
        return {}
    # Imported here: the overviews reader is only needed when such periods exist.
    from speechwatch.overviews.queries import published_figures

    start, end = month_bounds(*min(months))[0], month_bounds(*max(months))[1]
    per_month: dict[MonthKey, list[PublishedFigure]] = defaultdict(list)
    for f in published_figures(organisation, start, end):
        month = (f.period_start.year, f.period_start.month)
        # Monthly figures only (a quarter cannot be split), of codes this taxonomy knows.
        if month in months and f.period_end == month_bounds(*month)[1] and f.code in tax:
            per_month[month].append(
                PublishedFigure(Period(f.period_start, f.period_end), f.code, f.count)
            )
    return {
        month: figures_from_published(found, tax, (), Period.month(*month))
        for month, found in per_month.items()
    }


def _has_incidents(figures: Figures) -> bool:
    return any(figures.counts.values()) or any(figures.ongoing.values())


def _period_counts(
    parts: Sequence[Figures], period: Period, tax: Taxonomy, legal_items: Sequence[str]
) -> PeriodCounts:
    """A period's counts as the sum of its months (an incident belongs to exactly one month)."""
    total = sum_figures(parts)
    legal: dict[str, dict[str, int]] = {}
    for item in legal_items:
        if item in tax:
            refs = total.facets.get(item, {}).get("legal_ref", {})
            legal[item] = dict(sorted(refs.items(), key=lambda kv: (-kv[1], kv[0])))
    return PeriodCounts(
        period=period,
        counts={code: total.count(code) for code in tax.codes()},
        ongoing={block: n for block, n in total.ongoing.items() if n},
        legal=legal,
    )


# -- entry point --------------------------------------------------------------------------------


def build_month(
    year: int,
    month: int,
    rules: CountingRules,
    *,
    featured: Sequence[str] = (),
    legal_items: Iterable[str] = (),
    comparisons: bool = True,
    charts: bool = True,
    checks: bool = False,
    footer: Footer | None = None,
    spec: Sequence[BlockSpec] | None = None,
    also: Sequence[str] | None = None,
    cache: bool = True,
    published: bool = True,
) -> MonthData:
    """Everything the overview of ``year``-``month`` needs, as plain data.

    ``featured`` adds cases (external ids) beyond the default ones; ``legal_items`` are the codes
    whose article breakdown the comparisons quote. With ``spec`` (what the template lists) the
    month's figures are counted here (``MonthData.figures``, cached) and no rows are
    materialised; without it ``MonthData.rows`` carries the month for the counting engine.
    ``also`` limits the incident texts to those external ids. ``cache=False`` recomputes every
    month from the incidents; ``published=False`` never falls back to published overviews.
    """
    taxonomy, pairs = load_taxonomy()
    infos = [info for _, info in pairs]
    tax = Taxonomy(infos)
    codes = {pk: info.code for pk, info in pairs}
    period = Period.month(year, month)
    start, end = period.start, period.end
    this: MonthKey = (year, month)
    cases, default_featured = cases_of(start, end, featured)
    legal_items = tuple(legal_items)

    needed: list[MonthKey] = []
    if comparisons:
        needed += months_between((year - 1, 1), (year - 1, month)) + months_between((year, 1), this)
        needed.append(add_months(year, month, -1))
    if charts:
        needed += months_between(add_months(year, month, -11), this)
    needed = sorted(set(needed))
    store = MonthFigures(taxonomy, pairs, rules, use_cache=cache)
    try:
        counted, own = store.entries(needed, this, tuple(spec) if spec is not None else None)
    except CountingError:
        # A listing the engine refuses (bad overrides): compose counts the rows and names it.
        counted, own = store.entries(needed, None, None)
        spec = None

    figures: dict[MonthKey, Figures] = {m: e.figures for m, e in counted.items()}
    from_published: dict[MonthKey, Figures] = {}
    if published:
        empty = [m for m in needed if m != this and not _has_incidents(figures[m])]
        from_published = _from_published(empty, tax, rules)
        figures.update(from_published)

    previous = ytd = ytd_last = None
    if comparisons:
        previous_key = add_months(year, month, -1)
        previous = _period_counts(
            [figures[previous_key]], Period.month(*previous_key), tax, legal_items
        )
        this_ytd = Period.year_to_date(year, month)
        ytd = _period_counts(
            [figures[m] for m in months_between((year, 1), this)], this_ytd, tax, legal_items
        )
        ytd_last = _period_counts(
            [figures[m] for m in months_between((year - 1, 1), (year - 1, month))],
            this_ytd.same_period_last_year(),
            tax,
            legal_items,
        )
    history: list[tuple[str, dict[str, int] | None]] = []
    regions: list[tuple[str, dict[str, str], int]] = []
    if charts:
        blocks = _blocks(tax)
        for m in months_between(add_months(year, month, -11), this):
            known = m == this or _has_incidents(figures[m])
            history.append(
                (month_str(m), {b: figures[m].count(b) for b in blocks} if known else None)
            )
        entry = own or counted[this]
        regions = regions_of(entry.regions)
    return MonthData(
        year=year,
        month=month,
        taxonomy_code=taxonomy[1],
        categories=tuple(infos),
        rows=() if own is not None else tuple(month_rows(codes, start, end)),
        incidents=tuple(briefs(start, end, also)),
        events=tuple(events(start, end)),
        legislation=tuple(legislation(start, end)),
        cases=tuple(cases),
        default_featured=tuple(default_featured),
        previous_month=previous,
        ytd=ytd,
        ytd_last_year=ytd_last,
        history=tuple(history),
        regions=tuple(regions),
        footer=footer or footer_from_settings(),
        checks=tuple(check_rows(taxonomy[0], start, end)) if checks else (),
        figures=own.figures if own is not None else None,
        spec=tuple(spec) if own is not None and spec is not None else None,
        published_months=tuple(month_str(m) for m in sorted(from_published)),
        cache_stats=dict(store.stats),
    )
