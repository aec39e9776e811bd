"""Stage "place": settlements and regions in three languages and scripts, with the 2018 and
2022 boundary changes, foreign places and names shared by two regions."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.lib.regions import load_region_set
from speechwatch.triage.context import LoadOptions
from speechwatch.triage.gazetteer import load_gazetteer
from speechwatch.triage.place import find_places, place_stage, resolve
from speechwatch.triage.types import Document, Triage

DAY = date(2024, 3, 1)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(LoadOptions(use_db=False))


CASES = [
    # Russian cases
    ("Журналиста задержали в Караганде", "karaganda", "Karaganda"),
    ("Журналист из Шымкента подал жалобу", "shymkent", "Shymkent"),
    ("Проверки по Павлодару", "pavlodar", "Pavlodar"),
    ("В Усть-Каменогорске избили оператора", "east_kazakhstan", "Ust-Kamenogorsk"),
    ("В Уральске оштрафовали редакцию", "west_kazakhstan", "Uralsk"),
    # Kazakh endings and Kazakh Latin
    ("Тілші Шымкенттегі сотта", "shymkent", "Shymkent"),
    ("Полиция Астанадан келді", "astana", "Astana"),
    ("Қарағандыда тілші ұсталды", "karaganda", "Karaganda"),
    ("Almatyda tilshi ustaldy", "almaty", "Almaty"),
    ("Aqtöbede jurnalıst ustaldy", "aktobe", "Aktobe"),
    ("Степногорскіде белсенді жұмыстан шығарылды", "akmola", "Stepnogorsk"),
    ("Павлодарлық журналист сотқа жүгінді", "pavlodar", "Pavlodar"),
    # English
    ("Journalist detained in Oskemen", "east_kazakhstan", "Ust-Kamenogorsk"),
    ("Police in Zhanaozen detained a reporter", "mangystau", "Zhanaozen"),
    # Region names
    ("В Карагандинской области задержан блогер", "karaganda", ""),
    ("В Восточно-Казахстанской области закрыли газету", "east_kazakhstan", ""),
    ("Qaraǵandy oblysynda jurnalist ustaldy", "karaganda", ""),
    ("Алматы облысында тілші ұсталды", "almaty_region", ""),
    ("ВКО: журналиста оштрафовали", "east_kazakhstan", ""),
    ("Маңғыстаулық фотограф сотқа бармақ", "mangystau", ""),
    # A settlement in a named region
    ("Блогер из Аксу Павлодарской области", "pavlodar", "Aksu"),
    ("Блогер Павлодар облысының Ақсу қаласында", "pavlodar", "Aksu"),
    # Weak names (also surnames) only next to a place word
    ("Сатпаев сказал журналистам", None, ""),
    ("в Сатпаеве задержан блогер", "ulytau", "Satpaev"),
    # Foreign places and national bodies
    ("Журналиста задержали в Москве", "abroad", "Moscow"),
    ("Бішкекте тілші ұсталды", "abroad", "Bishkek"),
    ("Министерство здравоохранения отказало журналистам", "astana", "Astana"),
    ("Police in Kazakhstan's capital held a reporter", "astana", "Astana"),
    ("Қостанайдың «Тобыл» командасы жеңді", "kostanay", "Kostanay"),
    # The first place in the lead wins; a quoted outlet name is not a place
    ("В Атырау сотруднику «Ак Жайык» угрожали. Позже он уехал в Уральск", "atyrau", "Atyrau"),
    ("Журналист получил угрозы", None, ""),
]


@pytest.mark.parametrize(("text", "region", "settlement"), CASES)
def test_resolve(gaz, text, region, settlement):
    assert resolve(text, gaz, DAY)[:2] == (region, settlement)


@pytest.mark.parametrize(
    ("text", "day", "region"),
    [
        ("В Семее избили журналиста", date(2021, 5, 1), "east_kazakhstan"),
        ("В Семее избили журналиста", date(2022, 6, 8), "abai"),
        ("Талдықорғанда тілші ұсталды", date(2020, 1, 1), "almaty_region"),
        ("Талдықорғанда тілші ұсталды", date(2023, 1, 1), "zhetisu"),
        ("В Жезказгане задержан блогер", date(2022, 6, 7), "karaganda"),
        ("В Жезказгане задержан блогер", date(2022, 6, 9), "ulytau"),
        ("В Шымкенте избили журналиста", date(2017, 1, 1), "turkistan"),
        ("В Шымкенте избили журналиста", date(2019, 1, 1), "shymkent"),
    ],
)
def test_boundary_changes(gaz, text, day, region):
    assert resolve(text, gaz, day)[0] == region


def test_gazetteer_covers_enough_settlements_with_valid_regions(gaz):
    assert len(gaz.settlements) >= 400
    codes = {s.code for s in load_region_set("kz")}
    assert {p[0] for s in gaz.settlements for p in s.periods} <= codes


def test_evidence_and_stage_use_the_event_date():
    doc = Document(
        "a", "В Семее избили журналиста", "Это случилось 3 мая 2021 года.", date(2023, 1, 1)
    )
    results = [Triage(key="a", date="2021-05-03")]
    place_stage([doc], results, None)
    assert (results[0].region, results[0].settlement) == ("east_kazakhstan", "Semey")
    (ev,) = results[0].region_evidence
    assert doc.full_text[ev.start : ev.end] == ev.phrase == "Семее"


def test_find_places_lists_every_mention_in_order(gaz):
    hits = find_places("Из Алматы в Москву через Караганду", gaz)
    assert [h.kind for h in hits] == ["settlement", "foreign", "settlement"]
