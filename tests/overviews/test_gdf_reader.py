"""The Glasnost Defence Foundation's monitoring ("Category – N (places)") read through `gdf`."""

from __future__ import annotations

import pytest
import yaml

from speechwatch.overviews.orgs.gdf import read_gdf
from speechwatch.taxonomy.crosswalk import builtin_crosswalk_path, load_crosswalk
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy
from tests.overviews.orgs_helpers import FIXTURES, read_stats

MANIFEST = yaml.safe_load((FIXTURES / "manifest.yaml").read_text())["fixtures"]
GDF = [f for f in MANIFEST if f["taxonomy"] == "gdf"]


@pytest.mark.parametrize("fx", GDF, ids=[f["file"] for f in GDF])
def test_fixture_categories_in_order(fx: dict) -> None:
    res = read_stats((FIXTURES / fx["file"]).read_text(), "gdf")
    assert len(res.blocks) == 1
    got = [[i.code, i.count] for i in res.blocks[0].items]
    assert got == fx["items"]
    assert all(i.match.accepted for i in res.blocks[0].items)


def test_several_years_and_both_languages_covered() -> None:
    years = {f["period"][:4] for f in GDF}
    assert len(years) >= 4
    assert {"ru", "en"} <= {f["file"].rsplit("-", 1)[1][:2] for f in GDF}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Гибель журналистов – ()", ("V.death", 0)),
        ("Гибель журналистов – 0", ("V.death", 0)),
        ("Нападения на журналистов – 3 (Москва – 2, Тверь)", ("V.attack", 3)),
        ("Задержания милицией — 12 (Москва)", ("V.detention", 12)),
        ("Attacks on journalists - 2 (Moscow, Perm)", ("V.attack", 2)),
        ("Угрозы в адрес журналистов и СМИ – 4", ("V.threat", 4)),
    ],
)
def test_line_shapes(line: str, expected: tuple[str, int]) -> None:
    text = f"Мониторинг, май 2013\n{line}\nЦензура – 1 (Пермь)\nУвольнения – ()\n"
    items = read_stats(text, "gdf").blocks[0].items
    assert (items[0].code, items[0].count) == expected


def test_bracket_list_wrapping_over_lines_is_one_item() -> None:
    text = (
        "Мониторинг, май 2013\nНападения на журналистов – 3 (Москва,\nТверь,\nОмск)\nЦензура – ()\n"
    )
    res = read_stats(text, "gdf")
    assert [(i.code, i.count) for i in res.blocks[0].items] == [
        ("V.attack", 3),
        ("V.censorship", 0),
    ]
    assert res.blocks[0].items[0].notes == ["Москва, Тверь, Омск"]
    assert {2, 3, 4, 5} <= res.used


def test_unknown_category_inside_the_list_is_kept_for_review() -> None:
    text = (
        "Мониторинг, май 2013\nГибель журналистов – ()\n"
        "Вызовы на допрос к следователю – 4 (Москва)\nЦензура – 2 ()\n"
    )
    items = read_stats(text, "gdf").blocks[0].items
    assert [i.count for i in items] == [0, 4, 2]
    assert not items[1].match.accepted  # goes to review / the unmapped-phrases page


def test_narrative_dash_lines_are_not_statistics() -> None:
    text = (
        "Мониторинг, май 2013\nВ Москве задержали 5 человек – 2 из них журналисты.\n"
        "Редактор сказал – 3 раза звонили.\n"
    )
    assert read_stats(text, "gdf").blocks == []


def test_reader_is_registered_for_gdf() -> None:
    from speechwatch.overviews.readers import get_reader

    assert get_reader("gdf") is read_gdf


def test_taxonomy_and_crosswalk_load() -> None:
    gdf = load_taxonomy(builtin_taxonomy_path("gdf"))
    adil = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    cw = load_crosswalk(builtin_crosswalk_path("gdf", "adilsoz-2024"), gdf, adil)
    assert gdf.languages == ("en", "ru")
    assert cw.map_code("V.detention") == ["R.detention"]
    assert cw.map_code("V.criminal") == ["L.criminal"]
    assert cw.map_code("V.dismissal") == []
