"""The labelled triage data: the shipped training corpus and the evaluation set kept apart from it.

Pure and fast: reads the JSONL files, the installed taxonomy and region set; no database.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from speechwatch.lib.legal import parse_legal_ref
from speechwatch.lib.regions import load_region_set
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy
from speechwatch.triage.labelled import read_labelled

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "speechwatch" / "triage" / "data" / "corpus"
EVALSET = Path(__file__).resolve().parent / "evalset"
LANGS = ("ru", "kk", "en")
KINDS = {"violation", "hard_negative", "negative"}
ACTOR_TYPES = {"person", "outlet", "state_body", "organisation"}
DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Minimum violations per code and language in the corpus (block codes count their children).
MIN_PER_CODE = {"ru": 4, "kk": 3, "en": 3}


def _load(folder: Path) -> list[dict[str, Any]]:
    # The corpus also holds hand-varied items in varied-<lang>.jsonl (ids "vru-0001" …).
    varied = sorted(folder.glob("varied-*.jsonl"))
    return read_labelled([folder / f"{lang}.jsonl" for lang in LANGS] + varied)


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return _load(CORPUS)


@pytest.fixture(scope="module")
def evalset() -> list[dict[str, Any]]:
    return _load(EVALSET)


@pytest.fixture(scope="module")
def codes() -> set[str]:
    return {node.code for node in load_taxonomy(builtin_taxonomy_path("adilsoz-2024")).nodes}


@pytest.fixture(scope="module")
def regions() -> set[str]:
    return {spec.code for spec in load_region_set()}


def _problems(item: dict[str, Any], codes: set[str], regions: set[str]) -> list[str]:
    where = item["id"]
    out: list[str] = []
    if not item["id"].startswith((item["lang"], f"ev-{item['lang']}", f"v{item['lang']}-")):
        out.append(f"{where}: id does not name its language")
    if item["kind"] not in KINDS:
        out.append(f"{where}: kind {item['kind']!r}")
    if item["violation"] != bool(item["codes"]) or item["violation"] != (
        item["kind"] == "violation"
    ):
        out.append(f"{where}: violation, codes and kind disagree")
    out += [f"{where}: unknown code {c}" for c in item["codes"] if c not in codes]
    if len(set(item["codes"])) != len(item["codes"]):
        out.append(f"{where}: a code twice")
    if item["region"] is not None and item["region"] not in regions:
        out.append(f"{where}: unknown region {item['region']}")
    for ref in item["legal_refs"]:
        if str(parse_legal_ref(ref)) != ref:
            out.append(f"{where}: legal ref {ref!r} is not in normal form")
    if item["date"] is not None:
        if not DATE_RE.match(item["date"]):
            out.append(f"{where}: date {item['date']!r}")
        elif item["date"] > item["published"][: len(item["date"])]:
            out.append(f"{where}: event after publication")
    for actor in item["actors"]:
        if not actor.get("name") or actor.get("type") not in ACTOR_TYPES:
            out.append(f"{where}: actor {actor}")
    if item["lang"] == "kk" and item.get("script") not in ("cyrl", "latn"):
        out.append(f"{where}: Kazakh item without script")
    if item.get("script") == "latn" and CYRILLIC.search(item["title"] + item["text"]):
        out.append(f"{where}: Cyrillic letters in a Latin-script item")
    longest = 2000 if item["id"].startswith("v") else 1000
    if not 80 <= len(item["text"]) <= longest:
        out.append(f"{where}: text length {len(item['text'])}")
    return out


@pytest.mark.parametrize("which", ["corpus", "evalset"])
def test_every_item_is_well_formed(which, request, codes, regions):
    items = request.getfixturevalue(which)
    problems = [p for item in items for p in _problems(item, codes, regions)]
    assert not problems, "\n".join(problems[:30])


def test_ids_are_unique_across_both_sets(corpus, evalset):
    counts = Counter(item["id"] for item in corpus + evalset)
    assert not [i for i, n in counts.items() if n > 1]


def _covered(items: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """(lang, code) → violations carrying the code or one of its descendants."""
    seen: Counter[tuple[str, str]] = Counter()
    for item in items:
        ancestors = set()
        for code in item["codes"]:
            parts = code.split(".")
            ancestors |= {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
        for code in ancestors:
            seen[(item["lang"], code)] += 1
    return seen


def test_corpus_covers_every_code_in_every_language(corpus, codes):
    seen = _covered(corpus)
    missing = [
        f"{lang} {code}: {seen[(lang, code)]}"
        for lang, least in MIN_PER_CODE.items()
        for code in sorted(codes)
        if seen[(lang, code)] < least
    ]
    assert not missing, "\n".join(missing)


def test_corpus_has_as_many_negatives_as_violations(corpus):
    for lang in LANGS:
        kinds = Counter(i["kind"] for i in corpus if i["lang"] == lang)
        assert kinds["hard_negative"] + kinds["negative"] >= kinds["violation"] * 0.9, (lang, kinds)


def test_evalset_mix_matches_acceptance(evalset):
    violations = sum(i["violation"] for i in evalset)
    assert 0.4 <= violations / len(evalset) <= 0.6
    assert sum(i.get("script") == "latn" for i in evalset) >= 8
    stories = Counter(i["story"] for i in evalset if i["story"])
    assert sum(n > 1 for n in stories.values()) >= 20
    assert all(n > 1 for n in stories.values()), "a story of one item"
    assert {i["lang"] for i in evalset} == set(LANGS)


def test_stories_never_span_both_sets(corpus, evalset):
    shared = {i["story"] for i in corpus if i["story"]} & {
        i["story"] for i in evalset if i["story"]
    }
    assert not shared


def test_no_evaluation_text_is_copied_into_the_corpus(corpus, evalset):
    choices = [i["title"] + " " + i["text"] for i in corpus]
    close = []
    for item in evalset:
        query = item["title"] + " " + item["text"]
        hit = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=85)
        if hit is not None:
            close.append(f"{item['id']} ~ {corpus[hit[2]]['id']} ({hit[1]:.0f})")
    assert not close, "\n".join(close)
