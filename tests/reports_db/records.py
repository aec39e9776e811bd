"""Interchange records for report tests, imported through the real importer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import import_path

WHO = Who(label="test")


def incident(ext: str, **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "schema_version": 1,
        "type": "incident",
        "external_id": ext,
        "recorded_on": "2024-04-10",
        "occurred_on": "2024-04-09",
        "title": {"en": f"Incident {ext}"},
        "region": "almaty",
        "taxonomy": "adilsoz-2024",
        "categories": ["R.threat"],
        "victims": [],
        "perpetrators": [],
        "legal_refs": [],
        "sources": [{"kind": "url", "url": "https://example.org/a", "confidential": False}],
        "status": "published",
        "tags": [],
    }
    rec.update(over)
    return rec


def actor(ext: str, actor_type: str) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "type": "actor",
        "external_id": ext,
        "kind": "organisation",
        "actor_type": actor_type,
        "name": f"Actor {ext}",
    }


def import_records(directory: Path, records: list[dict[str, Any]]) -> None:
    """Write one JSON Lines file per record type and import the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    by_type: dict[str, list[str]] = {}
    for rec in records:
        by_type.setdefault(rec["type"], []).append(json.dumps(rec, ensure_ascii=False))
    plural = {"actor": "actors", "incident": "incidents", "case": "cases"}
    for kind, lines in by_type.items():
        (directory / f"{plural[kind]}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_path(directory, who=WHO)
