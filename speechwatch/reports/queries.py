"""Reads of the monthly overview: overrides, drafts composed from the database, published
versions, pre-publication checks and the difference between a published version and now."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from speechwatch.reports.build import MonthData, build_month
from speechwatch.reports.compose import (
    COMPARISON_NOUNS,
    Overrides,
    compose,
    count_figures,
    effective_template,
    figure_lines,
    figures_data,
    month_key,
    parse_overrides,
    report_from_data,
)
from speechwatch.reports.consistency import (
    Warning,
    check_duplicates,
    check_missing,
    check_sums,
    diff_lines,
)
from speechwatch.reports.document import Report
from speechwatch.reports.formats import render
from speechwatch.reports.models import ReportMonth, ReportRendition, ReportVersion
from speechwatch.reports.rules import CountingRules, default_rules, load_rules
from speechwatch.reports.template import ReportTemplate, default_template, load_template

__all__ = [
    "Draft",
    "ReportNotFound",
    "check_month",
    "diff_against_published",
    "draft",
    "get_overrides",
    "latest_version",
    "month_data",
    "published_report",
    "report_rules",
    "report_template",
    "versions",
]


class ReportNotFound(LookupError):
    """No published version of the month (or not in that language)."""


def report_template() -> ReportTemplate:
    """The template named by settings.REPORT_TEMPLATE (a path), else the shipped default."""
    path = getattr(settings, "REPORT_TEMPLATE", "")
    return load_template(Path(path)) if path else default_template()


def report_rules() -> CountingRules:
    """The counting rules named by settings.REPORT_COUNTING_RULES (a path), else the default."""
    path = getattr(settings, "REPORT_COUNTING_RULES", "")
    return load_rules(Path(path)) if path else default_rules()


def get_overrides(month: str) -> dict[str, Any]:
    month_key(month)
    found = ReportMonth.objects.filter(month=month).values_list("overrides", flat=True).first()
    return dict(found or {})


def overrides_version(month: str) -> int:
    """The version of the month's overrides a form is read at (1 before the first save)."""
    found = ReportMonth.objects.filter(month=month).values_list("version", flat=True).first()
    return int(found or 1)


def month_data(
    month: str,
    overrides: Overrides,
    rules: CountingRules,
    *,
    checks: bool = False,
    template: ReportTemplate | None = None,
) -> MonthData:
    """The month as plain data. With ``template`` the month's figures are counted (and cached)
    under the listing that template and the overrides give, as compose will ask for them."""
    year, number = month_key(month)
    legal_items = [code for code in COMPARISON_NOUNS if "." in code]
    spec = None
    if template is not None:
        spec = effective_template(template, overrides).block_specs()
    return build_month(
        year,
        number,
        rules,
        featured=overrides.featured_cases or (),
        legal_items=legal_items,
        comparisons=overrides.comparisons,
        charts=overrides.charts,
        checks=checks,
        spec=spec,
        also=overrides.also,
    )


@dataclass(frozen=True)
class Draft:
    """A month composed from the database as it is now, in several languages."""

    month: str
    data: MonthData
    overrides: Overrides
    template: ReportTemplate
    rules: CountingRules
    reports: dict[str, Report]

    def figures(self) -> dict[str, Any]:
        tpl = effective_template(self.template, self.overrides)
        return figures_data(self.data, count_figures(self.data, tpl, self.rules), tpl, self.rules)


def draft(
    month: str,
    langs: tuple[str, ...] = ("en",),
    *,
    overrides: dict[str, Any] | None = None,
    template: ReportTemplate | None = None,
    rules: CountingRules | None = None,
    checks: bool = False,
    version_label: str = "draft",
) -> Draft:
    """The month's overview computed now (with the stored overrides unless given)."""
    ov = parse_overrides(get_overrides(month) if overrides is None else overrides)
    tpl = template or report_template()
    rules = rules or report_rules()
    data = month_data(month, ov, rules, checks=checks, template=tpl)
    reports = {
        lang: compose(data, lang, tpl, rules, ov, version_label=version_label) for lang in langs
    }
    return Draft(month, data, ov, tpl, rules, reports)


def versions(month: str) -> list[ReportVersion]:
    """Published versions of the month, newest first (number, who, when)."""
    return list(ReportVersion.objects.filter(report__month=month).order_by("-number"))


def latest_version(month: str) -> ReportVersion | None:
    return ReportVersion.objects.filter(report__month=month).order_by("-number").first()


def published_report(month: str, lang: str, version: int | None = None) -> Report:
    """A frozen published version read back, exactly as it was published."""
    found = ReportRendition.objects.filter(version__report__month=month, lang=lang)
    if version is not None:
        found = found.filter(version__number=version)
    rendition = found.order_by("-version__number").first()
    if rendition is None:
        which = f"version {version}" if version is not None else "version"
        raise ReportNotFound(f"{month}: no published {which} in {lang}")
    return report_from_data(rendition.document)


def diff_against_published(month: str, langs: tuple[str, ...] | None = None) -> list[Warning]:
    """Figures and text lines of the latest published version that differ from the month as
    the database gives it now (same overrides as published). Empty when nothing changed."""
    published = latest_version(month)
    if published is None:
        raise ReportNotFound(f"{month}: not published yet")
    renditions = {r.lang: r for r in published.renditions.all()}
    langs = langs or tuple(renditions)
    now = draft(month, langs, overrides=published.overrides)
    changes = diff_lines(published.lines, figure_lines(now.figures()))
    for lang in langs:
        rendition = renditions.get(lang)
        if rendition is None:
            continue
        old_report = report_from_data(rendition.document)
        current = now.reports[lang]
        # Compare the text, not the version label that only a publication sets.
        current = current.__class__(
            **{**current.__dict__, "version_label": old_report.version_label}
        )
        new_md = str(render(current, "md"))
        for line in difflib.unified_diff(
            rendition.markdown.splitlines(), new_md.splitlines(), lineterm="", n=0
        ):
            if line.startswith(("---", "+++", "@@")):
                continue
            changes.append(Warning("changed", f"text.{lang}", line))
    return changes


def check_month(month: str) -> list[Warning]:
    """Every pre-publication warning for the month (sums, missing fields, duplicates, and
    figures that differ from the published version)."""
    now = draft(month, (), checks=True)
    tpl = effective_template(now.template, now.overrides)
    figures = count_figures(now.data, tpl, now.rules)
    found = [
        *check_sums(figures),
        *check_missing(now.data.checks),
        *check_duplicates(now.data.checks),
    ]
    if latest_version(month) is not None:
        found.extend(w for w in diff_against_published(month, ()) if w.kind == "changed")
    return found
