"""Reads of published figures and confirmed mappings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from speechwatch.overviews.mapping import ACCEPT
from speechwatch.overviews.models import OverviewDocument, PhraseMapping, PublishedStatistics

__all__ = ["PublishedFigure", "confirmed_mappings", "published_figures", "review_queue"]


@dataclass(frozen=True)
class PublishedFigure:
    organisation: str
    period: str  # 2024-04, 2024-Q1, 2024-H1, 2024
    period_start: date
    period_end: date
    code: str  # taxonomy code, or facet:<facet>=<value> under parent_code
    parent_code: str
    block: str
    count: int
    others: bool
    confidence: float
    source: str  # the overview file it was read from


def published_figures(
    organisation: str,
    period_start: date,
    period_end: date,
    *,
    min_confidence: float = ACCEPT,
    include_review: bool = False,
) -> list[PublishedFigure]:
    """Figures of every period lying within [period_start, period_end], for charts and YoY.

    A period read from several files (the English and Russian text of one month, or a
    re-published correction) takes its figures from the most recently imported one. Figures
    still waiting for a person to map them are left out unless `include_review`."""
    docs = OverviewDocument.objects.filter(
        organisation=organisation, period_start__gte=period_start, period_end__lte=period_end
    ).order_by("period", "-imported_at", "-id")
    latest: dict[str, int] = {}
    for doc_id, period in docs.values_list("id", "period"):
        latest.setdefault(period, doc_id)
    rows = PublishedStatistics.objects.filter(document_id__in=latest.values()).select_related(
        "document"
    )
    if not include_review:
        rows = rows.filter(needs_review=False, confidence__gte=min_confidence)
    return [
        PublishedFigure(
            organisation=r.organisation,
            period=r.period,
            period_start=r.period_start,
            period_end=r.period_end,
            code=r.code,
            parent_code=r.parent_code,
            block=r.block,
            count=r.count,
            others=r.others,
            confidence=r.confidence,
            source=r.document.source_name,
        )
        for r in rows.order_by("period_start", "period", "position")
    ]


def confirmed_mappings(taxonomy: str) -> dict[str, str]:
    """phrase key → code, as confirmed by people (fed to the mapper's first stage)."""
    return dict(PhraseMapping.objects.filter(taxonomy=taxonomy).values_list("key", "code"))


def review_queue(organisation: str = "") -> list[PublishedStatistics]:
    """Figures whose phrase still needs a person to map it."""
    rows = PublishedStatistics.objects.filter(needs_review=True).select_related("document")
    if organisation:
        rows = rows.filter(organisation=organisation)
    return list(rows)
