"""Tree navigation and version diffs on documents (no DB)."""

from __future__ import annotations

from speechwatch.taxonomy.tree import ancestors, block_of, blocks, descendants, diff, walk
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

V1 = """\
format: speechwatch-taxonomy/1
code: t
version: 1
title: {en: T, ru: Т, kk: Т}
languages: [en, ru, kk]
nodes:
  - code: L
    labels: {en: lawsuits, ru: иски, kk: талап-арыздар}
    counting: {unit: incident, month_by: recorded_on, total: distinct_incidents}
  - code: L.criminal
    parent: L
    labels: {en: criminal, ru: уголовные, kk: қылмыстық}
  - code: L.criminal.false_info
    parent: L.criminal
    labels: {en: false info, ru: ложная информация, kk: жалған ақпарат}
    synonyms: {en: [knowingly false information]}
  - code: L.civil
    parent: L
    labels: {en: civil, ru: гражданские, kk: азаматтық}
"""


def test_navigation() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    assert [n.code for n in blocks(doc)] == ["R", "I", "L"]
    assert ancestors(doc, "L.administrative.false_info") == ["L.administrative", "L"]
    assert ancestors(doc, "R") == []
    assert descendants(doc, "L") == [
        "L.criminal",
        "L.criminal.false_info",
        "L.criminal.discord",
        "L.criminal.other",
        "L.civil",
        "L.administrative",
        "L.administrative.false_info",
        "L.administrative.defamation",
        "L.administrative.election",
    ]
    assert descendants(doc, "R.attack") == []
    assert block_of("L.administrative.false_info") == "L"
    assert block_of("R") == "R"
    assert doc.node("L.criminal.discord").depth == 2
    assert doc.node("L.criminal.discord").block == "L"
    assert [n.code for n in walk(doc)] == doc.codes()  # the file lists nodes depth-first


def test_diff_identical_is_empty() -> None:
    doc = load_taxonomy(V1)
    assert diff(doc, load_taxonomy(V1)).is_empty


def test_diff_reports_every_kind_of_change() -> None:
    v2 = (
        V1.replace("version: 1", "version: 2")
        .replace("parent: L.criminal\n", "parent: L\n")  # L.criminal.false_info moves up
        .replace("kk: азаматтық}", "kk: азаматтық}\n    synonyms: {ru: [гражданские иски]}")
        .replace("{en: criminal,", "{en: criminal proceedings,")
        .replace(
            "  - code: L.civil",
            "  - code: L.admin\n    parent: L\n"
            "    labels: {en: admin, ru: админ, kk: әкімшілік}\n  - code: L.civil",
        )
    )
    v2 = (
        v2.replace(
            "  - code: L.civil\n    parent: L\n"
            "    labels: {en: civil, ru: гражданские, kk: азаматтық}\n"
            "    synonyms: {ru: [гражданские иски]}\n",
            "",
        )
        + "  - code: L.civil2\n    parent: L\n    labels: {en: civil, ru: гр, kk: аз}\n"
    )
    old, new = load_taxonomy(V1), load_taxonomy(v2)
    result = diff(old, new)
    assert result.added == ["L.admin", "L.civil2"]
    assert result.removed == ["L.civil"]
    assert [(c.code, c.before, c.after) for c in result.reparented] == [
        ("L.criminal.false_info", "L.criminal", "L")
    ]
    assert [c.code for c in result.relabelled] == ["L.criminal"]
    assert (result.old_version, result.new_version) == (1, 2)
    lines = result.lines()
    assert "reparented L.criminal.false_info: L.criminal -> L" in lines
    assert "relabelled L.criminal [en]: 'criminal' -> 'criminal proceedings'" in lines
    assert "removed L.civil" in lines


def test_diff_synonyms() -> None:
    v2 = V1.replace("[knowingly false information]", "[knowingly false information, fake news]")
    result = diff(load_taxonomy(V1), load_taxonomy(v2))
    assert [c.code for c in result.synonyms_changed] == ["L.criminal.false_info"]
    assert not result.relabelled and not result.added and not result.removed
