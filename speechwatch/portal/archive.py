"""The public archive of monthly overviews: every published month, version and language.

Only published versions exist here (a month without a ``ReportVersion`` is not visible). A
version is frozen (reports/models.py), so its renditions are rendered from the stored document
and never change. When a later version of a month is published, the earlier one is "replaced"
and the later one "corrected": both carry the other's number and the date of the correction.
The dataclasses are stable: the API serialises them as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from speechwatch.reports import formats
from speechwatch.reports.models import ReportRendition, ReportVersion
from speechwatch.reports.queries import ReportNotFound, published_report

# Public download formats: name in reports.formats -> the extension in the permanent link.
RENDITION_FORMATS = ("html", "pdf", "docx", "md", "json")


class NotPublished(LookupError):
    """No published version of that month, number or language."""


@dataclass(frozen=True)
class OverviewVersion:
    month: str  # "2024-04"
    number: int  # 1, 2, …
    published_at: datetime
    languages: tuple[str, ...]
    note: str  # the editor's note on publishing ("" when none)
    replaces: int | None  # the version this one corrected
    replaced_by: int | None  # the version that corrected this one
    corrected_on: date | None  # when this version was published, if it corrected another
    replaced_on: date | None  # when the version that replaced this one was published

    @property
    def is_latest(self) -> bool:
        return self.replaced_by is None


@dataclass(frozen=True)
class OverviewMonth:
    month: str
    versions: tuple[OverviewVersion, ...]  # newest first

    @property
    def latest(self) -> OverviewVersion:
        return self.versions[0]


@dataclass(frozen=True)
class Rendition:
    """One language of one version in one format, with its permanent link."""

    month: str
    number: int
    lang: str
    fmt: str
    media_type: str

    @property
    def filename(self) -> str:
        return f"speechwatch-{self.month}-v{self.number}-{self.lang}.{self.fmt}"

    @property
    def path(self) -> str:
        return f"/overviews/{self.month}/v{self.number}/{self.lang}.{self.fmt}"


def _local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


def _months(month: str | None = None) -> list[OverviewMonth]:
    versions = ReportVersion.objects.select_related("report").order_by("report__month", "number")
    if month is not None:
        versions = versions.filter(report__month=month)
    langs: dict[int, list[str]] = defaultdict(list)
    for version_id, lang in ReportRendition.objects.filter(
        version__in=versions.values("id")
    ).values_list("version_id", "lang"):
        langs[version_id].append(lang)
    grouped: dict[str, list[ReportVersion]] = defaultdict(list)
    for v in versions:
        grouped[v.report.month].append(v)
    out = []
    for key in sorted(grouped, reverse=True):
        rows = grouped[key]
        built = []
        for i, v in enumerate(rows):
            before = rows[i - 1] if i else None
            after = rows[i + 1] if i + 1 < len(rows) else None
            built.append(
                OverviewVersion(
                    month=key,
                    number=v.number,
                    published_at=v.published_at,
                    languages=tuple(sorted(langs.get(v.pk, []), key=_lang_order)),
                    note=v.note,
                    replaces=before.number if before else None,
                    replaced_by=after.number if after else None,
                    corrected_on=_local_date(v.published_at) if before else None,
                    replaced_on=_local_date(after.published_at) if after else None,
                )
            )
        out.append(OverviewMonth(key, tuple(reversed(built))))
    return out


def _lang_order(lang: str) -> int:
    order = ("kk", "ru", "en")
    return order.index(lang) if lang in order else len(order)


def published_months() -> list[OverviewMonth]:
    """Every month with at least one published version, newest month first."""
    return _months()


def published_month(month: str) -> OverviewMonth | None:
    found = _months(month)
    return found[0] if found else None


def version(month: str, number: int) -> OverviewVersion:
    found = published_month(month)
    for v in found.versions if found else ():
        if v.number == number:
            return v
    raise NotPublished(f"{month}: no published version {number}")


def renditions(v: OverviewVersion) -> list[Rendition]:
    """Every language × format of a version, in the archive's order."""
    return [
        Rendition(v.month, v.number, lang, fmt, formats.get(fmt).media_type)
        for lang in v.languages
        for fmt in RENDITION_FORMATS
    ]


def render_rendition(month: str, number: int, lang: str, fmt: str) -> tuple[str | bytes, str]:
    """(body, media type) of one rendition; NotPublished when it does not exist."""
    if fmt not in RENDITION_FORMATS:
        raise NotPublished(f"no format {fmt!r}; available: {', '.join(RENDITION_FORMATS)}")
    try:
        report = published_report(month, lang, number)
    except ReportNotFound as exc:
        raise NotPublished(str(exc)) from exc
    spec = formats.get(fmt)
    return formats.render(report, fmt), spec.media_type
