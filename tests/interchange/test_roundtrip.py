"""Export → import into an empty database → export gives byte-identical files."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechwatch.actors.models import Actor
from speechwatch.cases.models import Case
from speechwatch.context.models import ContextEvent, LegislativeItem
from speechwatch.incidents.models import Incident
from speechwatch.interchange.actions import export_all, import_path
from speechwatch.interchange.schema import RECORD_TYPES
from tests.interchange.conftest import WHO
from tests.interchange.records import full_set, write_dir


def empty_database() -> None:
    for model in (Case, ContextEvent, LegislativeItem, Incident, Actor):
        model.objects.all().delete()


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def roundtrip(tmp: Path, fmt: str, *, public: bool = False) -> None:
    first = tmp / f"first-{fmt}"
    export_all(first, public=public, fmt=fmt)
    empty_database()
    import_path(first, who=WHO)
    export_all(tmp / f"second-{fmt}", public=public, fmt=fmt)
    assert files(first) == files(tmp / f"second-{fmt}")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("public", [False, True])
def test_roundtrip_is_byte_identical(world, tmp_path, fmt, public):
    full_set(tmp_path / "in")
    import_path(tmp_path / "in", who=WHO)
    roundtrip(tmp_path, fmt, public=public)
    assert len(files(tmp_path / f"first-{fmt}")) == len(RECORD_TYPES)


def test_jsonl_export_reimports_as_csv_and_back(world, tmp_path):
    full_set(tmp_path / "in")
    import_path(tmp_path / "in", who=WHO)
    export_all(tmp_path / "j1", public=False, fmt="jsonl")
    export_all(tmp_path / "c1", public=False, fmt="csv")
    empty_database()
    import_path(tmp_path / "c1", who=WHO)
    export_all(tmp_path / "j2", public=False, fmt="jsonl")
    assert files(tmp_path / "j1") == files(tmp_path / "j2")


# --- property: random valid record sets -------------------------------------------------------

text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)
words = st.text("abcxyz|\\ ,\"'\nйқ", max_size=8).map(lambda s: "w" + s)
# Links must be http(s) without spaces (lib.urls); "|" and "\\" still test the CSV escaping.
links = st.text("abcxyz|\\\"'йқ", max_size=8).map(lambda s: "https://e.kz/w" + s)
langs = st.dictionaries(st.sampled_from(["en", "ru", "kk"]), text, max_size=3)
day = st.dates(min_value=date(1900, 1, 1)).map(lambda d: d.isoformat())
CATS = ["R.obstruction", "R.threat", "I.refusal", "L.civil", "L.criminal"]


@st.composite
def record_sets(draw: st.DrawFn) -> dict[str, list[dict]]:
    n_actors = draw(st.integers(1, 4))
    actor_ids = [f"a{i}" for i in range(n_actors)]
    actors = [
        {
            "schema_version": 1,
            "type": "actor",
            "external_id": a,
            "kind": draw(st.sampled_from(["person", "organisation"])),
            "actor_type": draw(st.sampled_from(["journalist", "court", "unknown"])),
            "name": draw(words),
            "name_variants": draw(st.lists(words, max_size=2)),
            "internal_notes": draw(text),
        }
        for a in actor_ids
    ]
    incidents = []
    for i in range(draw(st.integers(0, 4))):
        cats = draw(st.lists(st.sampled_from(CATS), min_size=1, max_size=3, unique=True))
        incidents.append(
            {
                "schema_version": 1,
                "type": "incident",
                "external_id": f"i{i}",
                "recorded_on": draw(day),
                "occurred_on": draw(st.one_of(day, day.map(lambda d: d[:7]), st.just(""))),
                "title": draw(langs),
                "region": draw(st.sampled_from(["", "almaty", "astana", "abroad"])),
                "categories": cats,
                "primary_category": draw(st.sampled_from(cats)),
                "victims": draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=2)),
                "perpetrators": draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=2)),
                "legal_refs": draw(
                    st.lists(st.sampled_from(["PC 274", "AdmC 456-2", "PC 274(2)"]), unique=True)
                ),
                "sources": [
                    {
                        "kind": "correspondent",
                        "confidential": draw(st.booleans()),
                        "correspondent": draw(text),
                        "published_on": draw(st.one_of(day, st.just(""))),
                    }
                    for _ in range(draw(st.integers(0, 2)))
                ],
                "status": draw(st.sampled_from(["published", "verified", "rejected"])),
                "status_changed_at": draw(st.sampled_from(["", "2024-04-06T10:00:00+05:00"])),
                "tags": draw(st.lists(words, max_size=2)),
                "internal_notes": draw(text),
            }
        )
    cases = [
        {
            "schema_version": 1,
            "type": "case",
            "external_id": f"c{i}",
            "kind": draw(st.sampled_from(["civil", "criminal"])),
            "incidents": draw(
                st.lists(
                    st.sampled_from([x["external_id"] for x in incidents] or ["-"]),
                    unique=True,
                    max_size=2,
                )
            )
            if incidents
            else [],
            "stages": [
                {
                    "stage": "appeal",
                    "date": draw(day),
                    "claim_amount": draw(st.one_of(st.none(), st.integers(0, 10**12))),
                    "note": draw(langs),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
            "defendants": [
                {"actor": a, "status": "charged"}
                for a in draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=2))
            ],
            "published": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    events = [
        {
            "schema_version": 1,
            "type": "event",
            "external_id": f"e{i}",
            "date": draw(day),
            "title": draw(langs),
            "source_urls": draw(st.lists(links, max_size=2)),
            "published": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    laws = [
        {
            "schema_version": 1,
            "type": "legislation",
            "external_id": f"l{i}",
            "kind": "bill",
            "stages": [{"stage": "senate", "date": draw(day)}],
            "published": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    return {
        "actors": actors,
        "incidents": incidents,
        "cases": cases,
        "events": events,
        "legislation": laws,
    }


@settings(max_examples=25)
@given(sets=record_sets(), fmt=st.sampled_from(["jsonl", "csv"]), public=st.booleans())
def test_roundtrip_property(world, sets, fmt, public):
    empty_database()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        write_dir(tmp_path / "in", **sets)
        import_path(tmp_path / "in", who=WHO)
        roundtrip(tmp_path, fmt, public=public)
