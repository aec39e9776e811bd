"""The April 2024 demo month composes into the published overview's statistics, kk/ru/en."""

from __future__ import annotations

import pytest

from speechwatch.reports.actions import save_overrides
from speechwatch.reports.queries import draft
from tests.reports_db.conftest import (
    APRIL,
    APRIL_OVERRIDES,
    REFERENCE_ORDER,
    numbers,
    statistics_text,
)


@pytest.fixture
def april(demo):
    save_overrides(APRIL, APRIL_OVERRIDES, who=demo)
    return draft(APRIL, ("en", "ru", "kk"))


def test_english_states_the_reference_figures_in_order(april) -> None:
    text = statistics_text(april.reports["en"])
    assert numbers(text) == REFERENCE_ORDER
    assert "There were 20 reports of violations of the rights of journalists" in text
    assert "In 7 cases, the victims were representatives of the governmental sector." in text
    assert (
        "8 administrative accusations, including 2 under charges of disseminating false "
        "information and 3 for defamation" in text
    )


def test_figures_json_carries_the_reference(april) -> None:
    blocks = april.reports["en"].figures["blocks"]
    assert [blocks[b]["total"] for b in "RIL"] == [20, 12, 20]
    assert blocks["R"]["items"]["R.discrediting"]["facets"] == {"victim_group=state_sector": 7}
    assert blocks["L"]["items"]["L.administrative"]["breakdown"] == {
        "L.administrative.false_info": 2,
        "L.administrative.defamation": 3,
    }
    assert blocks["R"]["others"] and blocks["I"]["others"] and not blocks["L"]["others"]


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "ru",
            [
                "Зафиксировано 20 сообщений",
                "2 сообщения о воспрепятствовании",
                "8 сообщений о дискредитации",
                "В 7 случаях",
                "12 сообщений",
                "5 случаев отказа",
                "3 случая неправомерного доступа",
                "3 уголовных дела;",
                "9 судебных и досудебных исков",
                "8 административных обвинений",
            ],
        ),
        (
            "kk",
            [
                "20 хабарлама тіркелді",
                "2 хабарлама",
                "8 хабарлама",
                "7 жағдайда",
                "5 жағдай",
                "3 жағдай",
                "3 қылмыстық іс",
                "9 сот және сотқа дейінгі талап",
                "8 әкімшілік айыптау",
            ],
        ),
    ],
)
def test_russian_and_kazakh_agree_in_number(april, lang: str, phrases: list[str]) -> None:
    text = statistics_text(april.reports[lang])
    assert numbers(text) == REFERENCE_ORDER
    for phrase in phrases:
        assert phrase in text
    if lang == "kk":
        assert "хабарламалар" not in text  # no plural after a numeral in Kazakh


def test_without_overrides_every_sub_category_is_listed(demo) -> None:
    save_overrides(APRIL, {}, who=demo)  # the demo ships the editor's choices
    text = statistics_text(draft(APRIL, ("en",)).reports["en"])
    assert numbers(text) == [*REFERENCE_ORDER, 1]  # the April election-law accusation
