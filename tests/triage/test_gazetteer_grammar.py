"""The grammar of place names (data/gazetteer/grammar.yaml): the shipped lists are sound, each
one does its job in the place stage, and a bad file is refused with its name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from speechwatch.triage.context import LoadOptions
from speechwatch.triage.gazetteer import DATA, grammar, load_gazetteer, load_grammar
from speechwatch.triage.place import resolve

RAW: dict[str, Any] = yaml.safe_load((DATA / "grammar.yaml").read_text(encoding="utf-8"))
LISTS = [k for k, v in RAW.items() if isinstance(v, list)]
LISTS += [f"case_endings.{g}" for g in RAW["case_endings"]]


def _list(name: str) -> list[str]:
    if name.startswith("case_endings."):
        return RAW["case_endings"][name.split(".", 1)[1]]
    return RAW[name]


@pytest.mark.parametrize("name", LISTS)
def test_each_shipped_list_is_non_empty_without_repeats(name):
    words = _list(name)
    assert words and all(isinstance(w, str) and w for w in words)
    assert len(set(words)) == len(words)


def test_every_ending_is_cut_once():
    groups = [e for g in RAW["case_endings"].values() for e in g]
    derived = [*RAW["adjective_endings"], *RAW["demonym_endings"]]
    assert len(set(groups)) == len(groups)
    assert not set(groups) & set(derived)
    g = grammar()
    assert g.case_endings == {*groups, *derived}
    assert g.max_ending == max(map(len, g.case_endings))


def test_adjective_endings_try_the_longer_base_first():
    # lookup_derived and _region_by_adjective take the first ending that leaves a name:
    # "skogo" must come before "inskogo" and "enskogo".
    ends = grammar().adjective_endings
    assert list(ends) == RAW["adjective_endings"]  # file order kept
    for i, short in enumerate(ends):
        assert not [e for e in ends[:i] if len(e) > len(short) and e.endswith(short)], short


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(LoadOptions(use_db=False))


@pytest.mark.parametrize(
    ("text", "region", "settlement"),
    [
        ("Блогера задержали в Караганде", "karaganda", "Karaganda"),  # case_endings: russian
        ("Тілші Шымкенттегі сотта", "shymkent", "Shymkent"),  # kazakh_attributive
        ("Степногорскіде тілші ұсталды", "akmola", "Stepnogorsk"),  # after inserted і
        ("Суд семейского района", "abai", "Semey"),  # adjective_endings
        ("Павлодарлық журналист", "pavlodar", "Pavlodar"),  # demonym_endings
        ("Сәтбаевта тілші ұсталды", "ulytau", "Satpaev"),  # place_endings
        ("г. Сатпаев: задержан блогер", "ulytau", "Satpaev"),  # place_before
        ("Сәтбаев қаласында тілші ұсталды", "ulytau", "Satpaev"),  # place_after
        ("Сатпаев сказал журналистам", None, ""),  # a weak name alone is no place
        ("Блогер из Карагандинской области", "karaganda", ""),  # region words and forms
        ("Qaraǵandy oblysynda jurnalist ustaldy", "karaganda", ""),
        ("В Восточно-Казахстанской обл. закрыли газету", "east_kazakhstan", ""),
    ],
)
def test_each_list_does_its_job(gaz, text, region, settlement):
    assert resolve(text, gaz, date(2024, 3, 1))[:2] == (region, settlement)


def _shipped() -> dict[str, Any]:
    return yaml.safe_load((DATA / "grammar.yaml").read_text(encoding="utf-8"))


def _set(key: str, value: Any) -> dict[str, Any]:
    raw = _shipped()
    raw[key] = value
    return raw


def _without(key: str) -> dict[str, Any]:
    raw = _shipped()
    del raw[key]
    return raw


def _adj_swapped() -> dict[str, Any]:
    raw = _shipped()
    ends = raw["adjective_endings"]
    ends.remove("skogo")
    ends.append("skogo")  # now after "inskogo"
    return raw


def _case_repeats_demonym() -> dict[str, Any]:
    raw = _shipped()
    raw["case_endings"]["derived"].append("lik")
    return raw


BAD = [
    ("not yaml: [unclosed", "cannot be read"),
    (["a", "list"], "expected a mapping"),
    (_without("place_before"), "place_before must be a non-empty list"),
    (_set("place_after", []), "place_after must be a non-empty list"),
    (_set("place_before", ["в", "в"]), "place_before lists в twice"),
    (_set("place_before", ["в", 3]), "place_before: 3 is not one lower-case word"),
    (_set("place_before", ["г. Сатпаев"]), "is not one lower-case word"),
    (_set("place_after", ["Қаласы"]), "is not one lower-case word"),
    (_set("demonym_endings", ["лық"]), "'лық' is not a folded (Latin) ending"),
    (_set("place_endings", ["yes", True]), "place_endings: True is not one"),
    (_adj_swapped(), "adjective_endings: 'skogo' must precede 'inskogo'"),
    (_case_repeats_demonym(), "case_endings repeat lik"),
    (_set("case_endings", ["a"]), "case_endings must map group names"),
    (_set("region_word_forms", {"област": ""}), "region_word_forms must map"),
    (_set("region_adjective_form", None), "region_adjective_form must be one"),
    (_set("place_befor", ["в"]), "unknown key place_befor"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_a_bad_file_is_refused_with_its_name(tmp_path: Path, content, message):
    path = tmp_path / "grammar.yaml"
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_grammar(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)


def test_a_missing_file_is_named(tmp_path: Path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(ValueError) as err:
        load_grammar(path)
    assert str(err.value).startswith(f"{path}: cannot be read")


def test_the_shipped_file_loads_once():
    assert grammar() is grammar()
    assert load_grammar(DATA / "grammar.yaml") == grammar()
