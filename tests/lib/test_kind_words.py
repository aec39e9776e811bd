"""The words naming a kind of unit (reference/data/kind-words.yaml) that RegionMatcher strips:
the shipped lists are sound, each does its job, and a bad file is refused with its name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from speechwatch.lib.regions import (
    KIND_WORDS,
    RegionMatcher,
    kind_words,
    load_kind_words,
    load_region_set,
    parse_kind_words,
)

RAW = yaml.safe_load(KIND_WORDS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher() -> RegionMatcher:
    return RegionMatcher(load_region_set())


@pytest.mark.parametrize("key", ["region_words", "city_words"])
def test_each_shipped_list_is_non_empty_without_repeats(key):
    words = RAW[key]
    assert words and len(set(words)) == len(words)


def test_loader_keeps_the_lists_and_folds_them():
    kinds = kind_words()
    assert kinds is kind_words()  # read once per process
    assert list(kinds.region) == RAW["region_words"]
    assert list(kinds.city) == RAW["city_words"]
    assert {"obl", "oblast", "oblisi", "of"} <= kinds.region_keys  # "обл" and "obl" meet
    assert {"g", "kalasi", "of"} <= kinds.city_keys


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Almaty", "almaty"),  # no kind word: the city
        ("Almaty oblast", "almaty_region"),  # region word
        ("Алматы облысының", "almaty_region"),
        ("region of Almaty", "almaty_region"),
        ("Almaty province", "almaty_region"),
        ("г. Алматы", "almaty"),  # city word
        ("Алматы қ.", "almaty"),
        ("city of Almaty", "almaty"),
        ("Shymkent town", "shymkent"),
    ],
)
def test_each_list_does_its_job(matcher, text, code):
    spec = matcher.match(text)
    assert spec is not None and spec.code == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"region_words": ["oblast"]}, "expected two lists"),
        ({"region_words": [], "city_words": ["city"]}, "region_words must be a non-empty list"),
        ({"region_words": ["oblast"], "city_words": "city"}, "city_words must be a non-empty"),
        ({"region_words": ["Oblast"], "city_words": ["city"]}, "'Oblast' is not one lower-case"),
        ({"region_words": ["обл."], "city_words": ["city"]}, "'обл.' is not one lower-case"),
        ({"region_words": ["of", "of"], "city_words": ["city"]}, "region_words lists of twice"),
        (["oblast"], "expected two lists"),
    ],
)
def test_bad_data_is_refused_naming_the_file(raw, message):
    with pytest.raises(ValueError, match=r"^bad\.yaml: ") as err:
        parse_kind_words(raw, "bad.yaml")
    assert message in str(err.value)


def test_unreadable_file_is_named(tmp_path: Path):
    path = tmp_path / "kind-words.yaml"
    path.write_text("region_words: [", encoding="utf-8")
    with pytest.raises(ValueError, match=r"kind-words\.yaml: cannot be read"):
        load_kind_words(path)
