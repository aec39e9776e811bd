"""Validation of taxonomy files: each broken snippet reports the exact line and field (no DB)."""

from __future__ import annotations

import pytest

from speechwatch.taxonomy.tree import TaxonomyError
from speechwatch.taxonomy.yamlload import load_taxonomy, taxonomy_problems

# Line numbers matter: every case below edits this text and names the lines it expects.
BASE = """\
format: speechwatch-taxonomy/1
code: test
version: 1
title: {en: T, ru: Т, kk: Т}
languages: [en, ru, kk]
facets:
  region:
    labels: {en: region, ru: регион, kk: өңір}
    values_from: regions
nodes:
  - code: R
    labels: {en: rights, ru: права, kk: құқықтар}
    facets: [region]
    counting: {unit: incident, month_by: recorded_on, total: distinct_incidents}
  - code: R.attack
    parent: R
    labels: {en: attack, ru: нападение, kk: шабуыл}
"""

EXTRA_NODE = """\
  - code: R.attack
    parent: R
    labels: {en: again, ru: снова, kk: қайта}
"""


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"ambiguous or absent edit target: {old!r}"
    return BASE.replace(old, new)


def append(text: str) -> str:
    return BASE + text


# (id, yaml text, [(line, field, part of the message), ...]) — the full, exact list of problems.
CASES: list[tuple[str, str, list[tuple[int, str, str]]]] = [
    (
        "format missing",
        edit("format: speechwatch-taxonomy/1", "# no format"),
        [(1, "format", "missing")],
    ),
    (
        "format unsupported",
        edit("taxonomy/1", "taxonomy/2"),
        [(1, "format", "unsupported format 'speechwatch-taxonomy/2'")],
    ),
    ("code not a slug", edit("code: test", "code: Test Tax"), [(2, "code", "not a slug")]),
    ("code missing", edit("code: test", "# no code"), [(1, "code", "missing")]),
    ("version missing", edit("version: 1", "# no version"), [(1, "version", "missing")]),
    (
        "version not a number",
        edit("version: 1", "version: one"),
        [(3, "version", "'one' is not a whole number")],
    ),
    ("version zero", edit("version: 1", "version: 0"), [(3, "version", "not a whole number >= 1")]),
    (
        "version boolean",
        edit("version: 1", "version: true"),
        [(3, "version", "not a whole number")],
    ),
    (
        "title missing a language",
        edit("title: {en: T, ru: Т, kk: Т}", "title: {en: T, ru: Т}"),
        [(4, "title.kk", "missing")],
    ),
    (
        "title missing",
        edit("title: {en: T, ru: Т, kk: Т}", "# no title"),
        [(1, "title", "missing")],
    ),
    (
        "languages without en",
        edit("languages: [en, ru, kk]", "languages: [ru, kk]"),
        [(5, "languages", "must include 'en'")],
    ),
    (
        "languages missing",
        edit("languages: [en, ru, kk]", "# no languages"),
        [(1, "languages", "missing")],
    ),
    ("unknown header field", append("colour: red\n"), [(18, "colour", "unknown field")]),
    (
        "facet unknown reference list",
        edit("values_from: regions", "values_from: planets"),
        [(9, "facets.region.values_from", "unknown reference list 'planets'")],
    ),
    (
        "facet without values",
        edit("    values_from: regions", "    # nothing"),
        [(8, "facets.region.values", "missing")],
    ),
    (
        "facet label missing",
        edit("{en: region, ru: регион, kk: өңір}", "{en: region, ru: регион}"),
        [(8, "facets.region.labels.kk", "missing")],
    ),
    (
        "duplicate code",
        append(EXTRA_NODE),
        [(18, "code", "duplicate code 'R.attack' (first defined on line 15)")],
    ),
    ("unknown parent", edit("parent: R", "parent: X"), [(16, "parent", "unknown parent 'X'")]),
    (
        "code does not extend parent",
        edit("- code: R.attack", "- code: attack"),
        [(15, "code", "'attack' must extend its parent's code 'R'")],
    ),
    (
        "self parent is a cycle",
        edit("parent: R", "parent: R.attack"),
        [(16, "parent", "cycle: R.attack -> R.attack")],
    ),
    (
        "two-node cycle",
        edit("parent: R", "parent: R.attack.x")
        + "  - code: R.attack.x\n    parent: R.attack\n    labels: {en: x, ru: x, kk: x}\n",
        [
            (16, "parent", "cycle: R.attack -> R.attack.x -> R.attack"),
            (19, "parent", "cycle: R.attack.x -> R.attack -> R.attack.x"),
        ],
    ),
    (
        "invalid code syntax",
        edit("- code: R.attack", "- code: R..attack"),
        [(15, "code", "'R..attack' is not a valid code")],
    ),
    (
        "block code with a dot",
        edit("- code: R\n", "- code: R.x\n"),
        [
            (11, "code", "block 'R.x' (a node without parent) must not contain '.'"),
            (16, "parent", "unknown parent 'R'"),
        ],
    ),
    (
        "parent not a code",
        edit("parent: R", "parent: [R]"),
        [(16, "parent", "['R'] is not a valid code")],
    ),
    (
        "label missing in one language",
        edit("{en: attack, ru: нападение, kk: шабуыл}", "{en: attack, kk: шабуыл}"),
        [(17, "labels.ru", "missing (node R.attack)")],
    ),
    (
        "block-style labels missing a language: reported on the labels line",
        edit(
            "    labels: {en: attack, ru: нападение, kk: шабуыл}\n",
            "    labels:\n      en: attack\n      ru: нападение\n",
        ),
        [(17, "labels.kk", "missing (node R.attack)")],
    ),
    ("label empty", edit("kk: шабуыл", "kk: ''"), [(17, "labels.kk", "must be non-empty text")]),
    (
        "labels missing entirely",
        edit("    labels: {en: attack, ru: нападение, kk: шабуыл}\n", ""),
        [(15, "labels.en", "missing"), (15, "labels.ru", "missing"), (15, "labels.kk", "missing")],
    ),
    (
        "label in an undeclared language",
        edit("kk: шабуыл}", "kk: шабуыл, de: Angriff}"),
        [(17, "labels.de", "language 'de' is not in languages")],
    ),
    (
        "unknown facet",
        edit("facets: [region]", "facets: [region, colour]"),
        [(13, "facets", "unknown facet 'colour' (node R)")],
    ),
    (
        "misspelt node field",
        edit("    parent: R", "    parnt: R"),
        [
            (16, "nodes[1].parnt", "unknown field"),
            (15, "code", "block 'R.attack' (a node without parent) must not contain '.'"),
            (15, "counting", "missing on block 'R.attack'"),
        ],
    ),
    (
        "duplicate key in a node",
        append("    labels: {en: x, ru: x, kk: x}\n"),
        [(18, "nodes[1].labels", "duplicate key (first on line 17)")],
    ),
    (
        "counting on a finer node",
        append(
            "    counting: {unit: incident, month_by: recorded_on, total: distinct_incidents}\n"
        ),
        [(18, "counting", "only blocks")],
    ),
    (
        "counting missing on a block",
        edit(
            "    counting: {unit: incident, month_by: recorded_on, total: distinct_incidents}\n", ""
        ),
        [(11, "counting", "missing on block 'R'")],
    ),
    (
        "counting bad month rule",
        edit("month_by: recorded_on", "month_by: published_on"),
        [(14, "counting.month_by", "'published_on' is not one of: recorded_on, occurred_on")],
    ),
    ("counting key missing", edit("unit: incident, ", ""), [(14, "counting.unit", "missing")]),
    (
        "counting flag not boolean",
        edit("total: distinct_incidents}", "total: distinct_incidents, new_cases_only: maybe}"),
        [(14, "counting.new_cases_only", "'maybe' must be true or false")],
    ),
    (
        "counting unknown rule",
        edit("total: distinct_incidents}", "total: distinct_incidents, weight: 2}"),
        [(14, "counting.weight", "unknown field")],
    ),
    (
        "synonyms not a list",
        append("    synonyms: {en: attack}\n"),
        [(18, "synonyms.en", "must be a list")],
    ),
    (
        "synonyms in an undeclared language",
        append("    synonyms: {de: [Angriff]}\n"),
        [(18, "synonyms.de", "language 'de' is not in languages")],
    ),
    (
        "synonyms duplicated",
        append("    synonyms: {en: [assault, assault]}\n"),
        [(18, "synonyms.en", "duplicate entry 'assault'")],
    ),
    (
        "description not text",
        append("    description: {en: [a, b]}\n"),
        [(18, "description.en", "must be non-empty text")],
    ),
    ("node not a mapping", append("  - just text\n"), [(18, "nodes[2]", "must be a mapping")]),
    (
        "node without code",
        append("  - parent: R\n    labels: {en: x, ru: x, kk: x}\n"),
        [(18, "code", "missing (node #3 in nodes)")],
    ),
    ("nodes missing", BASE.split("nodes:")[0], [(1, "nodes", "missing")]),
    ("nodes empty", BASE.split("nodes:")[0] + "nodes: []\n", [(10, "nodes", "empty")]),
    (
        "nodes not a list",
        BASE.split("nodes:")[0] + "nodes: {R: 1}\n",
        [(10, "nodes", "must be a list")],
    ),
    ("document not a mapping", "- a\n- b\n", [(1, "(document)", "must be a mapping")]),
    ("empty document", "", [(1, "(document)", "empty file")]),
    (
        "yaml syntax error",
        edit("title: {en: T, ru: Т, kk: Т}", "title: {en: T, ru: Т"),
        [(5, "yaml", "expected ',' or '}'")],
    ),
    (
        "several problems at once",
        edit("format: speechwatch-taxonomy/1", "# no format")
        .replace("parent: R", "parent: X")
        .replace("{en: attack, ru: нападение, kk: шабуыл}", "{en: attack, ru: нападение}"),
        [
            (1, "format", "missing"),
            (16, "parent", "unknown parent 'X'"),
            (17, "labels.kk", "missing (node R.attack)"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_named_by_line_and_field(text: str, expected: list[tuple[int, str, str]]) -> None:
    problems = taxonomy_problems(text, filename="t.yaml")
    assert sorted((p.line, p.field) for p in problems) == sorted((ln, f) for ln, f, _ in expected)
    for line, field, message in expected:
        found = [p for p in problems if (p.line, p.field) == (line, field)]
        assert any(message in p.message for p in found), (message, [str(p) for p in found])
    assert all(p.file == "t.yaml" for p in problems)


def test_base_snippet_is_valid() -> None:
    doc = load_taxonomy(BASE, filename="t.yaml")
    assert doc.codes() == ["R", "R.attack"]
    attack = doc.node("R.attack")
    assert (attack.parent, attack.depth, attack.facets, attack.line) == ("R", 1, ("region",), 15)
    assert doc.node("R").counting == {
        "unit": "incident",
        "month_by": "recorded_on",
        "total": "distinct_incidents",
        "new_cases_only": False,
    }


def test_error_lists_every_problem_one_per_line() -> None:
    text = edit("version: 1", "version: x").replace("parent: R", "parent: Q")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(text, filename="bad.yaml")
    assert str(info.value).splitlines() == [
        "bad.yaml:3: version: 'x' is not a whole number >= 1",
        "bad.yaml:16: parent: unknown parent 'Q' (node R.attack)",
    ]


def test_missing_file_is_a_problem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(tmp_path / "nope.yaml")
    assert info.value.problems[0].field == "file"


def test_file_path_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.yaml"
    path.write_text(edit("version: 1", "version: 0"), encoding="utf-8")
    problems = taxonomy_problems(path)
    assert [str(p) for p in problems] == [f"{path}:3: version: 0 is not a whole number >= 1"]
