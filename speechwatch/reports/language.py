"""Language facts the overview needs in Kazakh, Russian and English: plural forms, month names in
the grammatical case a sentence needs, dates, numbers, and visible fallbacks.

Plural categories come from CLDR through Babel (ru: one/few/many/other, kk and en: one/other).
Kazakh nouns do not take the plural after a numeral ("5 хабарлама", never "5 хабарламалар"), so
Kazakh phrases are a single form. Babel has the Russian genitive month ("6 апреля") but not the
prepositional ("в апреле") nor the Kazakh case endings, so those are tabulated here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

__all__ = [
    "LANGUAGES",
    "PHRASES",
    "LanguageError",
    "MonthCase",
    "MonthForm",
    "PluralForms",
    "fallback_text",
    "format_date",
    "format_number",
    "kk_dative",
    "month_name",
    "month_phrase",
    "month_range_phrase",
    "phrase",
    "plural_form",
    "pluralize",
]

LANGUAGES = ("kk", "ru", "en")
MonthCase = Literal["nominative", "genitive", "prepositional", "locative"]
Number = int | Decimal

# A phrase agreeing with a number: one string (invariant: Kazakh) or CLDR category -> form.
PluralForms = str | Mapping[str, str]


class LanguageError(ValueError):
    """A language, phrase or form that is not available; the message names what is missing."""


@cache  # parsing a locale costs more than formatting with it (a report formats hundreds)
def _locale(lang: str) -> Locale:
    if lang not in LANGUAGES:
        raise LanguageError(f"unsupported language {lang!r} (expected one of {LANGUAGES})")
    return Locale.parse(lang)


def plural_form(lang: str, n: Number) -> str:
    """The CLDR plural category of ``n`` in ``lang``: 'one', 'few', 'many' or 'other'.

    Decimals matter in Russian: 1.5 is 'other' ("в 1,5 раза"), 5 is 'many' ("в 5 раз").
    """
    return str(_locale(lang).plural_form(Decimal(n).copy_abs()))


def pluralize(forms: PluralForms, lang: str, n: Number) -> str:
    if isinstance(forms, str):
        return forms
    category = plural_form(lang, n)
    # 'other' stands in for categories a language lists but a phrase does not need separately.
    form = forms.get(category) or forms.get("other")
    if form is None:
        raise LanguageError(f"no {category!r} (nor 'other') form in {dict(forms)!r} for {lang}")
    return form


# Built-in phrases; a report template may add or override them. "key:case" names a case form
# ("case:prep" gives "в 2 случаях").
PHRASES: dict[str, dict[str, PluralForms]] = {
    "report": {
        "en": {"one": "report", "other": "reports"},
        "ru": {"one": "сообщение", "few": "сообщения", "many": "сообщений", "other": "сообщения"},
        "kk": "хабарлама",
    },
    "case": {
        "en": {"one": "case", "other": "cases"},
        "ru": {"one": "случай", "few": "случая", "many": "случаев", "other": "случая"},
        "kk": "жағдай",
    },
    "case:prep": {
        "en": {"one": "case", "other": "cases"},
        "ru": {"one": "случае", "few": "случаях", "many": "случаях", "other": "случаях"},
        "kk": "жағдайда",
    },
    "claim": {
        "en": {"one": "claim", "other": "claims"},
        "ru": {"one": "иск", "few": "иска", "many": "исков", "other": "иска"},
        "kk": "талап",
    },
    "accusation": {
        "en": {"one": "accusation", "other": "accusations"},
        "ru": {"one": "обвинение", "few": "обвинения", "many": "обвинений", "other": "обвинения"},
        "kk": "айыптау",
    },
    "legal_case": {
        "en": {"one": "legal case", "other": "legal cases"},
        "ru": {
            "one": "судебное дело",
            "few": "судебных дела",
            "many": "судебных дел",
            "other": "судебного дела",
        },
        "kk": "сот ісі",
    },
    "incident": {
        "en": {"one": "incident", "other": "incidents"},
        "ru": {"one": "инцидент", "few": "инцидента", "many": "инцидентов", "other": "инцидента"},
        "kk": "оқиға",
    },
    "was_recorded": {  # the verb of "87 legal cases were recorded"
        "en": {"one": "was recorded", "other": "were recorded"},
        "ru": "зарегистрировано",
        "kk": "тіркелді",
    },
    "time": {  # "1.5 times", "в 2 раза", "в 5 раз"
        "en": {"one": "time", "other": "times"},
        "ru": {"one": "раз", "few": "раза", "many": "раз", "other": "раза"},
        "kk": "есе",
    },
}


def phrase(
    key: str,
    lang: str,
    n: Number,
    phrases: Mapping[str, Mapping[str, PluralForms]] = PHRASES,
) -> str:
    """The form of phrase ``key`` agreeing with ``n``: phrase('report', 'ru', 5) == 'сообщений'."""
    entry = phrases.get(key)
    if entry is None:
        raise LanguageError(f"unknown phrase {key!r}")
    forms = entry.get(lang)
    if forms is None:
        raise LanguageError(f"phrase {key!r} has no {lang} forms")
    return pluralize(forms, lang, n)


# -- months ---------------------------------------------------------------------------------------

_RU_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
_KK_NOMINATIVE = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip
# Suffixes follow vowel harmony and the final sound (ақпан-ның, наурыз-дың, қыркүйек-тің;
# қыркүйек-те after a voiceless consonant, шілде-де after a vowel).
_KK_GENITIVE = (
    "қаңтардың", "ақпанның", "наурыздың", "сәуірдің", "мамырдың", "маусымның",
    "шілденің", "тамыздың", "қыркүйектің", "қазанның", "қарашаның", "желтоқсанның",
)  # fmt: skip
_KK_LOCATIVE = (
    "қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
    "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда",
)  # fmt: skip


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise LanguageError(f"month must be 1..12, got {month}")


def month_name(lang: str, month: int, case: MonthCase = "nominative") -> str:
    """The month name, lower case except in English.

    Russian 'locative' is its prepositional ("в апреле"); Kazakh 'prepositional' is its locative
    ("сәуірде"); English has no case forms.
    """
    _check_month(month)
    locale = _locale(lang)
    if lang == "en":
        return str(locale.months["format"]["wide"][month])
    if lang == "ru":
        if case == "nominative":
            return str(locale.months["stand-alone"]["wide"][month]).lower()
        if case == "genitive":
            return str(locale.months["format"]["wide"][month])
        return _RU_PREPOSITIONAL[month - 1]
    table = {
        "nominative": _KK_NOMINATIVE,
        "genitive": _KK_GENITIVE,
        "locative": _KK_LOCATIVE,
        "prepositional": _KK_LOCATIVE,
    }[case]
    return table[month - 1]


MonthForm = Literal["title", "mid", "in", "of", "plain"]


def month_phrase(lang: str, year: int, month: int, form: MonthForm = "in") -> str:
    """A month of a year as a sentence needs it.

    ========  ===============  =====================  ==================
    form      en               ru                     kk
    ========  ===============  =====================  ==================
    title     April 2024       Апрель 2024            2024 жылғы сәуір
    mid       April 2024       апрель 2024            2024 жылғы сәуір
    in        in April 2024    в апреле 2024 года     2024 жылғы сәуірде
    of        of April 2024    апреля 2024 года       2024 жылғы сәуірдің
    plain     April 2024       апрель 2024 года       2024 жылғы сәуір
    ========  ===============  =====================  ==================
    """
    if lang == "en":
        name = month_name(lang, month)
        return {
            "title": f"{name} {year}",
            "in": f"in {name} {year}",
            "of": f"of {name} {year}",
        }.get(form, f"{name} {year}")
    if lang == "ru":
        if form == "title":
            return f"{month_name(lang, month).capitalize()} {year}"
        if form == "mid":  # within a sentence ("(март 2024)"): Russian month names are lower case
            return f"{month_name(lang, month)} {year}"
        if form == "in":
            return f"в {month_name(lang, month, 'prepositional')} {year} года"
        if form == "of":
            return f"{month_name(lang, month, 'genitive')} {year} года"
        return f"{month_name(lang, month)} {year} года"
    _locale(lang)
    case: MonthCase = "locative" if form == "in" else "genitive" if form == "of" else "nominative"
    return f"{year} жылғы {month_name(lang, month, case)}"


def month_range_phrase(lang: str, year: int, first: int, last: int) -> str:
    """A run of months of one year, 'in' form: 'in January–July 2024', 'в январе–июле 2024 года',
    '2024 жылғы қаңтар–шілдеде'. One month gives the plain month phrase."""
    if first == last:
        return month_phrase(lang, year, first, "in")
    if not first < last:
        raise LanguageError(f"month range {first}..{last} runs backwards")
    if lang == "en":
        return f"in {month_name(lang, first)}–{month_name(lang, last)} {year}"
    if lang == "ru":
        start, end = (
            month_name(lang, first, "prepositional"),
            month_name(lang, last, "prepositional"),
        )
        return f"в {start}–{end} {year} года"
    _locale(lang)
    return f"{year} жылғы {month_name(lang, first)}–{month_name(lang, last, 'locative')}"


# -- dates and numbers ----------------------------------------------------------------------------


# Pure: a month's report writes the same few dozen days many times.
@lru_cache(maxsize=4096, typed=True)
def format_date(lang: str, day: date, with_year: bool = False) -> str:
    """'April 6' / '6 апреля' / '6 сәуір'; with the year 'April 6, 2024' / '6 апреля 2024 года' /
    '2024 жылғы 6 сәуір'."""
    locale = _locale(lang)
    if lang == "en":
        return babel_format_date(day, "MMMM d, y" if with_year else "MMMM d", locale=locale)
    short = babel_format_date(day, "d MMMM", locale=locale)
    if not with_year:
        return short
    return f"{short} {day.year} года" if lang == "ru" else f"{day.year} жылғы {short}"


# Pure, and Babel's formatting is slow next to a look-up.
@lru_cache(maxsize=4096, typed=True)
def format_number(lang: str, n: Number) -> str:
    """Grouped digits and the decimal mark of the language: 1,234.5 / 1 234,5."""
    return str(format_decimal(n, locale=_locale(lang)))


# Dative suffix of a Kazakh numeral, chosen by the last word spoken: 7 (жеті) -> "7-ге",
# 9 (тоғыз) -> "9-ға", 40 (қырық) -> "40-қа". Used in "7-ге қарсы 9" ("9 against 7").
_KK_DATIVE_UNITS = ("ге", "ге", "ге", "ке", "ке", "ке", "ға", "ге", "ге", "ға")
_KK_DATIVE_TENS = ("", "ға", "ға", "ға", "қа", "ге", "қа", "ке", "ге", "ға")


def kk_dative(n: int) -> str:
    """The numeral with its dative suffix: kk_dative(7) == '7-ге'."""
    n = abs(n)
    if n == 0 or n % 10:
        suffix = _KK_DATIVE_UNITS[n % 10]
    elif n % 100:
        suffix = _KK_DATIVE_TENS[(n // 10) % 10]
    elif n % 1000:
        suffix = "ге"  # жүз
    else:
        suffix = "ға"  # мың, миллион
    return f"{n}-{suffix}"


# -- fallbacks ------------------------------------------------------------------------------------


def fallback_text(
    texts: Mapping[str, str], lang: str, order: Sequence[str] = ("ru", "en", "kk")
) -> tuple[str, str, bool]:
    """The text in ``lang``, else the first of ``order`` that has one, marked visibly.

    Returns ``(text, used_lang, is_fallback)``; a fallback text starts with "[ru] " so a reader
    and a reviewer see it was not translated. Nothing at all is an error, never an empty string.
    """
    own = texts.get(lang)
    if own:
        return own, lang, False
    for other in order:
        text = texts.get(other)
        if other != lang and text:
            return f"[{other}] {text}", other, True
    raise LanguageError(f"no text in {lang} nor in any of {', '.join(order)}")
