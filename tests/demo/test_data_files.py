"""The shipped demo files, read as plain JSON Lines (no database): format, determinism, and the
April 2024 figures of the reference overview."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from speechwatch.demo.loader import DATA_DIR
from speechwatch.interchange.schema import BY_PLURAL

STEMS = ("actors", "incidents", "cases", "events", "legislation")
REGIONS_20 = {
    "abai", "akmola", "aktobe", "almaty_region", "atyrau", "east_kazakhstan", "zhambyl",
    "zhetisu", "karaganda", "kostanay", "kyzylorda", "mangystau", "north_kazakhstan",
    "pavlodar", "turkistan", "ulytau", "west_kazakhstan", "astana", "almaty", "shymkent",
}  # fmt: skip
STATE_SECTOR = {"official", "state_body"}


def read(stem: str) -> list[dict[str, Any]]:
    lines = (DATA_DIR / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, Any]]]:
    return {stem: read(stem) for stem in STEMS}


def under(code: str, node: str) -> bool:
    return code == node or code.startswith(node + ".")


def april_published(data: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        r
        for r in data["incidents"]
        if r["recorded_on"].startswith("2024-04-") and r["status"] == "published"
    ]


def count(incidents: list[dict[str, Any]], node: str) -> int:
    return sum(1 for r in incidents if any(under(c, node) for c in r["categories"]))


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ("R", 20),
        ("R.obstruction", 2),
        ("R.discrediting", 8),
        ("I", 12),
        ("I.refusal", 5),
        ("I.cyber", 3),
        ("L", 20),
        ("L.criminal", 3),
        ("L.civil", 9),
        ("L.administrative", 8),
        ("L.administrative.false_info", 2),
        ("L.administrative.defamation", 3),
    ],
)
def test_april_figures_match_the_reference_overview(data, node, expected) -> None:
    assert count(april_published(data), node) == expected


def test_april_discrediting_has_seven_state_sector_victims(data) -> None:
    types = {a["external_id"]: a["actor_type"] for a in data["actors"]}
    discrediting = [r for r in april_published(data) if "R.discrediting" in r["categories"]]
    state = [r for r in discrediting if any(types[v] in STATE_SECTOR for v in r["victims"])]
    assert len(state) == 7


def test_april_items_do_not_add_up_in_block_i(data) -> None:
    # 5 + 3 < 12: the overview says "and others"; the demo must exercise that.
    april = april_published(data)
    assert count(april, "I.refusal") + count(april, "I.cyber") < count(april, "I")


def test_april_has_unpublished_records_that_counting_must_ignore(data) -> None:
    statuses = Counter(
        r["status"] for r in data["incidents"] if r["recorded_on"].startswith("2024-04-")
    )
    assert statuses["draft"] >= 2
    assert statuses["rejected"] >= 1


def test_april_has_incidents_in_two_blocks(data) -> None:
    both = [r for r in april_published(data) if len({c.split(".")[0] for c in r["categories"]}) > 1]
    assert len(both) >= 2


@pytest.mark.parametrize("stem", STEMS)
def test_files_are_in_export_format(stem) -> None:
    rt = BY_PLURAL[stem]
    body = (DATA_DIR / f"{stem}.jsonl").read_text(encoding="utf-8")
    assert body.endswith("\n") and "\r" not in body and "\n\n" not in body
    records = [json.loads(line) for line in body.splitlines()]
    ids = [r["external_id"] for r in records]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for line, rec in zip(body.splitlines(), records, strict=True):
        assert list(rec) == [f.name for f in rt.fields], rec["external_id"]
        assert rec["type"] == rt.name and rec["schema_version"] == 1
        assert json.dumps(rec, ensure_ascii=False, separators=(",", ":")) == line


def test_the_data_lives_in_data_files_not_in_code() -> None:
    # The JSON Lines files are the source (edited directly); no Python generator remains.
    demo_dir = DATA_DIR.parent
    assert not (demo_dir / "build.py").exists()
    modules = sorted(p.name for p in demo_dir.glob("*.py"))
    assert sum(len(p.read_text().splitlines()) for p in demo_dir.glob("*.py")) < 200, modules


def test_references_resolve(data) -> None:
    actors = {a["external_id"] for a in data["actors"]}
    incidents = {r["external_id"] for r in data["incidents"]}
    for r in data["incidents"]:
        assert set(r["victims"]) | set(r["perpetrators"]) <= actors, r["external_id"]
        assert r["primary_category"] in r["categories"]
    for c in data["cases"]:
        assert set(c["incidents"]) <= incidents
        assert {d["actor"] for d in c["defendants"]} <= actors


def test_real_records_are_not_demo_and_fictional_ones_are(data) -> None:
    for stem in STEMS:
        for rec in data[stem]:
            assert rec["is_demo"] is (not rec["external_id"].startswith("as-")), rec["external_id"]


def test_fictional_sources_use_reserved_domains(data) -> None:
    for r in data["incidents"]:
        for s in r["sources"]:
            if s["url"]:
                assert ".example.org/" in s["url"]


def test_covers_every_month_of_2024_and_every_region(data) -> None:
    published_2024 = [
        r
        for r in data["incidents"]
        if r["recorded_on"].startswith("2024-") and r["status"] == "published"
    ]
    per_month = Counter(r["recorded_on"][:7] for r in published_2024)
    assert sorted(per_month) == [f"2024-{m:02d}" for m in range(1, 13)]
    assert all(n >= 30 for n in per_month.values())
    assert {r["region"] for r in published_2024} >= REGIONS_20
    # Some of last year too, for year-over-year comparisons.
    assert any(r["recorded_on"].startswith("2023-07") for r in data["incidents"])


def test_confidential_data_is_present_for_the_public_export_to_strip(data) -> None:
    sources = [s for r in data["incidents"] for s in r["sources"]]
    assert any(s["confidential"] and s["correspondent"] for s in sources)
    for stem in STEMS:
        assert any(rec["internal_notes"] for rec in data[stem]), stem


def test_cases_span_months_with_outcomes(data) -> None:
    demo = [c for c in data["cases"] if c["is_demo"]]
    assert len(demo) >= 12
    outcomes = {s["outcome"] for c in demo for s in c["stages"]}
    assert {"for_media", "against_media", "settled", "dropped"} <= outcomes
    assert any(s["claim_amount"] for c in demo for s in c["stages"])
    assert any(c["stages"][0]["date"][:7] != c["stages"][-1]["date"][:7] for c in demo)


def test_some_translations_are_missing_for_fallback(data) -> None:
    titles = [r["title"] for r in data["incidents"]]
    assert any("kk" in t for t in titles)
    assert any("kk" not in t for t in titles)
    assert any("ru" not in t for t in titles)


def test_files_stay_modest() -> None:
    total = sum((DATA_DIR / f"{stem}.jsonl").stat().st_size for stem in STEMS)
    assert total < 1_200_000


def test_report_overrides_file_names_existing_records(data) -> None:
    from speechwatch.demo.loader import demo_overrides

    overrides = demo_overrides()
    april = overrides["2024-04"]
    cases = {c["external_id"] for c in data["cases"]}
    incidents = {r["external_id"] for r in data["incidents"]}
    assert april["featured_cases"] == [
        "as-2024-04-azattyq-accreditation",
        "as-2024-04-maricheva-456-2",
    ]
    assert set(april["featured_cases"]) <= cases
    assert set(april["also"]) <= incidents | cases
    assert april["breakdowns"] == {
        "L.administrative": ["L.administrative.false_info", "L.administrative.defamation"]
    }
