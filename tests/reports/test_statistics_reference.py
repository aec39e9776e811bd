"""Rows like April 2024 render the statistics of the published overview, in kk/ru/en."""

from __future__ import annotations

import re

import pytest

from speechwatch.reports.counting import Figures, count_month
from speechwatch.reports.phrasing import Paragraph, render_statistics, render_text
from speechwatch.reports.rules import default_rules
from speechwatch.reports.template import default_template
from tests.reports.factories import TAXONOMY, april_2024

TEMPLATE = default_template()
REFERENCE_ORDER = [20, 2, 8, 7, 12, 5, 3, 20, 3, 9, 8, 2, 3]


def figures() -> Figures:
    return count_month(april_2024(), TAXONOMY, default_rules(), TEMPLATE.block_specs(), 2024, 4)


def statistics(lang: str) -> list[Paragraph]:
    return render_statistics(figures(), TEMPLATE, lang, TAXONOMY)


def numbers(paragraphs: list[Paragraph]) -> list[int]:
    # The ongoing-cases note is ours, not the reference's: leave notes out.
    text = "\n".join(
        Paragraph(p.block, p.header, p.lead, p.items, p.layout, p.others).text() for p in paragraphs
    )
    return [int(n) for n in re.findall(r"\d+", text.replace("DDoS", ""))]


def test_figures_match_the_reference() -> None:
    f = figures()
    assert [f.block(code).total for code in "RIL"] == [20, 12, 20]
    assert f.block("R").others and f.block("I").others and not f.block("L").others
    assert f.block("L").ongoing == 2


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_statistics_state_the_reference_figures_in_order(lang: str) -> None:
    paragraphs = statistics(lang)
    assert numbers(paragraphs) == REFERENCE_ORDER
    assert all(p.fallbacks == () for p in paragraphs)


def test_english_reads_like_the_reference() -> None:
    r, i, l_ = statistics("en")
    assert r.header == (
        "There were 20 reports of violations of the rights of journalists, media, and newsmakers."
    )
    assert r.lead == "Among them:"
    assert r.items == (
        "2 reports involved obstruction of journalists' lawful professional activities",
        "8 reports related to the discrediting of media, journalists, and newsmakers. "
        "In 7 cases, the victims were representatives of the governmental sector.",
    )
    assert r.others == "and others"
    assert i.text() == (
        "12 reports pertained to the right to freely receive and disseminate information. "
        "These included 5 cases of refusals and restrictions in providing socially significant "
        "information, as well as 3 cases of unauthorized access to information and DDoS attacks "
        "and others"
    )
    assert l_.items == (
        "3 cases in criminal proceedings;",
        "9 court and pre-trial claims against media in civil proceedings;",
        "8 administrative accusations, including 2 under charges of disseminating false "
        "information and 3 for defamation",
    )
    assert l_.others is None
    assert l_.notes == (
        "Data on pre-trial and court proceedings do not include reports on ongoing cases (2).",
    )


def test_russian_agrees_in_number() -> None:
    r, i, l_ = statistics("ru")
    assert r.header.startswith("Зафиксировано 20 сообщений о нарушениях прав")
    assert r.items[0].startswith("2 сообщения о воспрепятствовании")
    assert "В 7 случаях пострадавшими" in r.items[1]
    assert "5 случаев отказа" in i.items[0] and "3 случая неправомерного" in i.items[0]
    assert l_.items[:2] == (
        "3 уголовных дела;",
        "9 судебных и досудебных исков к СМИ в гражданском порядке;",
    )
    assert l_.items[2].startswith(
        "8 административных обвинений, в том числе 2 — за распространение"
    )


def test_kazakh_lines_start_with_a_capital() -> None:
    r, _, _ = statistics("kk")
    assert r.items[0] == "Журналистердің заңды кәсіби қызметіне кедергі келтіру туралы 2 хабарлама"
    assert "7 жағдайда мемлекеттік сектордың өкілдері зардап шекті." in r.items[1]


@pytest.mark.parametrize(
    ("key", "lang", "text"),
    [
        ("title", "en", "Violations of freedom of speech in Kazakhstan April 2024"),
        ("statistics", "en", "In April 2024, the following incidents were recorded:"),
        ("events", "en", "EVENTS IN APRIL 2024"),
        ("also", "en", "Also in April:"),
        ("legislation", "en", "LEGISLATIVE CHANGES"),
        ("title", "ru", "Нарушения свободы слова в Казахстане. Апрель 2024"),
        ("statistics", "ru", "В апреле 2024 года зафиксировано:"),
        ("events", "ru", "СОБЫТИЯ АПРЕЛЯ 2024 ГОДА"),
        ("also", "ru", "Также в апреле:"),
        ("statistics", "kk", "2024 жылғы сәуірде мынадай оқиғалар тіркелді:"),
        ("also", "kk", "Сондай-ақ сәуірде:"),
        ("featured_cases", "en", None),
    ],
)
def test_section_texts(key: str, lang: str, text: str | None) -> None:
    assert render_text(TEMPLATE, key, lang, 2024, 4) == text


def test_intro_names_organisation_and_month() -> None:
    intro = render_text(TEMPLATE, "intro", "en", 2024, 4)
    assert intro is not None
    assert "«Adil Soz»" in intro and intro.endswith("information in April 2024.")
    ru = render_text(TEMPLATE, "intro", "ru", 2024, 4)
    assert ru is not None and ru.endswith("в Казахстане в апреле 2024 года.")
