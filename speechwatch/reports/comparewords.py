"""Comparison wording ("1.5 times more", "9 against 7", year-to-date sentences, an article's
share of an item) and legal-article labels, in en/ru/kk. Grammar, not configuration. Pure."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from speechwatch.reports.counting import ratio
from speechwatch.reports.language import (
    LanguageError,
    format_number,
    kk_dative,
    month_range_phrase,
    phrase,
)
from speechwatch.reports.phraser import PLACEHOLDER, Phraser, cased
from speechwatch.reports.rules import Rounding
from speechwatch.reports.template import ReportTemplate

__all__ = [
    "against",
    "article_share",
    "format_article",
    "growth_sentence",
    "ratio_words",
    "ytd_sentence",
]


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
        return cased(match.group(1), values[match.group(1).lower()])

    return PLACEHOLDER.sub(one, pattern)


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
