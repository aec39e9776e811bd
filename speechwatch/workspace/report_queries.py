"""Reads for the report workspace: months to pick, and what the overrides form offers.

Everything the form lists comes from one reports.queries.draft of the month (MonthData), so the
choices are exactly what the overview generator would see: template blocks and their items,
published cases with a stage in the month (plus chosen ones), published incidents recorded in it,
events and legislative stages dated in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from speechwatch.incidents.models import Incident, Status
from speechwatch.lib.dates import add_months
from speechwatch.lib.text import pick_text
from speechwatch.reports.models import ReportMonth, ReportVersion
from speechwatch.reports.phrasing import render_text
from speechwatch.reports.queries import Draft
from speechwatch.workspace.report_form import block_mode

LANGS = ("en", "ru", "kk")


def pick(texts: Mapping[str, str], lang: str) -> str:
    """A text in the language, else the first one there is (labels in lists, not the report)."""
    return pick_text(texts, lang, LANGS)[0]


@dataclass
class MonthRow:
    month: str
    versions: int = 0
    last_published: Any = None
    edited: bool = False


def month_rows(today: date, *, back: int = 12) -> list[MonthRow]:
    """The last `back` months plus every month that has overrides or versions, newest first."""
    year, month = today.year, today.month
    rows: dict[str, MonthRow] = {}
    for n in range(back):
        y, m = add_months(year, month, -n)
        key = f"{y:04d}-{m:02d}"
        rows[key] = MonthRow(key)
    for report in ReportMonth.objects.all():
        row = rows.setdefault(report.month, MonthRow(report.month))
        row.edited = bool(report.overrides)
    for version in ReportVersion.objects.select_related("report").order_by("report", "number"):
        row = rows.setdefault(version.report.month, MonthRow(version.report.month))
        row.versions = version.number
        row.last_published = version.published_at
    return sorted(rows.values(), key=lambda r: r.month, reverse=True)


@dataclass(frozen=True)
class MonthIncident:
    external_id: str
    recorded_on: date
    title: dict[str, str]
    summary: dict[str, str]


def published_in_month(year: int, month: int) -> list[MonthIncident]:
    """Published incidents recorded in the month: the candidates for "also in <month>"."""
    start = date(year, month, 1)
    y, m = add_months(year, month, 1)
    fields = [f"{kind}_{code}" for kind in ("title", "summary") for code in LANGS]
    rows = (
        Incident.objects.filter(
            status=Status.PUBLISHED, recorded_on__gte=start, recorded_on__lt=date(y, m, 1)
        )
        .order_by("recorded_on", "id")
        .values("external_id", "recorded_on", *fields)
    )
    return [
        MonthIncident(
            row["external_id"],
            row["recorded_on"],
            {code: row[f"title_{code}"] for code in LANGS if row[f"title_{code}"]},
            {code: row[f"summary_{code}"] for code in LANGS if row[f"summary_{code}"]},
        )
        for row in rows
    ]


@dataclass
class Option:
    value: str
    label: str
    checked: bool
    note: str = ""


@dataclass
class BlockChoice:
    code: str
    label: str
    mode: str
    default_label: str
    options: list[Option]


@dataclass
class TextField:
    lang: str
    name: str
    value: str
    placeholder: str


@dataclass
class TextRow:
    key: str
    label: str
    fields: list[TextField] = field(default_factory=list)


@dataclass
class FormChoices:
    blocks: list[BlockChoice]
    featured_mode: str
    cases: list[Option]
    featured_extra: str
    also: list[Option]
    comparisons: bool
    charts: bool
    texts: list[TextRow]


def form_choices(
    current: Draft, overrides: Mapping[str, Any], lang: str, labels: Mapping[str, Any]
) -> FormChoices:
    """What the overrides form shows, with the stored choices ticked.

    `labels` are the translated names of the fixed text keys (title, intro, methodology)."""
    data = current.data
    categories = {c.code: c for c in data.categories}
    blocks = []
    for block in current.template.blocks:
        mode = block_mode(overrides, block.code)
        stored = ((overrides.get("blocks") or {}).get(block.code) or {}).get("items")
        if mode == "chosen":
            chosen = set(stored or ())
        elif mode == "all" or block.items is None:
            chosen = {c.code for c in data.categories if c.parent == block.code}
        else:
            chosen = set(block.items)
        default = (
            ", ".join(block.items) if block.items is not None else "all"  # codes, as in the YAML
        )
        info = categories.get(block.code)
        blocks.append(
            BlockChoice(
                code=block.code,
                label=pick(info.labels, lang) if info else block.code,
                mode=mode,
                default_label=default,
                options=[
                    Option(c.code, pick(c.labels, lang), c.code in chosen)
                    for c in sorted(data.categories, key=lambda c: c.position)
                    if c.parent == block.code
                ],
            )
        )
    chosen_cases = overrides.get("featured_cases")
    featured = list(chosen_cases) if chosen_cases is not None else list(data.default_featured)
    known_cases = {c.external_id for c in data.cases}
    cases = [
        Option(c.external_id, pick(c.title, lang) or c.external_id, c.external_id in featured)
        for c in data.cases
    ]
    extra = [ext for ext in featured if ext not in known_cases]
    also_chosen = set(overrides.get("also") or ())
    month_incidents = published_in_month(data.year, data.month)
    also = [
        Option(
            i.external_id,
            pick(i.title, lang) or i.external_id,
            i.external_id in also_chosen,
            note=i.recorded_on.isoformat(),
        )
        for i in month_incidents
    ]
    stored_text: Mapping[str, Mapping[str, str]] = overrides.get("text") or {}

    def row(key: str, label: str, placeholders: Mapping[str, str]) -> TextRow:
        return TextRow(
            key,
            label,
            [
                TextField(
                    code,
                    f"text-{key}-{code}",
                    (stored_text.get(key) or {}).get(code, ""),
                    placeholders.get(code, ""),
                )
                for code in LANGS
            ],
        )

    def fixed(key: str) -> dict[str, str]:
        return {
            code: render_text(current.template, key, code, data.year, data.month) or ""
            for code in LANGS
        }

    texts = [row(key, str(labels[key]), fixed(key)) for key in ("title", "intro")]
    texts += [
        row(f"event:{e.external_id}", f"{e.date.isoformat()} · {pick(e.title, lang)}", e.text)
        for e in data.events
    ]
    seen: set[str] = set()
    for entry in data.legislation:
        if entry.item_external_id in seen:
            continue
        seen.add(entry.item_external_id)
        texts.append(
            row(
                f"legislation:{entry.item_external_id}",
                pick(entry.item_title, lang),
                entry.note or entry.item_summary,
            )
        )
    by_case = {c.external_id: c for c in data.cases}
    texts += [
        row(f"case:{ext}", pick(by_case[ext].title, lang), by_case[ext].summary)
        for ext in featured
        if ext in by_case
    ]
    by_incident = {i.external_id: i for i in month_incidents}
    texts += [
        row(f"also:{ext}", pick(by_incident[ext].title, lang), by_incident[ext].summary)
        for ext in overrides.get("also") or ()
        if ext in by_incident
    ]
    texts.append(row("methodology", str(labels["methodology"]), fixed("methodology")))
    return FormChoices(
        blocks=blocks,
        featured_mode="chosen" if chosen_cases is not None else "auto",
        cases=cases,
        featured_extra="\n".join(extra),
        also=also,
        comparisons=overrides.get("comparisons", True) is not False,
        charts=overrides.get("charts", True) is not False,
        texts=texts,
    )


def published_languages(version: ReportVersion) -> list[str]:
    return [r.lang for r in version.renditions.all()]
