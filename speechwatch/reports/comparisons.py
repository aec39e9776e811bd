"""The comparisons section: each block against the previous month, year to date against the
same period last year, legal-case items with their leading article. Pure: no queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from speechwatch.lib.dates import add_months
from speechwatch.reports.counting import Figures
from speechwatch.reports.document import Section
from speechwatch.reports.language import MonthForm, month_phrase
from speechwatch.reports.monthdata import MonthData, PeriodCounts
from speechwatch.reports.overrides import month_key
from speechwatch.reports.phrasing import Phraser, article_share, growth_sentence, ytd_sentence
from speechwatch.reports.rules import CountingRules
from speechwatch.reports.template import ReportTemplate
from speechwatch.reports.wording import TextPicker, capitalise, fill

__all__ = ["COMPARISON_NOUNS", "comparisons_section", "published_note", "template_ref"]

# Phrase keys (language.PHRASES or the template's nouns) naming what a comparison counts.
COMPARISON_NOUNS: dict[str, str] = {
    "L": "legal_case",
    "L.criminal": "criminal_case",
    "L.civil": "civil_claim",
    "L.administrative": "admin_accusation",
}
# lib/legal.py writes the administrative code "AdmC"; templates may name it "CAO".
_ABBR_ALIASES = {"AdmC": ("CAO",), "CAO": ("AdmC",)}


def template_ref(tpl: ReportTemplate, ref: str) -> str:
    abbr, _, article = ref.partition(" ")
    if abbr in tpl.legal_codes:
        return ref
    for alias in _ABBR_ALIASES.get(abbr, ()):
        if alias in tpl.legal_codes:
            return f"{alias} {article}"
    return ref


def comparisons_section(
    t: TextPicker,
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
            capitalise(
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
        lead = fill(t.fixed("compare_previous"), prev=month_phrase(lang, py, pm, "mid"))
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
                sentence = f"{capitalise(p.label(block.code))}: {_decap_period(sentence, lang)}"
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


def published_note(t: TextPicker, months: Sequence[str]) -> str:
    """The visible note naming months whose figures come from published overviews."""
    form: MonthForm = "plain" if t.lang == "ru" else "title"
    names = [month_phrase(t.lang, y, m, form) for y, m in (month_key(key) for key in months)]
    return fill(t.fixed("published_note"), months=", ".join(names))


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
        text = capitalise(
            growth_sentence(p.lang, p.label(item.code), current, previous, rules.ratio_rounding)
        )
        refs = ytd.legal.get(item.code, {})
        whole = nouns.get(item.code)
        if refs and whole and current:
            ref, part = next(iter(refs.items()))
            shown = template_ref(tpl, ref)
            if shown in tpl.articles:
                text += "; " + article_share(tpl, p.lang, whole, current, part, shown)
        lines.append(text + ".")
    return lines
