"""MonthData + language + template + overrides -> document.Report. Pure: no queries.

The counting engine (counting.py) computes the month's figures from the materialised rows; the
comparison and chart figures come pre-aggregated from build.py. Every text shown in a language
other than the requested one carries a visible "[ru] " marker and is listed in Report.warnings.
Also here: the per-month overrides format, the language-independent figures JSON, its flat
"key: value" lines (for diffs of published versions), and Report <-> JSON for frozen versions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from babel.dates import format_date as babel_format_date

from speechwatch.lib.dates import add_months
from speechwatch.reports.counting import BreakdownSpec, Figures, count_period
from speechwatch.reports.document import (
    Chart,
    Entry,
    FeaturedCase,
    Report,
    Section,
    SectionKey,
    StatRow,
)
from speechwatch.reports.language import (
    LANGUAGES,
    LanguageError,
    MonthForm,
    fallback_text,
    format_date,
    month_name,
    month_phrase,
)
from speechwatch.reports.monthdata import CaseData, IncidentBrief, MonthData, PeriodCounts
from speechwatch.reports.phrasing import (
    Paragraph,
    Phraser,
    article_share,
    format_article,
    growth_sentence,
    month_values,
    render_statistics,
    render_text,
    ytd_sentence,
)
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.rules import CountingRules
from speechwatch.reports.template import ReportTemplate, TemplateError, apply_overrides

__all__ = [
    "COMPARISON_NOUNS",
    "Overrides",
    "OverridesError",
    "compose",
    "count_figures",
    "effective_template",
    "figure_lines",
    "figures_data",
    "parse_overrides",
    "report_from_data",
    "report_to_data",
    "report_to_json",
]

# Phrase keys (language.PHRASES or the template's nouns) naming what a comparison counts.
COMPARISON_NOUNS: dict[str, str] = {
    "L": "legal_case",
    "L.criminal": "criminal_case",
    "L.civil": "civil_claim",
    "L.administrative": "admin_accusation",
}
# lib/legal.py writes the administrative code "AdmC"; templates may name it "CAO".
_ABBR_ALIASES = {"AdmC": ("CAO",), "CAO": ("AdmC",)}

# Texts the default template does not (yet) carry; a month's overrides may replace any of them
# ("heading:featured_cases", "became_known", ...).
_TEXTS: dict[str, dict[str, str]] = {
    "heading:statistics": {"en": "Statistics", "ru": "Статистика", "kk": "Статистика"},
    "heading:comparisons": {"en": "Comparisons", "ru": "Сравнение", "kk": "Салыстыру"},
    "heading:featured_cases": {
        "en": "Featured cases",
        "ru": "Резонансные дела",
        "kk": "Назар аударарлық істер",
    },
    "heading:methodology": {"en": "Methodology", "ru": "Методология", "kk": "Әдістеме"},
    "compare_previous": {
        "en": "Compared with the previous month ({prev}):",
        "ru": "По сравнению с предыдущим месяцем ({prev}):",
        "kk": "Алдыңғы аймен салыстырғанда ({prev}):",
    },
    "compare_ytd": {
        "en": "Year to date:",
        "ru": "С начала года:",
        "kk": "Жыл басынан бері:",
    },
    "history": {"en": "In {when}, {text}", "ru": "{When} {text}", "kk": "{When} {text}"},
    "became_known": {
        "en": "It became known {month_in_short} that {text}",
        "ru": "{Month_in_short} стало известно, что {text}",
        "kk": "{Month_in_short} белгілі болды: {text}",
    },
    "contact": {
        "en": "For all monitoring-related inquiries, contact: {email}",
        "ru": "По всем вопросам, связанным с мониторингом, обращайтесь: {email}",
        "kk": "Мониторинг бойынша барлық сұрақтар үшін: {email}",
    },
    "chart:blocks_12_months": {
        "en": "Reports by block, last 12 months",
        "ru": "Сообщения по блокам за 12 месяцев",
        "kk": "Соңғы 12 айдағы хабарламалар, блоктар бойынша",
    },
    "chart:categories": {
        "en": "Reports by category, {month_title}",
        "ru": "Сообщения по категориям, {month_title}",
        "kk": "Санаттар бойынша хабарламалар, {month_title}",
    },
    "chart:regions": {
        "en": "Incidents by region, {month_title}",
        "ru": "Инциденты по регионам, {month_title}",
        "kk": "Өңірлер бойынша оқиғалар, {month_title}",
    },
    "chart:no_data": {"en": "no data", "ru": "нет данных", "kk": "дерек жоқ"},
    "series:reports": {"en": "reports", "ru": "сообщения", "kk": "хабарламалар"},
    "published_note": {
        "en": "Figures for {months} are taken from published overviews.",
        "ru": "Данные за {months} взяты из опубликованных обзоров.",
        "kk": "{months} бойынша деректер жарияланған шолулардан алынды.",
    },
}
_BECAME_KNOWN = {
    "en": "it became known",
    "ru": "стало известно",
    "kk": "белгілі болды",
}
_STAGES: dict[str, dict[str, str]] = {
    "concept": {"en": "draft concept", "ru": "проект концепции", "kk": "тұжырымдама жобасы"},
    "draft": {"en": "draft published", "ru": "опубликован проект", "kk": "жоба жарияланды"},
    "submitted": {
        "en": "submitted to parliament",
        "ru": "внесён в парламент",
        "kk": "парламентке енгізілді",
    },
    "majilis_first_reading": {
        "en": "passed by the Majilis in the first reading",
        "ru": "принят Мажилисом в первом чтении",
        "kk": "Мәжіліс бірінші оқылымда қабылдады",
    },
    "majilis_second_reading": {
        "en": "passed by the Majilis in the second reading",
        "ru": "принят Мажилисом во втором чтении",
        "kk": "Мәжіліс екінші оқылымда қабылдады",
    },
    "senate": {"en": "considered by the Senate", "ru": "рассмотрен Сенатом", "kk": "Сенат қарады"},
    "signed": {"en": "signed", "ru": "подписан", "kk": "қол қойылды"},
    "in_force": {"en": "in force", "ru": "вступил в силу", "kk": "күшіне енді"},
    "withdrawn": {"en": "withdrawn", "ru": "отозван", "kk": "кері қайтарылды"},
}
# First words that start a sentence but not a name, so "In March, the court…" may lower them.
_COMMON_FIRST_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "since",
        "it",
        "this",
        "these",
        "there",
        "its",
        "his",
        "her",
        "their",
        "lawsuit",
        "claim",
        "demand",
        "decision",
        "court",
        "appeal",
        "charge",
        "charges",
        "investigation",
        "protocol",
        "case",
        "detained",
        "arrested",
        "terminated",
        "included",
        "passed",
        "draft",
        "pre-trial",
        "в",
        "во",
        "на",
        "после",
        "до",
        "с",
        "со",
        "по",
        "при",
        "это",
        "этот",
        "эта",
        "его",
        "её",
        "их",
        "иск",
        "требование",
        "решение",
        "суд",
        "апелляция",
        "обвинение",
        "расследование",
        "протокол",
        "дело",
        "задержан",
        "арестован",
        "прекращено",
        "подан",
        "составлен",
        "принят",
    ]
)


class OverridesError(ValueError):
    """Overrides that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Overrides:
    """A month's editorial choices, stored as JSON with the ReportMonth.

    ``{"blocks": {"R": {"items": [codes] | "all"}}, "breakdowns": {"L.administrative": [codes]},
    "featured_cases": [case external ids], "also": [incident external ids],
    "text": {key: {lang: text}}, "comparisons": true, "charts": true}``. Text keys: title,
    intro, statistics, methodology, heading:<section>, case:<ext id>, event:<ext id>,
    legislation:<ext id>, also:<ext id>, and the keys of compose._TEXTS.
    """

    blocks: Mapping[str, Any] = field(default_factory=dict)
    breakdowns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    featured_cases: tuple[str, ...] | None = None
    also: tuple[str, ...] = ()
    text: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    comparisons: bool = True
    charts: bool = True


_OVERRIDE_KEYS = {"blocks", "breakdowns", "featured_cases", "also", "text", "comparisons", "charts"}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OverridesError(f"overrides: {where}: expected a list of non-empty strings")
    if len(set(value)) != len(value):
        raise OverridesError(f"overrides: {where}: lists a value twice")
    return tuple(value)


def parse_overrides(data: Mapping[str, Any] | None) -> Overrides:
    data = dict(data or {})
    for key in data:
        if key not in _OVERRIDE_KEYS:
            known = ", ".join(sorted(_OVERRIDE_KEYS))
            raise OverridesError(f"overrides: {key}: unknown field (expected one of {known})")
    blocks = data.get("blocks", {})
    if not isinstance(blocks, dict):
        raise OverridesError("overrides: blocks: expected a mapping of block code to choices")
    breakdowns_doc = data.get("breakdowns", {})
    if not isinstance(breakdowns_doc, dict):
        raise OverridesError("overrides: breakdowns: expected a mapping of item code to codes")
    breakdowns = {
        str(code): _str_list(codes, f"breakdowns.{code}") for code, codes in breakdowns_doc.items()
    }
    featured = data.get("featured_cases")
    text_doc = data.get("text", {})
    if not isinstance(text_doc, dict):
        raise OverridesError("overrides: text: expected a mapping of key to {lang: text}")
    texts: dict[str, dict[str, str]] = {}
    for key, per_lang in text_doc.items():
        if not isinstance(per_lang, dict):
            raise OverridesError(f"overrides: text.{key}: expected a mapping of language to text")
        for lang, value in per_lang.items():
            if lang not in LANGUAGES:
                raise OverridesError(f"overrides: text.{key}.{lang}: unknown language")
            if not isinstance(value, str):
                raise OverridesError(f"overrides: text.{key}.{lang}: expected a string")
        texts[str(key)] = {lang: v for lang, v in per_lang.items() if v}
    for flag in ("comparisons", "charts"):
        if not isinstance(data.get(flag, True), bool):
            raise OverridesError(f"overrides: {flag}: expected true or false")
    return Overrides(
        blocks=blocks,
        breakdowns=breakdowns,
        featured_cases=None if featured is None else _str_list(featured, "featured_cases"),
        also=_str_list(data.get("also", []), "also"),
        text=texts,
        comparisons=bool(data.get("comparisons", True)),
        charts=bool(data.get("charts", True)),
    )


def effective_template(template: ReportTemplate, overrides: Overrides) -> ReportTemplate:
    """The template with the month's listing choices (items per block, breakdown codes)."""
    try:
        tpl = apply_overrides(template, {"blocks": dict(overrides.blocks)})
    except TemplateError as exc:
        raise OverridesError(str(exc)) from exc
    if overrides.breakdowns:
        items = dict(tpl.items)
        for code, codes in overrides.breakdowns.items():
            if code not in items:
                raise OverridesError(
                    f"overrides: breakdowns.{code}: the template has no sentence for {code!r}"
                )
            items[code] = replace(items[code], breakdown=BreakdownSpec(by="codes", codes=codes))
        tpl = replace(tpl, items=items)
    return tpl


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


# -- helpers ------------------------------------------------------------------------------------


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decap(text: str) -> str:
    """Lower the first letter when the sentence continues another ("In January, the court…"),
    unless the first word may be a name or an acronym."""
    match = re.match(r"[\w-]+", text)
    if match and match.group(0).lower() in _COMMON_FIRST_WORDS:
        return text[:1].lower() + text[1:]
    return text


def _fill(pattern: str, **values: str) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        value = values[name.lower()]
        return _capitalise(value) if name[:1].isupper() else value

    return re.sub(r"\{([A-Za-z_]+)\}", one, pattern)


class _Texts:
    """Picks texts in the report's language; fallbacks are marked and collected as warnings."""

    def __init__(self, lang: str, order: Sequence[str], overrides: Overrides) -> None:
        self.lang = lang
        self.order = tuple(order)
        self.overrides = overrides
        self.warnings: list[str] = []

    def pick(self, texts: Mapping[str, str], where: str) -> tuple[str, str | None] | None:
        """(text, fallback language or None); None when no language has a text."""
        try:
            text, used, is_fallback = fallback_text(texts, self.lang, self.order)
        except LanguageError:
            return None
        if is_fallback:
            self.warnings.append(f"{where}: no {self.lang} text, shown in {used}")
            return text, used
        return text, None

    def own(self, key: str) -> str | None:
        """The editor's text for ``key`` in this language, if any (never another language's)."""
        return self.overrides.text.get(key, {}).get(self.lang) or None

    def fixed(self, key: str) -> str:
        return self.own(key) or _TEXTS[key].get(self.lang) or _TEXTS[key]["en"]


def _month_label(lang: str, key: str) -> str:
    """A short axis label ("Apr 2024", "апр. 2024", "сәу. 2024"): full titles crowd the chart."""
    year, month = (int(part) for part in key.split("-"))
    return babel_format_date(date(year, month, 1), "LLL yyyy", locale=lang)


# -- sections -----------------------------------------------------------------------------------


def _statistics_section(
    t: _Texts, tpl: ReportTemplate, data: MonthData, paragraphs: Sequence[Paragraph]
) -> Section:
    lead = t.own("statistics") or (render_text(tpl, "statistics", t.lang, data.year, data.month))
    return Section(
        key="statistics",
        heading=t.fixed("heading:statistics"),
        lead=lead or "",
        statistics=tuple(paragraphs),
    )


def _template_ref(tpl: ReportTemplate, ref: str) -> str:
    abbr, _, article = ref.partition(" ")
    if abbr in tpl.legal_codes:
        return ref
    for alias in _ABBR_ALIASES.get(abbr, ()):
        if alias in tpl.legal_codes:
            return f"{alias} {article}"
    return ref


def _comparisons_section(
    t: _Texts,
    tpl: ReportTemplate,
    rules: CountingRules,
    data: MonthData,
    figures: Figures,
    p: Phraser,
    nouns: Mapping[str, str],
) -> Section | None:
    lang = t.lang
    paragraphs: list[str] = []
    prev = data.previous_month
    if prev is not None:
        py, pm = add_months(data.year, data.month, -1)
        lines = [
            _capitalise(
                growth_sentence(
                    lang,
                    p.label(block.code),
                    figures.block(block.code).total,
                    prev.count(block.code),
                    rules.ratio_rounding,
                )
            )
            + "."
            for block in tpl.blocks
        ]
        lead = _fill(t.fixed("compare_previous"), prev=month_phrase(lang, py, pm, "mid"))
        paragraphs.append("\n".join([lead, *lines]))
    ytd, last = data.ytd, data.ytd_last_year
    if ytd is not None and last is not None:
        lines = []
        for block in tpl.blocks:
            noun = nouns.get(block.code, "report")
            sentence = ytd_sentence(
                tpl,
                lang,
                data.year,
                data.month,
                noun,
                ytd.count(block.code),
                last.count(block.code),
                rules.ratio_rounding,
            )
            if noun == "report":  # a bare "N reports" needs the block named
                sentence = f"{_capitalise(p.label(block.code))}: {_decap_period(sentence, lang)}"
            lines.append(sentence)
            if block.code in rules.new_cases_only:
                lines.extend(
                    _item_comparisons(tpl, rules, figures, block.code, ytd, last, p, nouns)
                )
        paragraphs.append("\n".join([t.fixed("compare_ytd"), *lines]))
    if paragraphs and data.published_months:
        paragraphs.append(published_note(t, data.published_months))
    if not paragraphs:
        return None
    return Section(
        key="comparisons", heading=t.fixed("heading:comparisons"), paragraphs=tuple(paragraphs)
    )


def published_note(t: _Texts, months: Sequence[str]) -> str:
    """The visible note naming months whose figures come from published overviews."""
    form: MonthForm = "plain" if t.lang == "ru" else "title"
    names = [month_phrase(t.lang, y, m, form) for y, m in (month_key(key) for key in months)]
    return _fill(t.fixed("published_note"), months=", ".join(names))


def _decap_period(sentence: str, lang: str) -> str:
    # "In January–April 2024, …" continues after "Label: ", so its first letter goes down.
    return sentence[:1].lower() + sentence[1:] if lang in ("en", "ru") else sentence


def _item_comparisons(
    tpl: ReportTemplate,
    rules: CountingRules,
    figures: Figures,
    block: str,
    ytd: PeriodCounts,
    last: PeriodCounts,
    p: Phraser,
    nouns: Mapping[str, str],
) -> list[str]:
    lines = []
    for item in figures.block(block).items:
        current, previous = ytd.count(item.code), last.count(item.code)
        if not current and not previous:
            continue
        text = _capitalise(
            growth_sentence(p.lang, p.label(item.code), current, previous, rules.ratio_rounding)
        )
        refs = ytd.legal.get(item.code, {})
        whole = nouns.get(item.code)
        if refs and whole and current:
            ref, part = next(iter(refs.items()))
            shown = _template_ref(tpl, ref)
            if shown in tpl.articles:
                text += "; " + article_share(tpl, p.lang, whole, current, part, shown)
        lines.append(text + ".")
    return lines


def _events_section(t: _Texts, tpl: ReportTemplate, data: MonthData) -> Section:
    entries = []
    for event in data.events:
        own = t.own(f"event:{event.external_id}")
        picked = (own, None) if own else t.pick(event.text, f"event {event.external_id}")
        if picked is None:
            picked = t.pick(event.title, f"event {event.external_id} (title)")
        if picked is None:
            t.warnings.append(f"event {event.external_id}: no text in any language; left out")
            continue
        entries.append(
            Entry(
                date_label=format_date(t.lang, event.date),
                text=picked[0],
                fallback_lang=picked[1],
                date_iso=event.date.isoformat(),
            )
        )
    heading = t.own("heading:events") or render_text(tpl, "events", t.lang, data.year, data.month)
    return Section(key="events", heading=heading or "", entries=tuple(entries))


def _legislation_section(t: _Texts, tpl: ReportTemplate, data: MonthData) -> Section:
    entries = []
    for stage in data.legislation:
        where = f"legislation {stage.item_external_id}"
        own = t.own(f"legislation:{stage.item_external_id}")
        picked = (own, None) if own else t.pick(stage.note, where)
        if picked is None:
            label = _STAGES.get(stage.stage, {}).get(t.lang, stage.stage)
            picked = (_capitalise(label) + ".", None)
        heading = t.pick(stage.item_title, f"{where} (title)")
        entries.append(
            Entry(
                date_label=format_date(t.lang, stage.date),
                text=picked[0],
                heading=heading[0] if heading else stage.item_external_id,
                fallback_lang=picked[1] or (heading[1] if heading else None),
                date_iso=stage.date.isoformat(),
            )
        )
    title = t.own("heading:legislation") or render_text(
        tpl, "legislation", t.lang, data.year, data.month
    )
    return Section(key="legislation", heading=title or "", entries=tuple(entries))


def _when(lang: str, year: int, month: int, report_year: int) -> str:
    if year != report_year:
        return month_phrase(lang, year, month, "in").removeprefix("in ")
    if lang == "en":
        return month_name("en", month)
    if lang == "ru":
        return "в " + month_name("ru", month, "prepositional")
    return month_name("kk", month, "locative")


def _case(t: _Texts, data: MonthData, case: CaseData) -> FeaturedCase | None:
    where = f"case {case.external_id}"
    title = t.pick(case.title, f"{where} (title)")
    if title is None:
        t.warnings.append(f"{where}: no title in any language; left out")
        return None
    fallback = title[1]
    own = t.own(f"case:{case.external_id}")
    if own:
        paragraphs = [p.strip() for p in own.split("\n\n") if p.strip()]
        return FeaturedCase(title=title[0], paragraphs=tuple(paragraphs), fallback_lang=fallback)
    start = data.period.start
    paragraphs = []
    summary = t.pick(case.summary, f"{where} (summary)")
    if summary:
        paragraphs.append(summary[0])
        fallback = fallback or summary[1]
    # Earlier history, one sentence per month: "In January, …".
    earlier: dict[tuple[int, int], list[str]] = {}
    for incident in case.incidents:
        if incident.recorded_on < start:
            picked = t.pick(incident.title, f"{where}: incident {incident.external_id}")
            if picked:
                day = incident.occurred_on or incident.recorded_on
                earlier.setdefault((day.year, day.month), []).append(picked[0])
                fallback = fallback or picked[1]
    for stage in case.stages:
        if stage.date < start:
            picked = t.pick(stage.note, f"{where}: stage {stage.date}")
            if picked:
                earlier.setdefault((stage.date.year, stage.date.month), []).append(picked[0])
                fallback = fallback or picked[1]
    for (year, month), texts in sorted(earlier.items()):
        sentences = [s.strip().rstrip(".") + "." for s in texts]
        body = " ".join([_decap(sentences[0]), *sentences[1:]])
        when = _when(t.lang, year, month, data.year)
        paragraphs.append(_fill(t.fixed("history"), when=when, text=body))
    for stage in case.stages:
        if data.period.contains(stage.date):
            picked = t.pick(stage.note, f"{where}: stage {stage.date}")
            text = picked[0] if picked else _capitalise(stage.stage.replace("_", " ")) + "."
            if picked:
                fallback = fallback or picked[1]
            paragraphs.append(f"{format_date(t.lang, stage.date)}: {text}")
    return FeaturedCase(title=title[0], paragraphs=tuple(paragraphs), fallback_lang=fallback)


def _featured_section(t: _Texts, data: MonthData, overrides: Overrides) -> Section:
    chosen = (
        overrides.featured_cases if overrides.featured_cases is not None else data.default_featured
    )
    by_id = {c.external_id: c for c in data.cases}
    cases = []
    for ext in chosen:
        case = by_id.get(ext)
        if case is None:
            t.warnings.append(f"featured case {ext}: not a published case; left out")
            continue
        featured = _case(t, data, case)
        if featured is not None:
            cases.append(featured)
    return Section(
        key="featured_cases", heading=t.fixed("heading:featured_cases"), cases=tuple(cases)
    )


def _also_text(t: _Texts, data: MonthData, incident: IncidentBrief) -> tuple[str, str | None]:
    where = f"also {incident.external_id}"
    own = t.own(f"also:{incident.external_id}")
    if own:
        return own, None
    picked = t.pick(incident.summary, where) or t.pick(incident.title, f"{where} (title)")
    if picked is None:
        return incident.external_id, None
    text, used = picked
    earlier = incident.occurred_on is not None and incident.occurred_on < data.period.start
    said = _BECAME_KNOWN.get(used or t.lang, "")
    if earlier and said not in text[:80].lower():
        values = month_values(used or t.lang, data.year, data.month)
        pattern = t.fixed("became_known") if used is None else _TEXTS["became_known"][used]
        marker = f"[{used}] " if used else ""
        body = text.removeprefix(marker)
        text = marker + _fill(pattern, month_in_short=values["month_in_short"], text=_decap(body))
    return text, used


def _also_section(t: _Texts, tpl: ReportTemplate, data: MonthData, ov: Overrides) -> Section:
    by_id = {i.external_id: i for i in data.incidents}
    entries = []
    for ext in ov.also:
        incident = by_id.get(ext)
        if incident is None:
            t.warnings.append(
                f"also {ext}: not a published incident recorded in {data.key}; left out"
            )
            continue
        text, used = _also_text(t, data, incident)
        dated = (
            incident.occurred_on is not None
            and incident.occurred_precision == "day"
            and data.period.contains(incident.occurred_on)
        )
        entries.append(
            Entry(
                date_label=format_date(t.lang, incident.occurred_on)
                if dated and incident.occurred_on
                else "",
                text=text,
                fallback_lang=used,
                date_iso=incident.occurred_on.isoformat() if incident.occurred_on else "",
            )
        )
    heading = t.own("heading:also") or render_text(tpl, "also", t.lang, data.year, data.month)
    return Section(key="also", heading=heading or "", entries=tuple(entries))


def _methodology_section(
    t: _Texts, tpl: ReportTemplate, data: MonthData, note: bool = False
) -> Section:
    text = t.own("methodology") or render_text(tpl, "methodology", t.lang, data.year, data.month)
    paragraphs = [text] if text else []
    if note:  # charts drawn from published figures, no comparisons section to say so
        paragraphs.append(published_note(t, data.published_months))
    return Section(
        key="methodology", heading=t.fixed("heading:methodology"), paragraphs=tuple(paragraphs)
    )


# -- table, charts, figures ---------------------------------------------------------------------


def _table(figures: Figures, p: Phraser, tpl: ReportTemplate) -> tuple[StatRow, ...]:
    rows = []
    for block in figures.blocks:
        rows.append(StatRow(block.code, _capitalise(p.label(block.code)), block.total, 0))
        for item in block.items:
            rows.append(StatRow(item.code, _capitalise(p.label(item.code)), item.count, 1))
            for part in item.breakdown:
                label = (
                    format_article(tpl, p.lang, _template_ref(tpl, part.code))
                    if part.kind == "legal_ref"
                    else _capitalise(p.label(part.code))
                )
                rows.append(StatRow(part.code, label, part.count, 2))
    return tuple(rows)


def _charts(
    t: _Texts, tpl: ReportTemplate, data: MonthData, figures: Figures, p: Phraser
) -> tuple[Chart, ...]:
    values = month_values(t.lang, data.year, data.month)
    charts = []
    if data.history:
        labels = tuple(_month_label(t.lang, key) for key, _ in data.history)
        series = tuple(
            (
                _capitalise(p.label(block.code)),
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
                _fill(t.fixed("chart:categories"), month_title=values["month_title"]),
                "barh",
                tuple(_capitalise(p.label(code)) for _, code in items),
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
                _fill(t.fixed("chart:regions"), month_title=values["month_title"]),
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


# -- the report ---------------------------------------------------------------------------------


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
    t = _Texts(lang, tpl.fallback_order, ov)
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
            sections.append(_statistics_section(t, tpl, data, paragraphs))
            if ov.comparisons:
                compared = _comparisons_section(t, tpl, rules, data, figures, p, nouns)
                if compared is not None:
                    sections.append(compared)
        elif key in ("events", "legislation", "featured_cases", "also"):
            section = {
                "events": lambda: _events_section(t, tpl, data),
                "legislation": lambda: _legislation_section(t, tpl, data),
                "featured_cases": lambda: _featured_section(t, data, ov),
                "also": lambda: _also_section(t, tpl, data, ov),
            }[key]()
            if section.entries or section.cases:  # an empty narrative section is left out
                sections.append(section)
        elif key == "methodology":
            noted = any(section.key == "comparisons" for section in sections)
            note = bool(data.published_months) and ov.charts and not noted
            sections.append(_methodology_section(t, tpl, data, note))
    contacts = tuple(
        line
        for line in (
            data.footer.organisation,
            *data.footer.lines,
            _fill(t.fixed("contact"), email=data.footer.email) if data.footer.email else "",
        )
        if line
    )
    return Report(
        month=data.key,
        lang=lang,
        title=title,
        intro=intro,
        sections=tuple(sections),
        table=_table(figures, p, tpl),
        charts=_charts(t, tpl, data, figures, p) if ov.charts else (),
        contacts=contacts,
        figures={**figures_data(data, figures, tpl, rules), "lang": lang},
        template=tpl.name,
        template_version=tpl.version,
        version_label=version_label,
        warnings=tuple(dict.fromkeys(t.warnings)),
    )


# -- Report <-> JSON (frozen versions are stored this way and rendered again later) --------------


def report_to_data(report: Report) -> dict[str, Any]:
    return asdict(report)


def report_to_json(report: Report) -> str:
    return json.dumps(report_to_data(report), ensure_ascii=False, indent=2, default=str)


def _entry(d: Mapping[str, Any]) -> Entry:
    return Entry(**d)


def _section(d: Mapping[str, Any]) -> Section:
    key: SectionKey = d["key"]
    return Section(
        key=key,
        heading=d.get("heading", ""),
        lead=d.get("lead", ""),
        statistics=tuple(
            Paragraph(
                block=p["block"],
                header=p["header"],
                lead=p["lead"],
                items=tuple(p["items"]),
                layout=p.get("layout", "lines"),
                others=p.get("others"),
                notes=tuple(p.get("notes", ())),
                fallbacks=tuple(p.get("fallbacks", ())),
            )
            for p in d.get("statistics", ())
        ),
        paragraphs=tuple(d.get("paragraphs", ())),
        entries=tuple(_entry(e) for e in d.get("entries", ())),
        cases=tuple(
            FeaturedCase(
                title=c["title"],
                paragraphs=tuple(c["paragraphs"]),
                fallback_lang=c.get("fallback_lang"),
            )
            for c in d.get("cases", ())
        ),
    )


def report_from_data(d: Mapping[str, Any]) -> Report:
    """The inverse of report_to_data (a frozen version read back from the database)."""
    return Report(
        month=d["month"],
        lang=d["lang"],
        title=d["title"],
        intro=d["intro"],
        sections=tuple(_section(s) for s in d["sections"]),
        table=tuple(StatRow(**row) for row in d["table"]),
        charts=tuple(
            Chart(
                key=c["key"],
                title=c["title"],
                kind=c["kind"],
                labels=tuple(c["labels"]),
                series=tuple((label, tuple(values)) for label, values in c["series"]),
                no_data=c.get("no_data", ""),
            )
            for c in d["charts"]
        ),
        contacts=tuple(d["contacts"]),
        figures=dict(d["figures"]),
        template=d.get("template", ""),
        template_version=int(d.get("template_version", 0)),
        version_label=d.get("version_label", ""),
        warnings=tuple(d.get("warnings", ())),
    )


def month_key(value: str) -> tuple[int, int]:
    """'2024-04' -> (2024, 4); raises ValueError naming the value."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month {value!r}: expected YYYY-MM, e.g. 2024-04")
    return int(match.group(1)), int(match.group(2))


def today_key(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"
