"""Figures + template + language -> sentences. Pure: no queries, no markup.

``render_statistics`` gives one ``Paragraph`` per block (header, lead, item lines, "and others",
notes); the HTML/Markdown/DOCX/PDF renderers format those. Texts missing in the requested language
come from the template's fallback order with a visible marker ("[ru] …") and are listed in
``Paragraph.fallbacks`` so a reviewer sees them. Comparison wording ("1.5 times more", "9 against
7") lives here too because it is grammar, not configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from speechwatch.reports.counting import BlockFigure, Figures, ItemFigure, ratio
from speechwatch.reports.language import (
    PHRASES,
    LanguageError,
    PluralForms,
    fallback_text,
    format_number,
    kk_dative,
    month_name,
    month_phrase,
    month_range_phrase,
    phrase,
)
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.rules import Rounding
from speechwatch.reports.template import ReportTemplate, TemplateError, Texts

__all__ = [
    "Paragraph",
    "Phraser",
    "against",
    "article_share",
    "format_article",
    "growth_sentence",
    "month_values",
    "ratio_words",
    "render_statistics",
    "render_text",
    "ytd_sentence",
]

Number = int | Decimal
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)(?::([a-z]+))?\}")


@dataclass(frozen=True)
class Paragraph:
    """One statistics block as structured plain text."""

    block: str
    header: str
    lead: str
    items: tuple[str, ...]
    layout: Literal["lines", "inline"] = "lines"
    others: str | None = None
    notes: tuple[str, ...] = ()
    fallbacks: tuple[str, ...] = field(default=(), compare=False)

    def text(self) -> str:
        """The block as plain text, the way the published overview lays it out."""
        if not self.items:
            lines = [self.header]
        elif self.layout == "inline":
            body = " ".join(p for p in (self.header, self.lead, self.items[0]) if p)
            lines = [f"{body} {self.others}" if self.others else body]
        else:
            lines = [f"{self.header} {self.lead}".strip(), *self.items]
            if self.others:
                lines.append(self.others)
        return "\n".join([*lines, *self.notes])


def month_values(lang: str, year: int, month: int) -> dict[str, str]:
    """Month placeholders: {month_title} {month_in} {month_of} {month} {month_in_short}."""
    short = {
        "en": f"in {month_name('en', month)}",
        "ru": f"в {month_name('ru', month, 'prepositional')}",
        "kk": month_name("kk", month, "locative"),
    }
    if lang not in short:
        raise LanguageError(f"unsupported language {lang!r}")
    return {
        "month_title": month_phrase(lang, year, month, "title"),
        "month_in": month_phrase(lang, year, month, "in"),
        "month_of": month_phrase(lang, year, month, "of"),
        "month": month_name(lang, month),
        "month_in_short": short[lang],
    }


class Phraser:
    """A template bound to one language: picks texts (with fallbacks) and fills placeholders."""

    def __init__(
        self, template: ReportTemplate, lang: str, taxonomy: Taxonomy | None = None
    ) -> None:
        self.template = template
        self.lang = lang
        self.taxonomy = taxonomy
        self.nouns: dict[str, Mapping[str, PluralForms]] = {**PHRASES, **template.nouns}
        self.fallbacks: list[str] = []

    def pick(self, texts: Texts, where: str) -> str:
        try:
            text, used, is_fallback = fallback_text(texts, self.lang, self.template.fallback_order)
        except LanguageError as exc:
            raise TemplateError(f"template {self.template.name}: {where}: {exc}") from exc
        if is_fallback:
            self.fallbacks.append(f"{where}: {used}")
        return text

    def fill(
        self, pattern: str, n: Number | None = None, values: Mapping[str, str] | None = None
    ) -> str:
        filled: Mapping[str, str] = values or {}

        def one(match: re.Match[str]) -> str:
            name, case = match.group(1), match.group(2)
            key = name.lower()
            if case is None and key in filled:
                return _cased(name, filled[key])
            if case is None and key == "n" and n is not None:
                return format_number(self.lang, n)
            noun = f"{key}:{case}" if case else key
            if noun in self.nouns and n is not None:
                return _cased(name, phrase(noun, self.lang, n, self.nouns))
            raise TemplateError(
                f"template {self.template.name}: no value for {match.group(0)} in {pattern!r}"
            )

        return _PLACEHOLDER.sub(one, pattern)

    def text(
        self,
        texts: Texts,
        where: str,
        n: Number | None = None,
        values: Mapping[str, str] | None = None,
    ) -> str:
        return self.fill(self.pick(texts, where), n, values)

    def label(self, code: str) -> str:
        """A category's label in this language; a missing one falls back visibly."""
        info = self.taxonomy[code] if self.taxonomy and code in self.taxonomy else None
        if info is None or not info.labels:
            return code
        return self.pick(info.labels, f"label of {code}")

    def join(self, parts: Sequence[str], last: Texts | None = None) -> str:
        lists = (
            self.template.lists.get(self.lang)
            or self.template.lists[self.template.fallback_order[0]]
        )
        final = self.pick(last, "last") if last else lists["last"]
        if len(parts) <= 1:
            return "".join(parts)
        return lists["sep"].join(parts[:-1]) + final + parts[-1]


def _cased(name: str, value: str) -> str:
    # {MONTH_TITLE} upper-cases the value; {Month_in} capitalises it at a sentence start.
    if name.isupper() and len(name) > 1:
        return value.upper()
    if name[:1].isupper():
        return _capitalise(value)
    return value


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_text(template: ReportTemplate, key: str, lang: str, year: int, month: int) -> str | None:
    """A section's own text (title, intro, headings, methodology); None when it has none."""
    texts = template.text.get(key)
    if texts is None:
        return None
    p = Phraser(template, lang)
    org = p.pick(template.organisation, "organisation")
    return p.text(texts, f"text.{key}", None, {**month_values(lang, year, month), "org": org})


def render_statistics(
    figures: Figures, template: ReportTemplate, lang: str, taxonomy: Taxonomy | None = None
) -> list[Paragraph]:
    """One paragraph per block of the template, in its order; zero items are not mentioned."""
    paragraphs = []
    for block in template.blocks:
        p = Phraser(template, lang, taxonomy)
        figure = figures.block(block.code)
        items = [_item_sentence(p, item) for item in figure.items if item.count > 0]
        header = p.text(block.header, f"blocks.{block.code}.header", figure.total)
        lead = p.pick(block.lead, f"blocks.{block.code}.lead") if items else ""
        others = p.pick(template.others, "others") if figure.others else None
        if block.layout == "inline":
            items = [p.join(items, block.last or None)] if items else []
        else:
            # Each line starts a sentence (Kazakh items open with a word, not the figure).
            count = len(items) - (0 if others else 1)
            items = [
                _capitalise(s) + (block.item_end if i < count else "") for i, s in enumerate(items)
            ]
        notes = _notes(p, block.code, block.ongoing, figure)
        paragraphs.append(
            Paragraph(
                block=block.code,
                header=header,
                lead=lead,
                items=tuple(items),
                layout=block.layout,
                others=others,
                notes=notes,
                fallbacks=tuple(p.fallbacks),
            )
        )
    return paragraphs


def _notes(p: Phraser, code: str, ongoing: Texts, figure: BlockFigure) -> tuple[str, ...]:
    if not figure.ongoing or not ongoing:
        return ()
    return (p.text(ongoing, f"blocks.{code}.ongoing", figure.ongoing),)


def _item_sentence(p: Phraser, item: ItemFigure) -> str:
    spec = p.template.items.get(item.code)
    where = f"items.{item.code}"
    if spec is None:
        text = p.text(
            p.template.defaults["item"], "defaults.item", item.count, {"label": p.label(item.code)}
        )
    else:
        text = p.text(spec.text, f"{where}.text", item.count)
    parts = [_part(p, part) for part in item.breakdown if part.count > 0]
    if parts:
        text += p.pick(p.template.including, "including") + p.join(parts)
    facets = [
        p.text(f.text, f"{where}.facets", item.facet(f.facet, f.value))
        for f in (spec.facets if spec else ())
        if item.facet(f.facet, f.value) > 0
    ]
    if facets:
        text = text.rstrip(".") + ". " + " ".join(facets)
    return text


def _part(p: Phraser, part: ItemFigure) -> str:
    if part.kind == "legal_ref":
        article = format_article(p.template, p.lang, part.code)
        return p.text(
            p.template.defaults["legal_ref"], "defaults.legal_ref", part.count, {"article": article}
        )
    spec = p.template.items.get(part.code)
    if spec is not None:
        return p.text(spec.text, f"items.{part.code}.text", part.count)
    return p.text(
        p.template.defaults["part"], "defaults.part", part.count, {"label": p.label(part.code)}
    )


# -- legal articles ---------------------------------------------------------------------------


def format_article(
    template: ReportTemplate, lang: str, ref: str, form: Literal["long", "short"] = "long"
) -> str:
    """'PC 274' -> 'Article 274 of the Penal Code' / 'ст. 274 УК' / 'ҚК 274-бабы'."""
    abbr, _, article = ref.partition(" ")
    if not article:
        return ref
    p = Phraser(template, lang)
    codes = template.legal_codes.get(abbr)
    code = p.pick(codes, f"legal_codes.{abbr}") if codes else abbr
    return p.text(
        template.article_format[form],
        f"article_format.{form}",
        None,
        {"abbr": abbr, "article": article, "code": code},
    )


# -- comparisons ------------------------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "more": "{r} {times} more",
        "less": "{r} {times} less",
        "slightly_more": "slightly more",
        "slightly_less": "slightly less",
        "same": "the same",
        "against": "{current} against {previous}",
        "grew": "{subject} grew {r} {times}: {against}",
        "fell": "{subject} fell {r} {times}: {against}",
        "moved": "{subject} changed: {against}",
        "unchanged": "{subject} remained the same: {current}",
        "ytd": "{Period}, {current} {noun} {verb}, {ratio} than in the same period last year "
        "({previous}).",
        "ytd_same": "{Period}, {current} {noun} {verb}, the same as in the same period last year.",
        "ytd_plain": "{Period}, {current} {noun} {verb} ({previous} in the same period last year).",
        "share": "of the {total} {whole}, {part} under {label} ({ref})",
    },
    "ru": {
        "more": "в {r} {times} больше",
        "less": "в {r} {times} меньше",
        "slightly_more": "немного больше",
        "slightly_less": "немного меньше",
        "same": "столько же",
        "against": "{current} против {previous}",
        "grew": "{subject}: рост в {r} {times}, {against}",
        "fell": "{subject}: снижение в {r} {times}, {against}",
        "moved": "{subject}: {against}",
        "unchanged": "{subject}: без изменений, {current}",
        "ytd": "{Period} {verb} {current} {noun}, {ratio}, чем за тот же период прошлого года "
        "({previous}).",
        "ytd_same": "{Period} {verb} {current} {noun}, столько же, сколько за тот же период "
        "прошлого года.",
        "ytd_plain": "{Period} {verb} {current} {noun} (за тот же период прошлого года — "
        "{previous}).",
        "share": "из {total} {whole} {part} — по {label} ({ref})",
    },
    "kk": {
        "more": "{r} {times} көп",
        "less": "{r} {times} аз",
        "slightly_more": "сәл көп",
        "slightly_less": "сәл аз",
        "same": "сонша",
        "against": "{previous_dative} қарсы {current}",
        "grew": "{subject} {r} {times} өсті: {against}",
        "fell": "{subject} {r} {times} азайды: {against}",
        "moved": "{subject}: {against}",
        "unchanged": "{subject} өзгерген жоқ: {current}",
        "ytd": "{Period} {current} {noun} {verb}, бұл өткен жылдың сәйкес кезеңіне қарағанда "
        "({previous}) {ratio}.",
        "ytd_same": "{Period} {current} {noun} {verb}, өткен жылдың сәйкес кезеңіндегідей.",
        "ytd_plain": "{Period} {current} {noun} {verb} (өткен жылдың сәйкес кезеңінде — "
        "{previous}).",
        "share": "{total} {whole} ішінде {part} — {label} бойынша ({ref})",
    },
}

# Genitive forms the Russian "из 9 уголовных дел" needs when a template gives none.
_SHARE_CASE = {"en": "", "ru": ":gen", "kk": ":gen"}


def _words(lang: str) -> dict[str, str]:
    if lang not in _WORDS:
        raise LanguageError(f"unsupported language {lang!r}")
    return _WORDS[lang]


def _fmt(lang: str, pattern: str, **values: str) -> str:
    def one(match: re.Match[str]) -> str:
        return _cased(match.group(1), values[match.group(1).lower()])

    return _PLACEHOLDER.sub(one, pattern)


def ratio_words(lang: str, current: int, previous: int, rounding: Rounding = "down") -> str | None:
    """'1.5 times more' / 'в 1,5 раза больше' / '1,5 есе көп'; None when a side is zero."""
    words = _words(lang)
    if current == previous:
        return words["same"]
    r = ratio(current, previous, rounding)
    if r is None:
        return None
    direction = "more" if current > previous else "less"
    if r <= 1:  # 1.04 cut down to 1.0 would read "1 times more"
        return words[f"slightly_{direction}"]
    return _fmt(lang, words[direction], **_ratio_values(lang, r))


def _ratio_values(lang: str, r: Decimal) -> dict[str, str]:
    r = r.normalize() if r == r.to_integral_value() else r  # "2 times", not "2.0 times"
    r = r.quantize(Decimal(1)) if r == r.to_integral_value() else r
    return {"r": format_number(lang, r), "times": phrase("time", lang, r)}


def against(lang: str, current: int, previous: int) -> str:
    """'9 against 7' / '9 против 7' / '7-ге қарсы 9'."""
    return _fmt(
        lang,
        _words(lang)["against"],
        current=format_number(lang, current),
        previous=format_number(lang, previous),
        previous_dative=kk_dative(previous),
    )


def growth_sentence(
    lang: str, subject: str, current: int, previous: int, rounding: Rounding = "down"
) -> str:
    """'criminal charges grew 1.2 times: 9 against 7' and its ru/kk equivalents."""
    words = _words(lang)
    values = {"subject": subject, "current": format_number(lang, current)}
    if current == previous:
        return _fmt(lang, words["unchanged"], **values)
    values["against"] = against(lang, current, previous)
    r = ratio(current, previous, rounding)
    if r is None or r <= 1:
        return _fmt(lang, words["moved"], **values)
    key = "grew" if current > previous else "fell"
    return _fmt(lang, words[key], **values, **_ratio_values(lang, r))


def ytd_sentence(
    template: ReportTemplate,
    lang: str,
    year: int,
    month: int,
    noun: str,
    current: int,
    previous: int,
    rounding: Rounding = "down",
) -> str:
    """'In January–July 2024, 87 legal cases were recorded, 1.5 times more than in the same
    period last year (55).' ``noun`` is a phrase key (built-in or the template's)."""
    words = _words(lang)
    p = Phraser(template, lang)
    values = {
        "period": month_range_phrase(lang, year, 1, month),
        "current": format_number(lang, current),
        "previous": format_number(lang, previous),
        "noun": phrase(noun, lang, current, p.nouns),
        "verb": phrase("was_recorded", lang, current, p.nouns),
    }
    if current == previous:
        return _fmt(lang, words["ytd_same"], **values)
    words_ratio = ratio_words(lang, current, previous, rounding)
    if words_ratio is None:
        return _fmt(lang, words["ytd_plain"], **values)
    return _fmt(lang, words["ytd"], **values, ratio=words_ratio)


def article_share(
    template: ReportTemplate, lang: str, whole: str, total: int, part: int, ref: str
) -> str:
    """'of the 9 criminal cases, 7 under the false-information article (PC 274)'.

    ``whole`` is a phrase key; Russian and Kazakh use its ':gen' form ("из 9 уголовных дел").
    """
    p = Phraser(template, lang)
    key = whole + _SHARE_CASE[lang] if whole + _SHARE_CASE[lang] in p.nouns else whole
    labels = template.articles.get(ref)
    label = p.pick(labels, f"articles.{ref}") if labels else format_article(template, lang, ref)
    return _fmt(
        lang,
        _words(lang)["share"],
        total=format_number(lang, total),
        whole=phrase(key, lang, total, p.nouns),
        part=format_number(lang, part),
        label=label,
        ref=format_article(template, lang, ref, "short"),
    )
