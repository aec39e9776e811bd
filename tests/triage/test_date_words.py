"""The words of the date stage (data/dates/words.yaml): the shipped lists are sound, each one
does its job in the stage, and a bad file is refused with its name."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from speechwatch.triage.dates import DATA, event_date, load_words, parse_words, words

RAW: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
LISTS = [k for k, v in RAW.items() if isinstance(v, list)]
PUB = date(2024, 3, 20)


@pytest.mark.parametrize("name", LISTS)
def test_each_shipped_list_is_non_empty_without_repeats(name):
    items = RAW[name]
    assert items and all(isinstance(w, str) and w == w.casefold() for w in items)
    assert len(set(items)) == len(items)


def test_loader_keeps_the_lists_as_written():
    w = words()
    assert w is words()  # read once per process
    assert w.year_words == set(RAW["year_words"])
    assert list(w.month_locative) == RAW["month_locative_endings"]
    assert w.number.fullmatch("15-го") and w.number.fullmatch("21st")
    assert not w.number.fullmatch("15-января")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # year_words: the year before the day is read across the word
        ("2023 жылғы 15 қаңтарда тілші ұсталды", "2023-01-15"),
        ("2023 года 15 января журналиста задержали", "2023-01-15"),
        ("2023 ж 15 қаңтарда тілші ұсталды", "2023-01-15"),
        ("2023 сот 15 қаңтарда тілші ұсталды", "2024-01-15"),  # not a year word: inferred
        # month_locative_endings: a Kazakh month alone in the locative is a month
        ("Наурызда тілші ұсталды", "2024-03"),
        ("Қаңтарда тілші ұсталды", "2024-01"),
        ("Қаңтар тілші ұсталды", "2024-03"),  # no ending: the month of publication
        # ordinal_endings: a day with an ordinal ending
        ("15-го января журналиста задержали", "2024-01-15"),
        ("15-ші қаңтарда тілші ұсталды", "2024-01-15"),
        ("He was detained on 15th January", "2024-01-15"),
        ("He was detained on 15-ий January", "2024-03"),  # not an ending: no day read
    ],
)
def test_each_list_does_its_job(text, expected):
    assert event_date(text, PUB)[0] == expected


def _bad(change) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(year_words=[]), "year_words must be a non-empty list"),
        (lambda r: r.pop("ordinal_endings"), "ordinal_endings must be a non-empty list"),
        (lambda r: r["year_words"].append("года"), "year_words lists года twice"),
        (lambda r: r["month_locative_endings"].append("Да"), "'Да' is not one lower-case word"),
        (lambda r: r["ordinal_endings"].append("-го"), "'-го' is not one lower-case word"),
        (lambda r: r["incident_stems"].append(" арест"), "is not one lower-case phrase"),
        (lambda r: r.update(extra=[1]), "unknown key extra"),
        (lambda r: r["months"].pop(12), "months must map 1-12 to stems"),
        (lambda r: r["months"][2].append("январ"), "months lists январ twice"),
        (lambda r: r["weak_month_stems"].append("foo"), "foo is not a month stem"),
        (lambda r: r["relative_days"].update(завтра="x"), "'завтра' needs a whole number"),
    ],
)
def test_bad_data_is_refused_naming_the_file(change, message):
    with pytest.raises(ValueError, match=r"^bad\.yaml: ") as err:
        parse_words(_bad(change), "bad.yaml")
    assert message in str(err.value)


def test_unreadable_file_is_named(tmp_path: Path):
    path = tmp_path / "words.yaml"
    path.write_text("months: [", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words\.yaml: cannot be read"):
        load_words(path)
    with pytest.raises(ValueError, match="expected a mapping"):
        parse_words(["year"], "x.yaml")
