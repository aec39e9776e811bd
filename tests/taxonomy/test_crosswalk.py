"""Crosswalks: the shipped adilsoz-2024 -> jfj one is complete; broken ones are located (no DB)."""

from __future__ import annotations

import pytest

from speechwatch.taxonomy.crosswalk import (
    builtin_crosswalk_path,
    crosswalk_header,
    crosswalk_problems,
    load_crosswalk,
)
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy


@pytest.fixture(scope="module")
def adilsoz() -> TaxonomyDoc:
    return load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))


@pytest.fixture(scope="module")
def jfj() -> TaxonomyDoc:
    return load_taxonomy(builtin_taxonomy_path("jfj"))


def test_builtin_crosswalk_is_complete(adilsoz: TaxonomyDoc, jfj: TaxonomyDoc) -> None:
    path = builtin_crosswalk_path("adilsoz-2024", "jfj")
    assert crosswalk_header(path) == ("adilsoz-2024", "jfj")
    cw = load_crosswalk(path, adilsoz, jfj)
    assert set(cw.mappings) == set(adilsoz.codes())
    for code in adilsoz.codes():
        targets = cw.map_code(code)
        assert targets, code
        assert all(jfj.has(t) for t in targets)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("R.attack", ["physical"]),
        ("R.detention", ["physical"]),
        ("I.cyber", ["nonphysical"]),
        ("I.refusal", ["nonphysical"]),
        ("L.administrative.false_info", ["judicial"]),
        ("L", ["judicial"]),
        ("L.criminal.some_new_subnode", ["judicial"]),  # falls back to the nearest ancestor
    ],
)
def test_map_code(adilsoz: TaxonomyDoc, jfj: TaxonomyDoc, code: str, expected: list[str]) -> None:
    cw = load_crosswalk(builtin_crosswalk_path("adilsoz-2024", "jfj"), adilsoz, jfj)
    assert cw.map_code(code) == expected


def test_map_codes_union_and_unknown(adilsoz: TaxonomyDoc, jfj: TaxonomyDoc) -> None:
    cw = load_crosswalk(builtin_crosswalk_path("adilsoz-2024", "jfj"), adilsoz, jfj)
    assert cw.map_codes(["R.attack", "L.civil", "R.detention"]) == ["physical", "judicial"]
    with pytest.raises(KeyError):
        cw.map_code("X.unknown")


SMALL = """\
format: speechwatch-crosswalk/1
source: adilsoz-2024
target: jfj
version: 1
mappings:
  R: [physical]
"""

CASES = [
    ("incomplete", SMALL, [(5, "mappings", "not mapped (29): R.obstruction")]),
    (
        "unknown source code",
        SMALL + "  R.attak: [physical]\n",
        [(5, "mappings", "not mapped"), (7, "mappings.R.attak", "unknown code in adilsoz-2024")],
    ),
    (
        "unknown target code",
        SMALL.replace("[physical]", "[physcal]"),
        [(5, "mappings", "not mapped"), (6, "mappings.R", "unknown code 'physcal' in jfj")],
    ),
    (
        "wrong target taxonomy",
        SMALL.replace("target: jfj", "target: coe"),
        [(3, "target", "'coe' does not match"), (5, "mappings", "not mapped")],
    ),
    (
        "wrong format",
        SMALL.replace("crosswalk/1", "crosswalk/9"),
        [(1, "format", "unsupported format"), (5, "mappings", "not mapped")],
    ),
    (
        "duplicate key",
        SMALL + "  R: [judicial]\n",
        [(5, "mappings", "not mapped"), (7, "mappings.R", "duplicate key (first on line 6)")],
    ),
    (
        "long form without to",
        SMALL + "  R.attack: {note: hm}\n",
        [(5, "mappings", "not mapped"), (7, "mappings.R.attack.to", "missing")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_crosswalk_problems(
    adilsoz: TaxonomyDoc, jfj: TaxonomyDoc, text: str, expected: list[tuple[int, str, str]]
) -> None:
    problems = crosswalk_problems(text, adilsoz, jfj)
    assert sorted((p.line, p.field) for p in problems) == sorted((ln, f) for ln, f, _ in expected)
    for line, field, message in expected:
        assert any(message in p.message for p in problems if (p.line, p.field) == (line, field)), (
            message,
            [str(p) for p in problems],
        )
