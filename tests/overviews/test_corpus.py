"""Every fixture of the in-house corpus (fixtures/manifest.yaml) reads back to its figures.

The fixtures reproduce the layouts of real published overviews (English, Russian, Kazakh;
monthly, quarterly, annual, weekly; 2009–2024) in our own words, with the published figures.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from speechwatch.overviews.mapping import ACCEPT, Mapper
from speechwatch.overviews.parse import Overview
from tests.overviews.corpus import FIXTURES, flatten, manifest, read_fixture

CORPUS = manifest()


def _figure_objects(ov: Overview) -> list[tuple[tuple[str, int], float]]:
    out: list[tuple[tuple[str, int], float]] = []

    def items(its: list[Any]) -> None:
        for it in its:
            if not it.facet:
                out.append(((it.code, it.count), it.match.confidence))
            items(it.items)

    for b in ov.blocks:
        if b.total is not None and not b.implicit:
            out.append(((b.code, b.total), b.match.confidence))
        items(b.items)
    return out


def test_the_manifest_names_every_fixture_and_real_pages() -> None:
    files = {f["file"] for f in CORPUS}
    on_disk = {p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html")}
    assert files == on_disk
    assert len(CORPUS) >= 20
    assert {f["lang"] for f in CORPUS} == {"en", "ru", "kk"}
    for f in CORPUS:
        assert f["url"] and f["layout"] and f["period"], f["id"]


@pytest.mark.parametrize("f", CORPUS, ids=[f["id"] for f in CORPUS])
def test_fixture_reads_back_to_its_figures(f: dict[str, Any], mapper: Mapper) -> None:
    ov = read_fixture(f, mapper)
    assert ov.period is not None and ov.period.label == str(f["period"])
    want = [(code, count) for code, count in f.get("figures", [])]
    got = flatten(ov)
    missing = Counter(want) - Counter(got)
    # Known gaps are listed in the manifest (and counted wrong by the score); strict: a gap that
    # closes must be removed from the list.
    gaps = Counter((code, count) for code, count in f.get("known_gaps", []))
    assert missing == gaps, f"not read: {dict(missing)}; read {got}"
    # In the published order.
    assert [x for x in got if x in set(want)] == [x for x in want if x not in gaps]
    # Anything else read is a phrase with no confident code, flagged for a person to map.
    extra = Counter(got) - Counter(want)
    for fig, conf in _figure_objects(ov):
        if extra.get(fig) and not gaps:
            assert conf < ACCEPT, f"{fig} read with confidence {conf} but not published"
    kinds = {w.kind for w in ov.warnings}
    for kind in f.get("warnings", []):
        assert kind in kinds, f"{kind} not flagged: {sorted(kinds)}"
    if "grand" in f:
        assert [t for t, _ in ov.grand_totals][:1] == [f["grand"]]
    if "events" in f:
        assert [e.on.isoformat() for e in ov.events] == [str(d) for d in f["events"]]


def test_score_counts_only_the_listed_gaps(mapper: Mapper) -> None:
    right = expected = 0
    for f in CORPUS:
        want = Counter((c, n) for c, n in f.get("figures", []))
        right += sum((want & Counter(flatten(read_fixture(f, mapper)))).values())
        expected += sum(want.values())
    gaps = sum(len(f.get("known_gaps", [])) for f in CORPUS)
    assert expected >= 70 and right == expected - gaps
