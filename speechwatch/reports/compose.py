"""MonthData + language + template + overrides -> document.Report. Pure: no queries.

The month's figures come counted from the load stage (``MonthData.figures``) or are counted here
from its rows (counting.py); comparison and chart figures come pre-aggregated. Every text shown
in a language other than the requested one carries a visible "[ru] " marker and is listed in
Report.warnings. The sections are written by sections.py and comparisons.py, the table, charts
and figures JSON by figuresdata.py; this module puts them in the template's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speechwatch.reports.comparisons import COMPARISON_NOUNS, comparisons_section
from speechwatch.reports.counting import Figures, count_period
from speechwatch.reports.document import Report, Section
from speechwatch.reports.figuresdata import figure_lines, figures_data, report_charts, stat_table
from speechwatch.reports.language import LANGUAGES, LanguageError
from speechwatch.reports.monthdata import MonthData
from speechwatch.reports.overrides import (
    Overrides,
    OverridesError,
    effective_template,
    month_key,
    parse_overrides,
    today_key,
)
from speechwatch.reports.phrasing import Phraser, render_statistics, render_text
from speechwatch.reports.reportdata import report_from_data, report_to_data, report_to_json
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.rules import CountingRules
from speechwatch.reports.sections import (
    also_section,
    events_section,
    featured_section,
    legislation_section,
    methodology_section,
    statistics_section,
)
from speechwatch.reports.template import ReportTemplate
from speechwatch.reports.wording import TextPicker, fill

__all__ = [
    "COMPARISON_NOUNS",
    "Overrides",
    "OverridesError",
    "compose",
    "count_figures",
    "effective_template",
    "figure_lines",
    "figures_data",
    "month_key",
    "parse_overrides",
    "report_from_data",
    "report_to_data",
    "report_to_json",
    "today_key",
]


def count_figures(data: MonthData, template: ReportTemplate, rules: CountingRules) -> Figures:
    """The month's figures. Rows without a category of the taxonomy cannot be counted (the
    consistency checks name them), so they are left out here rather than failing the report."""
    spec = template.block_specs()
    if data.figures is not None:
        if data.spec is not None and list(data.spec) == spec:
            return data.figures
        raise OverridesError(
            f"{data.key}: the figures were counted for another listing than the template's; "
            "build the month with the same template and overrides"
        )
    rows = [row for row in data.rows if row.categories]
    try:
        return count_period(rows, data.taxonomy(), rules, spec, data.period)
    except ValueError as exc:
        raise OverridesError(str(exc)) from exc


def compose(
    data: MonthData,
    lang: str,
    template: ReportTemplate,
    rules: CountingRules,
    overrides: Overrides | Mapping[str, Any] | None = None,
    *,
    version_label: str = "draft",
    nouns: Mapping[str, str] | None = None,
) -> Report:
    """The overview of ``data``'s month in ``lang``."""
    if lang not in LANGUAGES:
        raise LanguageError(f"unsupported language {lang!r} (expected one of {LANGUAGES})")
    ov = overrides if isinstance(overrides, Overrides) else parse_overrides(overrides)
    tpl = effective_template(template, ov)
    tax: Taxonomy = data.taxonomy()
    figures = count_figures(data, tpl, rules)
    t = TextPicker(lang, tpl.fallback_order, ov)
    p = Phraser(tpl, lang, tax)
    paragraphs = render_statistics(figures, tpl, lang, tax)
    for paragraph in paragraphs:
        t.warnings.extend(f"statistics: {f}" for f in paragraph.fallbacks)
    title = t.own("title") or render_text(tpl, "title", lang, data.year, data.month) or ""
    intro = t.own("intro") or render_text(tpl, "intro", lang, data.year, data.month) or ""
    nouns = {**COMPARISON_NOUNS, **(nouns or {})}

    sections: list[Section] = []
    for key in tpl.sections:
        if key == "statistics":
            sections.append(statistics_section(t, tpl, data, paragraphs))
            if ov.comparisons:
                compared = comparisons_section(t, tpl, rules, data, figures, p, nouns)
                if compared is not None:
                    sections.append(compared)
        elif key in ("events", "legislation", "featured_cases", "also"):
            section = {
                "events": lambda: events_section(t, tpl, data),
                "legislation": lambda: legislation_section(t, tpl, data),
                "featured_cases": lambda: featured_section(t, data, ov),
                "also": lambda: also_section(t, tpl, data, ov),
            }[key]()
            if section.entries or section.cases:  # an empty narrative section is left out
                sections.append(section)
        elif key == "methodology":
            noted = any(section.key == "comparisons" for section in sections)
            note = bool(data.published_months) and ov.charts and not noted
            sections.append(methodology_section(t, tpl, data, note))
    contacts = tuple(
        line
        for line in (
            data.footer.organisation,
            *data.footer.lines,
            fill(t.fixed("contact"), email=data.footer.email) if data.footer.email else "",
        )
        if line
    )
    return Report(
        month=data.key,
        lang=lang,
        title=title,
        intro=intro,
        sections=tuple(sections),
        table=stat_table(figures, p, tpl),
        charts=report_charts(t, tpl, data, figures, p) if ov.charts else (),
        contacts=contacts,
        figures={**figures_data(data, figures, tpl, rules), "lang": lang},
        template=tpl.name,
        template_version=tpl.version,
        version_label=version_label,
        warnings=tuple(dict.fromkeys(t.warnings)),
    )
