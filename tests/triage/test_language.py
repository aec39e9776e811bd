"""Stage "language": kk/ru/en and the script, including Kazakh Latin and mixed ru/kk text."""

from __future__ import annotations

import pytest
import yaml

from speechwatch.triage.context import LoadOptions
from speechwatch.triage.language import (
    DATA,
    detect,
    language_stage,
    load_detector,
    parse_words,
)
from speechwatch.triage.types import Document, Triage


@pytest.fixture(scope="module")
def detector():
    return load_detector(LoadOptions(use_db=False))


CASES = [
    ("Журналиста задержали вчера в Алматы после публикации о коррупции", "", ("ru", "cyrl")),
    ("Журналист кеше Алматыда ұсталды, ол сотқа шақырылды", "", ("kk", "cyrl")),
    ("A journalist was detained in Almaty yesterday after a post", "", ("en", "latn")),
    # Kazakh Latin, 2021 alphabet and the older informal spelling without diacritics
    ("Jýrnalıst keşe Almatyda ustaldy, ol sotqa şaqyryldy", "", ("kk", "latn")),
    ("Zhurnalist keshe Almatyda ustaldy jane sotqa shaqyryldy", "", ("kk", "latn")),
    ("Stepnogorlyq bloger polısııada alty sağat ūstaldy", "", ("kk", "latn")),
    # Russian text quoting a Kazakh name or organisation stays Russian
    ("Журналист Қасым Әбдірахманов задержан в Алматы по статье", "", ("ru", "cyrl")),
    ("Полиция задержала журналиста за публикацию о «Қазақстан темір жолы»", "", ("ru", "cyrl")),
    # Kazakh typed without its letters is still Kazakh
    ("Журналист кеше Алматыда устадды, ол сотка шакырылды деп хабарлады", "", ("kk", "cyrl")),
    ("", "kk", ("kk", "")),
    ("12345 — 678", "", ("", "")),
]


@pytest.mark.parametrize(("text", "hint", "expected"), CASES)
def test_detect(detector, text, hint, expected):
    assert detect(text, hint, detector) == expected


def test_detect_without_a_detector_uses_the_hint_in_the_mixed_middle():
    mixed = "Полиция облысы: журналист ұсталды, потом отпущен, сот болады завтра утром"
    assert detect(mixed, "kk", None)[0] == "kk"


def test_stage_fills_lang_and_script(detector):
    docs = [Document("a", "Тілші ұсталды", "Алматыда тілші кеше ұсталды."), Document("b", "", "Hi")]
    results = [Triage(key="a"), Triage(key="b")]
    language_stage(docs, results, _Ctx(detector))
    assert (results[0].lang, results[0].script) == ("kk", "cyrl")
    assert results[1].script == "latn"


class _Ctx:
    def __init__(self, detector):
        self.detector = detector

    def get(self, name):
        return self.detector if name == "lang_detector" else None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "expected a mapping of lists"),
        ({"latin_words": ["men"], "other": []}, "unknown key other"),
        ({"latin_words": ["men", "men"]}, "latin_words lists men twice"),
        ({"latin_words": []}, "latin_words must be a non-empty list of strings"),
    ],
)
def test_a_bad_word_file_is_refused_naming_it(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^bad.yaml: .*{message}"):
        parse_words(raw, "bad.yaml")


def test_the_shipped_word_file_is_sound() -> None:
    with DATA.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    found = parse_words(raw, str(DATA))
    assert found.latin == frozenset(w.casefold() for w in raw["latin_words"])
    assert found.cyrillic_letters == frozenset("әғқңөұүһі")
