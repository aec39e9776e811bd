"""The Institute of Mass Information's barometer (figures in prose) read through `imi`."""

from __future__ import annotations

import pytest
import yaml

from speechwatch.overviews.orgs.common import number_value
from speechwatch.overviews.orgs.imi import read_imi, regions
from speechwatch.taxonomy.crosswalk import builtin_crosswalk_path, load_crosswalk
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy
from tests.overviews.orgs_helpers import FIXTURES, read_stats

MANIFEST = yaml.safe_load((FIXTURES / "manifest.yaml").read_text())["fixtures"]
IMI = [f for f in MANIFEST if f["taxonomy"] == "imi"]
HEAD = (
    "Барометр свободи слова за травень 2021 року\n"
    "У травні ІМІ зафіксував 20 порушень свободи слова.\n"
)


@pytest.mark.parametrize("fx", IMI, ids=[f["file"] for f in IMI])
def test_fixture_total_categories_regions(fx: dict) -> None:
    res = read_stats((FIXTURES / fx["file"]).read_text(), "imi")
    assert len(res.blocks) == 1
    block = res.blocks[0]
    assert block.total == fx["total"]
    assert sorted([i.code, i.count] for i in block.items) == sorted(fx["items"])
    assert regions(block) == fx.get("regions", {})


def test_manifest_names_real_pages_for_real_fixtures() -> None:
    real = [f for f in IMI if f["source"].startswith("real")]
    assert len(real) >= 4
    assert all(f["address"].startswith(("https://", "http://")) for f in real)
    assert len({f["period"][:4] for f in real}) >= 3


@pytest.mark.parametrize(
    ("word", "value"),
    [("один", 1), ("одна", 1), ("дві", 2), ("два", 2), ("три", 3), ("чотири", 4), ("п'ять", 5),
     ("п’ять", 5), ("шість", 6), ("дев'ять", 9), ("one", 1), ("Two", 2), ("14", 14)],
)  # fmt: skip
def test_number_words(word: str, value: int) -> None:
    assert number_value(word) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Зафіксовано 14 випадків погроз.", [("V.threat", 14)]),
        ("Найбільше було перешкоджань – 6.", [("V.obstruction", 6)]),
        ("Також було два випадки побиття.", [("V.beating", 2)]),
        ("Кібератаки (3 випадки) і цензура (1 випадок).", [("V.cyber", 3), ("V.censorship", 1)]),
        ("IMI recorded political pressure and censorship, 2 cases of each.",
         [("V.political", 2), ("V.censorship", 2)]),
        ("ІМІ зафіксував по три випадки погроз та кібератак.", [("V.threat", 3), ("V.cyber", 3)]),
        ("Погрози та цензура – по 4 відповідно.", [("V.threat", 4), ("V.censorship", 4)]),
    ],
)  # fmt: skip
def test_prose_shapes(sentence: str, expected: list[tuple[str, int]]) -> None:
    text = f"{HEAD}{sentence}\n"
    block = read_stats(text, "imi").blocks[0]
    assert block.total == 20
    assert [(i.code, i.count) for i in block.items] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "З початку року зафіксовано 40 випадків перешкоджання.",
        "У квітні було 9 випадків перешкоджання.",
        "У 2020 році було 125 випадків перешкоджання.",
        "За аналогічний період минулого року – 12 погроз.",
    ],
)
def test_other_periods_are_not_this_months_figures(sentence: str) -> None:
    text = f"{HEAD}{sentence}\n"
    assert read_stats(text, "imi").blocks[0].items == []


def test_reader_is_registered_for_imi() -> None:
    from speechwatch.overviews.readers import get_reader

    assert get_reader("imi") is read_imi


def test_taxonomy_has_ukrainian_labels_and_crosswalk() -> None:
    imi = load_taxonomy(builtin_taxonomy_path("imi"))
    adil = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    assert imi.languages == ("en", "uk", "ru")
    assert imi.node("V.obstruction").labels["uk"].startswith("перешкоджання")
    cw = load_crosswalk(builtin_crosswalk_path("imi", "adilsoz-2024"), imi, adil)
    assert cw.map_code("V.cyber") == ["I.cyber"]
    assert cw.map_code("V.shelling") == []
