"""Builders of interchange records and files for the tests (plain dicts, as a user would write)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps


def actor(ext: str = "actor-1", **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "actor",
        "external_id": ext,
        "kind": "person",
        "actor_type": "journalist",
        "name": f"Name of {ext}",
    }
    rec.update(over)
    return rec


def incident(ext: str = "inc-1", **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "incident",
        "external_id": ext,
        "recorded_on": "2024-04-10",
        "occurred_on": "2024-04",
        "title": {"en": f"Incident {ext}", "ru": f"Инцидент {ext}"},
        "region": "almaty",
        "taxonomy": "adilsoz-2024",
        "categories": ["R.obstruction", "R.threat"],
        "victims": ["actor-1"],
        "perpetrators": [],
        "legal_refs": ["PC 274"],
        "sources": [{"kind": "url", "url": "https://example.org/a", "confidential": False}],
        "status": "published",
        "tags": ["elections"],
    }
    rec.update(over)
    return rec


def case(ext: str = "case-1", **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "case",
        "external_id": ext,
        "kind": "civil",
        "title": {"en": f"Case {ext}"},
        "opened_on": "2024-01-15",
        "incidents": ["inc-1"],
        "stages": [
            {
                "stage": "first_instance",
                "date": "2024-02-01",
                "claim_amount": 5000000,
                "outcome": "",
            }
        ],
        "defendants": [{"actor": "actor-1", "status": "defendant", "status_on": "2024-01-20"}],
        "published": True,
    }
    rec.update(over)
    return rec


def event(ext: str = "event-1", **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "event",
        "external_id": ext,
        "date": "2024-04-03",
        "kind": "statement",
        "title": {"en": "The president spoke"},
        "region": "",
        "source_urls": ["https://akorda.kz/x"],
        "published": True,
    }
    rec.update(over)
    return rec


def legislation(ext: str = "law-1", **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "legislation",
        "external_id": ext,
        "kind": "law",
        "title": {"en": "On Mass Media"},
        "stages": [
            {"stage": "majilis_second_reading", "date": "2024-04-17"},
            {"stage": "signed", "date": "2024-06-19", "note": {"en": "signed by the president"}},
        ],
        "published": True,
    }
    rec.update(over)
    return rec


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    """Write records (dicts, or raw strings written as they are) one per line."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)) + "\n")
    return path


def write_dir(directory: Path, **by_plural: list[Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for plural, recs in by_plural.items():
        write_jsonl(directory / f"{plural}.jsonl", recs)
    return directory


def full_set(directory: Path) -> Path:
    """One record of every type, referring to each other."""
    return write_dir(
        directory,
        actors=[actor("actor-1"), actor("actor-2", kind="organisation", actor_type="state_body")],
        incidents=[incident("inc-1", perpetrators=["actor-2"])],
        cases=[case("case-1")],
        events=[event("event-1")],
        legislation=[legislation("law-1")],
    )


def row_counts() -> dict[str, int]:
    """Rows per table of every project model: the whole database state an import may touch."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {"actors", "incidents", "cases", "context", "audit", "taxonomy", "reference"}
    }
