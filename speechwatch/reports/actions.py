"""Writes of the monthly overview: the editor's per-month overrides, and publishing.

Publishing freezes a month: a new ReportVersion (number, who, when, template name and version,
overrides, figures and their flat lines) with one ReportRendition per language holding the whole
composed Report as JSON and its Markdown. Nothing re-computes a published version later; only a
new publication makes a new version, and every version is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from speechwatch.audit.record import Who, record
from speechwatch.incidents.versioning import claim_version
from speechwatch.reports.compose import figure_lines, month_key, parse_overrides, report_to_data
from speechwatch.reports.formats import render
from speechwatch.reports.models import ReportMonth, ReportRendition, ReportVersion
from speechwatch.reports.queries import draft, report_template

__all__ = ["publish", "save_overrides"]


@transaction.atomic
def save_overrides(
    month: str,
    overrides: Mapping[str, Any],
    *,
    who: Who,
    expected_version: int | None = None,
) -> ReportMonth:
    """Store the editor's choices for the month; invalid overrides raise OverridesError and
    change nothing. Given the version the form was read at, choices saved by someone else
    since raise StaleEdit (with their overrides) and change nothing."""
    month_key(month)
    parse_overrides(overrides)  # validate before writing
    report, _ = ReportMonth.objects.select_for_update().get_or_create(month=month)
    report.version = claim_version(
        ReportMonth,
        report.pk,
        expected_version,
        object_type="report_month",
        object_id=month,
        current=lambda row: dict(row.overrides or {}),
    )
    before = dict(report.overrides or {})
    report.overrides = dict(overrides)
    report.updated_at = timezone.now()
    report.updated_by = who.display
    report.save()
    if before != report.overrides:
        record(
            who,
            "report.overrides",
            "report_month",
            month,
            before={"overrides": before},
            after={"overrides": report.overrides},
        )
    return report


@transaction.atomic
def publish(
    month: str, *, who: Who, langs: Sequence[str] | None = None, note: str = ""
) -> ReportVersion:
    """Freeze the month as it is now into a new published version (1, 2, …)."""
    month_key(month)
    report, _ = ReportMonth.objects.select_for_update().get_or_create(month=month)
    template = report_template()
    languages = tuple(langs or template.languages)
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    label = f"published v{number} ({timezone.localdate(now).isoformat()})"
    overrides = dict(report.overrides or {})
    composed = draft(month, languages, overrides=overrides, template=template, version_label=label)
    figures = composed.figures()
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        published_at=now,
        published_by=who.display,
        user=who.user if who.user is not None and who.user.pk else None,
        template=template.name,
        template_version=template.version,
        overrides=overrides,
        figures=figures,
        lines=figure_lines(figures),
        note=note,
    )
    for lang in languages:
        doc = replace(composed.reports[lang], version_label=label)
        ReportRendition.objects.create(
            version=version,
            lang=lang,
            document=report_to_data(doc),
            figures=doc.figures,
            markdown=str(render(doc, "md")),
        )
    record(
        who,
        "report.publish",
        "report_month",
        month,
        after={
            "version": number,
            "languages": list(languages),
            "template": f"{version.template} v{version.template_version}",
            "totals": {code: b["total"] for code, b in figures["blocks"].items()},
        },
        note=note,
    )
    return version
