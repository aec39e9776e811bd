"""Month over month and year to date: ratios and their wording in en/ru/kk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from speechwatch.reports.counting import (
    BlockSpec,
    Change,
    compare,
    count_month,
    ratio,
    year_to_date,
)
from speechwatch.reports.phrasing import (
    against,
    article_share,
    format_article,
    growth_sentence,
    ratio_words,
    ytd_sentence,
)
from speechwatch.reports.rules import Rounding, default_rules
from speechwatch.reports.template import default_template
from tests.reports.factories import TAXONOMY, Rows

TEMPLATE = default_template()
RULES = default_rules()


@pytest.mark.parametrize(
    ("current", "previous", "rounding", "expected"),
    [
        (87, 55, "down", Decimal("1.5")),  # published: "1.5 times more" (1.58 cut down)
        (87, 55, "half_up", Decimal("1.6")),
        (9, 7, "down", Decimal("1.2")),  # published: "grew 1.2 times: 9 against 7"
        (7, 9, "down", Decimal("1.2")),
        (10, 5, "down", Decimal("2.0")),
        (5, 0, "down", None),
        (0, 5, "down", None),
    ],
)
def test_ratio(current: int, previous: int, rounding: Rounding, expected: Decimal | None) -> None:
    assert ratio(current, previous, rounding) == expected


@pytest.mark.parametrize(
    ("lang", "current", "previous", "text"),
    [
        ("en", 87, 55, "1.5 times more"),
        ("en", 55, 87, "1.5 times less"),
        ("en", 10, 5, "2 times more"),
        ("en", 105, 100, "slightly more"),
        ("en", 7, 7, "the same"),
        ("en", 3, 0, None),
        ("ru", 87, 55, "в 1,5 раза больше"),
        ("ru", 10, 5, "в 2 раза больше"),
        ("ru", 25, 5, "в 5 раз больше"),
        ("ru", 5, 10, "в 2 раза меньше"),
        ("kk", 87, 55, "1,5 есе көп"),
        ("kk", 5, 10, "2 есе аз"),
    ],
)
def test_ratio_words(lang: str, current: int, previous: int, text: str | None) -> None:
    assert ratio_words(lang, current, previous) == text


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "9 against 7"), ("ru", "9 против 7"), ("kk", "7-ге қарсы 9")]
)
def test_against(lang: str, text: str) -> None:
    assert against(lang, 9, 7) == text


@pytest.mark.parametrize(
    ("lang", "subject", "current", "previous", "text"),
    [
        ("en", "criminal charges", 9, 7, "criminal charges grew 1.2 times: 9 against 7"),
        ("en", "criminal charges", 7, 9, "criminal charges fell 1.2 times: 7 against 9"),
        ("en", "criminal charges", 9, 9, "criminal charges remained the same: 9"),
        ("en", "criminal charges", 9, 0, "criminal charges changed: 9 against 0"),
        ("ru", "Уголовные обвинения", 9, 7, "Уголовные обвинения: рост в 1,2 раза, 9 против 7"),
        ("kk", "Қылмыстық айыптаулар", 9, 7, "Қылмыстық айыптаулар 1,2 есе өсті: 7-ге қарсы 9"),
    ],
)
def test_growth_sentence(lang: str, subject: str, current: int, previous: int, text: str) -> None:
    assert growth_sentence(lang, subject, current, previous) == text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "In January–July 2024, 87 legal cases were recorded, 1.5 times more than in the same "
            "period last year (55).",
        ),
        (
            "ru",
            "В январе–июле 2024 года зарегистрировано 87 судебных дел, в 1,5 раза больше, чем за "
            "тот же период прошлого года (55).",
        ),
        (
            "kk",
            "2024 жылғы қаңтар–шілдеде 87 сот ісі тіркелді, бұл өткен жылдың сәйкес кезеңіне "
            "қарағанда (55) 1,5 есе көп.",
        ),
    ],
)
def test_year_to_date_sentence(lang: str, text: str) -> None:
    assert ytd_sentence(TEMPLATE, lang, 2024, 7, "legal_case", 87, 55) == text


def test_year_to_date_sentence_singular_and_without_previous() -> None:
    assert ytd_sentence(TEMPLATE, "en", 2024, 1, "legal_case", 1, 0) == (
        "In January 2024, 1 legal case was recorded (0 in the same period last year)."
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "of the 9 criminal cases, 7 under the false-information article (PC 274)"),
        (
            "ru",
            "из 9 уголовных дел 7 — по статье о распространении заведомо ложной информации "
            "(ст. 274 УК)",
        ),
        (
            "kk",
            "9 қылмыстық істің ішінде 7 — көрінеу жалған ақпарат тарату туралы бап бойынша "
            "(ҚК 274-бабы)",
        ),
    ],
)
def test_article_share(lang: str, text: str) -> None:
    assert article_share(TEMPLATE, lang, "criminal_case", 9, 7, "PC 274") == text


@pytest.mark.parametrize(
    ("lang", "ref", "text"),
    [
        ("en", "PC 274", "Article 274 of the Penal Code"),
        ("ru", "CAO 456-2", "ст. 456-2 КоАП"),
        ("kk", "PC 274", "ҚК 274-бабы"),
        ("en", "XYZ 1", "Article 1 of the XYZ"),
        ("en", "odd", "odd"),
    ],
)
def test_format_article(lang: str, ref: str, text: str) -> None:
    assert format_article(TEMPLATE, lang, ref) == text


def test_compare_year_to_date_with_article_breakdown() -> None:
    """'criminal charges grew 1.2 times: 9 against 7; 7 of the 9 under PC 274'."""
    rows = Rows()
    rows.add(7, "L.criminal", legal_refs=("PC 274",), recorded_on=date(2024, 3, 1))
    rows.add(2, "L.criminal", legal_refs=("PC 174",), recorded_on=date(2024, 6, 1))
    rows.add(1, "L.criminal", legal_refs=("PC 274",), recorded_on=date(2024, 9, 1))  # after July
    rows.add(7, "L.criminal", legal_refs=("PC 174",), recorded_on=date(2023, 5, 1))
    spec = [BlockSpec("L")]
    now = year_to_date(rows, TAXONOMY, RULES, spec, 2024, 7)
    before = year_to_date(rows, TAXONOMY, RULES, spec, 2023, 7)
    changes = compare(now, before)
    criminal = changes["L.criminal"]
    assert criminal == Change("L.criminal", 9, 7)
    assert criminal.direction == "more" and criminal.difference == 2
    assert changes["L.criminal|legal_ref=PC 274"] == Change("L.criminal|legal_ref=PC 274", 7, 0)
    sentence = growth_sentence("en", "criminal charges", criminal.current, criminal.previous)
    share = article_share(
        TEMPLATE,
        "en",
        "criminal_case",
        criminal.current,
        now.facet("L.criminal", "legal_ref", "PC 274"),
        "PC 274",
    )
    assert f"{sentence}; {share}" == (
        "criminal charges grew 1.2 times: 9 against 7; "
        "of the 9 criminal cases, 7 under the false-information article (PC 274)"
    )


def test_compare_month_over_month() -> None:
    rows = Rows()
    rows.add(3, "R.threat", recorded_on=date(2024, 3, 5))
    rows.add(6, "R.threat", recorded_on=date(2024, 4, 5))
    march = count_month(rows, TAXONOMY, RULES, [BlockSpec("R")], 2024, 3)
    april = count_month(rows, TAXONOMY, RULES, [BlockSpec("R")], 2024, 4)
    change = compare(april, march)["R"]
    assert (change.current, change.previous, change.ratio()) == (6, 3, Decimal("2.0"))
    assert ratio_words("en", change.current, change.previous) == "2 times more"
