"""Text search folds case in every script, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    change_status,
    create_incident,
    update_incident,
)
from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import Incident
from speechwatch.incidents.search import fold, search_words
from speechwatch.interchange.actions import import_path

WHO = Who(label="test")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Азаттық", "азаттық"),
        ("РАДИО  Азаттык\n", "радио азаттык"),
        ("Ёлка", "елка"),
        ("ҚАЗАҚСТАН", "қазақстан"),
        ("Straße", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_query_words_are_folded_and_unique() -> None:
    assert search_words("  Азаттык азаттык  ПРОТЕНГЕ ") == ["азаттык", "протенге"]


def data(**over: object) -> IncidentInput:
    base = IncidentInput(
        recorded_on=date(2024, 4, 3),
        title={"ru": "Корреспонденту «Азаттыка» отказали в аккредитации"},
        summary={"kk": "Тілшіге ҚАЗАҚСТАН сыртқы істер министрлігі бас тартты"},
        region="astana",
        settlement="Астана",
        categories=["I.accreditation"],
        sources=[SourceInput(kind="url", url="https://example.org/a")],
        external_id="inc-search",
    )
    for key, value in over.items():
        setattr(base, key, value)
    return base


def found(q: str) -> list[str]:
    qs = IncidentFilters(q=q).apply(Incident.objects.all(), public=False)
    return list(qs.values_list("external_id", flat=True))


@pytest.mark.usefixtures("installed")
def test_cyrillic_search_ignores_case() -> None:
    create_incident(data(), who=WHO)
    for q in ("азаттыка", "АЗАТТЫКА", "Азаттыка аккредитации", "қазақстан", "астана"):
        assert found(q) == ["inc-search"], q
    assert found("азаттыка протенге") == []  # every word must occur


@pytest.mark.usefixtures("installed")
def test_an_edit_updates_what_is_found() -> None:
    incident = create_incident(data(), who=WHO)
    update_incident(incident, data(title={"en": "ProTenge editor detained"}), who=WHO)
    assert found("protenge") == ["inc-search"]
    assert found("азаттыка") == []


@pytest.mark.usefixtures("installed")
def test_imported_incidents_are_searchable_through_the_api(tmp_path: Path) -> None:
    record = {
        "schema_version": 1,
        "type": "incident",
        "external_id": "inc-imported",
        "recorded_on": "2024-04-10",
        "occurred_on": "",
        "title": {"ru": "Блогера из Шымкента вызвали в полицию"},
        "summary": {},
        "region": "shymkent",
        "settlement": "",
        "taxonomy": "adilsoz-2024",
        "categories": ["R.summons"],
        "primary_category": "R.summons",
        "victims": [],
        "perpetrators": [],
        "legal_refs": [],
        "sources": [
            {
                "kind": "url",
                "url": "https://example.org/b",
                "outlet": "",
                "title": "",
                "published_on": "",
                "confidential": False,
                "correspondent": "",
            }
        ],
        "status": "published",
        "status_changed_at": "",
        "tags": [],
        "is_demo": True,
        "internal_notes": "",
    }
    path = tmp_path / "incidents.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_path(path, who=WHO)
    body = Client().get("/api/v1/incidents", {"q": "ШЫМКЕНТА блогера"}).json()
    assert [i["external_id"] for i in body["items"]] == ["inc-imported"]


@pytest.mark.usefixtures("installed")
def test_search_text_never_leaves_the_system() -> None:
    incident = create_incident(data(), who=WHO)
    for status in ("under_review", "verified", "published"):
        change_status(incident, status, who=WHO)
    body = Client().get("/api/v1/incidents", {"q": "азаттыка"}).json()
    assert body["items"] and "search_text" not in body["items"][0]
