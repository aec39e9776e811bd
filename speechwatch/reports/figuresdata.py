"""The report's table, its charts' data, and the language-independent figures JSON with its flat
"path: value" lines (what publishing freezes and diffs compare). Pure: no queries."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from speechwatch.reports.comparisons import template_ref
from speechwatch.reports.counting import Figures
from speechwatch.reports.document import Chart, StatRow
from speechwatch.reports.monthdata import MonthData, PeriodCounts
from speechwatch.reports.phrasing import Phraser, format_article, month_values
from speechwatch.reports.rules import CountingRules
from speechwatch.reports.template import ReportTemplate
from speechwatch.reports.wording import TextPicker, capitalise, fill, month_label

__all__ = ["figure_lines", "figures_data", "report_charts", "stat_table"]


def stat_table(figures: Figures, p: Phraser, tpl: ReportTemplate) -> tuple[StatRow, ...]:
    rows = []
    for block in figures.blocks:
        rows.append(StatRow(block.code, capitalise(p.label(block.code)), block.total, 0))
        for item in block.items:
            rows.append(StatRow(item.code, capitalise(p.label(item.code)), item.count, 1))
            for part in item.breakdown:
                label = (
                    format_article(tpl, p.lang, template_ref(tpl, part.code))
                    if part.kind == "legal_ref"
                    else capitalise(p.label(part.code))
                )
                rows.append(StatRow(part.code, label, part.count, 2))
    return tuple(rows)


def report_charts(
    t: TextPicker, tpl: ReportTemplate, data: MonthData, figures: Figures, p: Phraser
) -> tuple[Chart, ...]:
    values = month_values(t.lang, data.year, data.month)
    charts = []
    if data.history:
        labels = tuple(month_label(t.lang, key) for key, _ in data.history)
        series = tuple(
            (
                capitalise(p.label(block.code)),
                tuple(
                    None if counts is None else counts.get(block.code, 0)
                    for _, counts in data.history
                ),
            )
            for block in tpl.blocks
        )
        charts.append(
            Chart(
                "blocks_12_months",
                t.fixed("chart:blocks_12_months"),
                "line",
                labels,
                series,
                no_data=t.fixed("chart:no_data"),
            )
        )
    tax = data.taxonomy()
    items = sorted(
        (
            (n, code)
            for code, n in figures.counts.items()
            if code in tax and tax[code].parent is not None and tax[code].depth == 1 and n
        ),
        key=lambda kv: (-kv[0], tax[kv[1]].position),
    )
    if items:
        charts.append(
            Chart(
                "categories",
                fill(t.fixed("chart:categories"), month_title=values["month_title"]),
                "barh",
                tuple(capitalise(p.label(code)) for _, code in items),
                ((t.fixed("series:reports"), tuple(n for n, _ in items)),),
            )
        )
    if data.regions:
        names: list[str] = []
        for code, region_labels, _ in data.regions:
            picked = t.pick(region_labels, f"region {code}")
            names.append(picked[0] if picked else code or "—")
        charts.append(
            Chart(
                "regions",
                fill(t.fixed("chart:regions"), month_title=values["month_title"]),
                "barh",
                tuple(names),
                ((t.fixed("series:reports"), tuple(n for _, _, n in data.regions)),),
            )
        )
    return tuple(charts)


def _period_data(counts: PeriodCounts, codes: Sequence[str]) -> dict[str, Any]:
    return {
        "period": str(counts.period),
        "counts": {code: counts.count(code) for code in codes},
        "ongoing": dict(counts.ongoing),
        "legal": {k: dict(v) for k, v in counts.legal.items()},
    }


def figures_data(
    data: MonthData, figures: Figures, tpl: ReportTemplate, rules: CountingRules
) -> dict[str, Any]:
    """The language-independent figures of a report, JSON-ready; what publishing freezes."""
    blocks: dict[str, Any] = {}
    for block in figures.blocks:
        items: dict[str, Any] = {}
        for item in block.items:
            facets = {
                f"{f.facet}={f.value}": item.facet(f.facet, f.value)
                for f in (tpl.items[item.code].facets if item.code in tpl.items else ())
            }
            items[item.code] = {
                "count": item.count,
                "breakdown": {part.code: part.count for part in item.breakdown},
                "facets": facets,
            }
        blocks[block.code] = {
            "total": block.total,
            "others": block.others,
            "ongoing": block.ongoing,
            "items": items,
        }
    tax = data.taxonomy()
    block_codes = [b.code for b in tpl.blocks]
    listed = [*block_codes, *(i for b in figures.blocks for i in (x.code for x in b.items))]
    result: dict[str, Any] = {
        "month": data.key,
        "taxonomy": data.taxonomy_code,
        "rules": {"organisation": rules.organisation, "version": rules.version},
        "template": {"name": tpl.name, "version": tpl.version},
        "blocks": blocks,
        "counts": {code: figures.count(code) for code in tax.codes()},
    }
    comparisons: dict[str, Any] = {}
    if data.previous_month is not None:
        comparisons["previous_month"] = _period_data(data.previous_month, listed)
    if data.ytd is not None and data.ytd_last_year is not None:
        comparisons["ytd"] = _period_data(data.ytd, listed)
        comparisons["ytd_last_year"] = _period_data(data.ytd_last_year, listed)
    if comparisons:
        result["comparisons"] = comparisons
    charts: dict[str, Any] = {}
    if data.history:
        charts["blocks_12_months"] = {
            key: None if counts is None else dict(counts) for key, counts in data.history
        }
    if data.regions:
        charts["regions"] = {code or "-": n for code, _, n in data.regions}
    if data.published_months:
        result["published_months"] = list(data.published_months)
    if charts:
        result["charts"] = charts
    return result


def figure_lines(figures: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Flat "path: value" lines of a figures dict, for diffs between versions."""
    lines: list[str] = []
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            lines.extend(figure_lines(value, f"{path}."))
        else:
            lines.append(f"{path}: {json.dumps(value, ensure_ascii=False)}")
    return lines
