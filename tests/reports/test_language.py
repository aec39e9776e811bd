"""Plural forms, month inflection, dates, numbers and visible fallbacks in kk/ru/en."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from speechwatch.reports.language import (
    LanguageError,
    MonthCase,
    MonthForm,
    fallback_text,
    format_date,
    format_number,
    kk_dative,
    month_name,
    month_phrase,
    month_range_phrase,
    phrase,
    plural_form,
)


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (1, "сообщение"),
        (2, "сообщения"),
        (4, "сообщения"),
        (5, "сообщений"),
        (11, "сообщений"),
        (12, "сообщений"),
        (14, "сообщений"),
        (21, "сообщение"),
        (22, "сообщения"),
        (25, "сообщений"),
        (111, "сообщений"),
        (0, "сообщений"),
        (101, "сообщение"),
    ],
)
def test_russian_report_plural(n: int, form: str) -> None:
    assert phrase("report", "ru", n) == form


@pytest.mark.parametrize(
    ("n", "form"),
    [(1, "случай"), (3, "случая"), (5, "случаев"), (21, "случай"), (112, "случаев")],
)
def test_russian_case_plural(n: int, form: str) -> None:
    assert phrase("case", "ru", n) == form


@pytest.mark.parametrize(
    ("n", "form"), [(1, "случае"), (2, "случаях"), (7, "случаях"), (21, "случае")]
)
def test_russian_prepositional_case(n: int, form: str) -> None:
    assert phrase("case:prep", "ru", n) == form


@pytest.mark.parametrize(
    ("n", "form"), [(0, "reports"), (1, "report"), (2, "reports"), (21, "reports")]
)
def test_english_plural(n: int, form: str) -> None:
    assert phrase("report", "en", n) == form


@pytest.mark.parametrize("n", [1, 2, 5, 11, 21, 111])
def test_kazakh_noun_keeps_one_form_after_numerals(n: int) -> None:
    assert phrase("report", "kk", n) == "хабарлама"
    assert phrase("case", "kk", n) == "жағдай"


@pytest.mark.parametrize(
    ("lang", "n", "category"),
    [
        ("ru", Decimal("1.5"), "other"),
        ("ru", 2, "few"),
        ("ru", 5, "many"),
        ("kk", 1, "one"),
        ("kk", 5, "other"),
        ("en", 1, "one"),
    ],
)
def test_plural_categories_from_cldr(lang: str, n: int | Decimal, category: str) -> None:
    assert plural_form(lang, n) == category


@pytest.mark.parametrize(
    ("n", "form"), [(Decimal("1.5"), "раза"), (2, "раза"), (5, "раз"), (21, "раз")]
)
def test_russian_times_agrees_with_decimals(n: int | Decimal, form: str) -> None:
    assert phrase("time", "ru", n) == form


@pytest.mark.parametrize(
    ("lang", "month", "case", "name"),
    [
        ("ru", 4, "nominative", "апрель"),
        ("ru", 4, "genitive", "апреля"),
        ("ru", 4, "prepositional", "апреле"),
        ("ru", 5, "prepositional", "мае"),
        ("ru", 5, "locative", "мае"),
        ("kk", 4, "nominative", "сәуір"),
        ("kk", 4, "locative", "сәуірде"),
        ("kk", 9, "locative", "қыркүйекте"),
        ("kk", 7, "locative", "шілдеде"),
        ("kk", 2, "genitive", "ақпанның"),
        ("kk", 4, "genitive", "сәуірдің"),
        ("en", 4, "prepositional", "April"),
    ],
)
def test_month_names_inflect(lang: str, month: int, case: MonthCase, name: str) -> None:
    assert month_name(lang, month, case) == name


@pytest.mark.parametrize(
    ("lang", "form", "text"),
    [
        ("en", "title", "April 2024"),
        ("en", "in", "in April 2024"),
        ("ru", "title", "Апрель 2024"),
        ("ru", "in", "в апреле 2024 года"),
        ("ru", "of", "апреля 2024 года"),
        ("kk", "title", "2024 жылғы сәуір"),
        ("kk", "in", "2024 жылғы сәуірде"),
        # mid-sentence ("по сравнению с предыдущим месяцем (апрель 2024)"): no capital in Russian
        ("en", "mid", "April 2024"),
        ("ru", "mid", "апрель 2024"),
        ("kk", "mid", "2024 жылғы сәуір"),
    ],
)
def test_month_phrases(lang: str, form: MonthForm, text: str) -> None:
    assert month_phrase(lang, 2024, 4, form) == text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "in January–July 2024"),
        ("ru", "в январе–июле 2024 года"),
        ("kk", "2024 жылғы қаңтар–шілдеде"),
    ],
)
def test_month_ranges(lang: str, text: str) -> None:
    assert month_range_phrase(lang, 2024, 1, 7) == text


@pytest.mark.parametrize(
    ("lang", "with_year", "text"),
    [
        ("en", False, "April 6"),
        ("ru", False, "6 апреля"),
        ("kk", False, "6 сәуір"),
        ("en", True, "April 6, 2024"),
        ("ru", True, "6 апреля 2024 года"),
        ("kk", True, "2024 жылғы 6 сәуір"),
    ],
)
def test_dates(lang: str, with_year: bool, text: str) -> None:
    assert format_date(lang, date(2024, 4, 6), with_year) == text


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("en", 1234, "1,234"),
        ("ru", 1234, "1\xa0234"),
        ("ru", Decimal("1.5"), "1,5"),
        ("en", Decimal("1.5"), "1.5"),
    ],
)
def test_numbers(lang: str, n: int | Decimal, text: str) -> None:
    assert format_number(lang, n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(7, "7-ге"), (9, "9-ға"), (3, "3-ке"), (40, "40-қа"), (55, "55-ке"), (100, "100-ге")],
)
def test_kazakh_dative_of_numerals(n: int, text: str) -> None:
    assert kk_dative(n) == text


def test_fallback_is_marked_visibly() -> None:
    texts = {"ru": "Среди них:", "en": "Among them:"}
    assert fallback_text(texts, "en") == ("Among them:", "en", False)
    assert fallback_text(texts, "kk", ("ru", "en")) == ("[ru] Среди них:", "ru", True)
    assert fallback_text({"en": "x", "kk": ""}, "kk", ("ru", "en")) == ("[en] x", "en", True)


def test_no_text_anywhere_is_an_error() -> None:
    with pytest.raises(LanguageError, match="no text in kk"):
        fallback_text({}, "kk", ("ru", "en"))


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(LanguageError, match="unsupported language 'de'"):
        plural_form("de", 1)
    with pytest.raises(LanguageError, match=r"month must be 1\.\.12"):
        month_name("ru", 13)
