"""Public export: no confidential field, no unpublished record. Full export: everything."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from speechwatch.interchange.actions import export_all, import_path
from speechwatch.interchange.schema import BY_NAME, confidential_paths
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, case, event, incident, legislation, write_dir

SECRET = "SECRET-7f3a"


def seed(tmp_path: Path) -> None:
    source = {"kind": "correspondent", "correspondent": SECRET + "-reporter", "confidential": False}
    hidden = {"kind": "document", "title": SECRET + "-document", "confidential": True}
    write_dir(
        tmp_path / "in",
        actors=[
            actor("victim", internal_notes=SECRET),
            actor("unreferenced", name=SECRET + "-lonely"),
            actor("draft-only", name=SECRET + "-draft-only"),
        ],
        incidents=[
            incident("pub", victims=["victim"], sources=[source, hidden], internal_notes=SECRET),
            incident("draft", status="draft", victims=["draft-only"], title={"en": SECRET}),
        ],
        cases=[
            case("case-pub", incidents=["pub", "draft"], defendants=[], internal_notes=SECRET),
            case("case-hidden", published=False, incidents=[], defendants=[], title={"en": SECRET}),
        ],
        events=[
            event(internal_notes=SECRET),
            event("ev-hidden", published=False, title={"en": SECRET}),
        ],
        legislation=[
            legislation(internal_notes=SECRET),
            legislation("law-hidden", published=False),
        ],
    )
    import_path(tmp_path / "in", who=WHO)


def read_records(directory: Path, fmt: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for path in sorted(directory.iterdir()):
        if fmt == "jsonl":
            out[path.stem] = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        else:
            with path.open(encoding="utf-8", newline="") as fh:
                out[path.stem] = list(csv.DictReader(fh))
    return out


def has_path(rec: dict, path: str, fmt: str) -> bool:
    """Whether a record carries a confidential path (see schema.confidential_paths)."""
    head, _, sub = path.partition(".")
    if head.endswith("]"):
        name, flag = head[:-1].split("[")
        items = rec.get(name, "[]")
        items = json.loads(items or "[]") if fmt == "csv" else items
        return any(item.get(flag) for item in items)
    if not sub:
        return head in rec
    items = rec.get(head, "[]")
    items = json.loads(items or "[]") if fmt == "csv" else items
    return any(sub in item for item in items)


def test_confidential_paths_are_declared():
    assert set(confidential_paths()) == {
        ("actor", "internal_notes"),
        ("incident", "internal_notes"),
        ("incident", "sources[confidential]"),
        ("incident", "sources.correspondent"),
        ("case", "internal_notes"),
        ("event", "internal_notes"),
        ("legislation", "internal_notes"),
    }


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_public_export_has_no_confidential_data(world, tmp_path, fmt):
    seed(tmp_path)
    export_all(tmp_path / "pub", public=True, fmt=fmt)
    records = read_records(tmp_path / "pub", fmt)
    for type_name, path in confidential_paths():
        plural = BY_NAME[type_name].plural
        assert records[plural], f"no {plural} exported: the check below would be vacuous"
        for rec in records[plural]:
            assert not has_path(rec, path, fmt), f"{type_name}.{path} in public export"
    for path in (tmp_path / "pub").iterdir():
        assert SECRET not in path.read_text("utf-8"), path.name
    ids = {plural: [r["external_id"] for r in recs] for plural, recs in records.items()}
    assert ids == {
        "actors": ["victim"],
        "incidents": ["pub"],
        "cases": ["case-pub"],
        "events": ["event-1"],
        "legislation": ["law-1"],
    }
    (case_rec,) = records["cases"]
    assert case_rec["incidents"] in (["pub"], "pub")  # the draft incident is left out


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_full_export_keeps_everything(world, tmp_path, fmt):
    seed(tmp_path)
    export_all(tmp_path / "full", public=False, fmt=fmt)
    records = read_records(tmp_path / "full", fmt)
    for type_name, path in confidential_paths():
        plural = BY_NAME[type_name].plural
        if path == "internal_notes":
            assert all("internal_notes" in r for r in records[plural])
        else:
            assert any(has_path(r, path, fmt) for r in records[plural]), path
    assert len(records["actors"]) == 3
    assert len(records["incidents"]) == 2
    assert SECRET in (tmp_path / "full" / f"incidents.{fmt}").read_text("utf-8")


def test_export_is_audited(world, tmp_path):
    from speechwatch.audit.models import AuditEvent

    seed(tmp_path)
    export_all(tmp_path / "pub", public=True, fmt="jsonl", who=WHO)
    event = AuditEvent.objects.get(action="interchange.export")
    assert event.after is not None
    assert event.after["public"] is True
    assert event.after["counts"]["incident"] == 1
    assert set(event.after["files"]) == {p.name for p in (tmp_path / "pub").iterdir()}
