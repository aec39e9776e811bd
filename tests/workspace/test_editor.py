"""The incident editor: categories, actors (with duplicate checks), legal references, sources."""

from __future__ import annotations

from typing import Any

import pytest

from speechwatch.actors.actions import create_actor
from speechwatch.actors.models import Actor
from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.models import Incident
from tests.workspace.helpers import SYSTEM, client_for, make_incident

BASE: dict[str, Any] = {
    "recorded_on": "2024-04-10",
    "occurred_on": "2024-03-15",
    "occurred_precision": "month",
    "region": "astana",
    "settlement": "",
    "title_en": "Reporter detained",
    "title_ru": "Журналиста задержали",
    "title_kk": "Журналист ұсталды",
    "summary_en": "**Detained** for 3 hours.",
    "categories": ["R.detention", "L.criminal"],
    "primary_category": "L.criminal",
    "legal_refs": "ст. 274 УК РК\nAdmC 456-2\n\nч. 2 ст. 274 УК РК",
    "tags": "rally, astana",
    "source-0-kind": "url",
    "source-0-url": "https://example.org/detained",
    "source-1-kind": "correspondent",
    "source-1-correspondent": "Our correspondent in Astana",
    "save": "1",
}


@pytest.fixture
def actors() -> None:
    create_actor(
        name="Азаттык",
        name_variants=["Azattyq", "Азаттық"],
        kind="organisation",
        type="media_outlet",
        external_id="a-azattyq",
        who=SYSTEM,
    )
    create_actor(
        name="Полиция района",
        kind="organisation",
        type="law_enforcement",
        external_id="a-police",
        who=SYSTEM,
    )


@pytest.mark.usefixtures("installed", "actors")
def test_save_normalises_and_records_everything(users) -> None:
    make_incident(1)
    client = client_for(users["monitor"])
    response = client.post(
        "/work/incidents/inc-t1/edit/",
        {**BASE, "victims": ["a-azattyq"], "perpetrators": ["a-police"]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    links = list(incident.category_links.select_related("category").order_by("id"))
    assert [(link.category.code, link.is_primary) for link in links] == [
        ("L.criminal", True),
        ("R.detention", False),
    ]
    assert [str(r) for r in incident.legal_refs.all()] == ["PC 274", "AdmC 456-2", "PC 274(2)"]
    assert incident.occurred_on is not None and incident.occurred_on.isoformat() == "2024-03-01"
    assert incident.occurred_precision == "month"
    assert (incident.title_en, incident.title_ru, incident.title_kk) == (
        "Reporter detained",
        "Журналиста задержали",
        "Журналист ұсталды",
    )
    assert [(a.actor.external_id, a.role) for a in incident.actor_links.order_by("role")] == [
        ("a-police", "perpetrator"),
        ("a-azattyq", "victim"),
    ]
    sources = list(incident.sources.order_by("position"))
    assert sources[1].kind == "correspondent" and sources[1].confidential  # always confidential
    assert [t.tag for t in incident.tags.all()] == ["astana", "rally"]
    event = AuditEvent.objects.filter(action="incident.update").get()
    assert event.user == users["monitor"]
    assert event.before["region"] == "almaty" and event.after["region"] == "astana"


@pytest.mark.usefixtures("installed")
def test_bad_input_is_named_and_nothing_changes(users) -> None:
    make_incident(1)
    client = client_for(users["monitor"])
    response = client.post(
        "/work/incidents/inc-t1/edit/",
        {
            **BASE,
            "legal_refs": "ст. 274 УК РК\nстатья что-то",
            "source-0-url": "not a url",
            "victims": ["a-ghost"],
            "primary_category": "I.refusal",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 2:" in body
    assert "Source 1: not a web address." in body
    assert "The primary category must be one of those ticked." in body
    incident = Incident.objects.get()
    assert incident.region is not None and incident.region.code == "almaty"
    assert not AuditEvent.objects.filter(action="incident.update").exists()


@pytest.mark.usefixtures("installed")
def test_new_incident(users) -> None:
    client = client_for(users["monitor"])
    assert client.get("/work/incidents/new/").status_code == 200
    response = client.post("/work/incidents/new/", BASE)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (
        incident.status == "draft"
        and response["Location"] == f"/work/incidents/{incident.external_id}/"
    )


@pytest.mark.usefixtures("installed")
def test_editor_renders_three_languages_side_by_side_and_the_tree(users) -> None:
    make_incident(1)
    body = client_for(users["monitor"]).get("/work/incidents/inc-t1/edit/").content.decode()
    for lang in ("en", "ru", "kk"):
        assert f'id="lang-{lang}"' in body and f'id="id_summary_{lang}"' in body
    assert 'id="cat-R.obstruction" checked' in body
    assert 'id="cat-L.administrative.false_info"' in body
    assert "htmx.min.js" in body


@pytest.mark.usefixtures("installed", "actors")
def test_actor_search_finds_other_spellings(users) -> None:
    client = client_for(users["monitor"])
    body = client.get("/work/search/actors/", {"q": "Azattik", "role": "victim"}).content.decode()
    assert "Азаттык" in body and 'id="add-victim-a-azattyq"' in body
    chip = client.get(
        "/work/actors/chip/", {"ext": "a-azattyq", "role": "perpetrator"}
    ).content.decode()
    assert 'name="perpetrators" value="a-azattyq" checked' in chip


@pytest.mark.usefixtures("installed", "actors")
def test_new_actor_with_a_near_duplicate_needs_confirmation(users) -> None:
    client = client_for(users["monitor"])
    data = {
        "new-name": "Azattyk",
        "new-kind": "organisation",
        "new-type": "media_outlet",
        "new-role": "victim",
    }
    response = client.post("/work/actors/new/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Retarget"] == "#new-actor-messages"
    assert "Азаттык" in response.content.decode()
    assert Actor.objects.count() == 2
    assert client.post("/work/actors/new/", data).status_code == 409
    created = client.post(
        "/work/actors/new/", {**data, "new-confirm_new": "on"}, HTTP_HX_REQUEST="true"
    )
    assert created["HX-Retarget"] == "#victims-list"
    assert 'name="victims"' in created.content.decode()
    assert Actor.objects.filter(name="Azattyk").exists()


@pytest.mark.usefixtures("installed")
def test_category_search_uses_synonyms_in_any_language(users) -> None:
    client = client_for(users["monitor"])
    from speechwatch.taxonomy.models import Category

    cat = Category.objects.get(code="I.refusal")
    synonym = next(s for values in cat.synonyms.values() for s in values if s)
    body = client.get("/work/search/categories/", {"q": synonym}).content.decode()
    assert 'for="cat-I.refusal"' in body


@pytest.mark.usefixtures("installed")
def test_legal_autocomplete_normalises(users) -> None:
    make_incident(1, legal_refs=["ст. 274 УК РК"])
    client = client_for(users["monitor"])
    body = client.get("/work/search/legal/", {"q": "статья 456-2 КоАП"}).content.decode()
    assert 'id="legal-normal">AdmC 456-2<' in body and "ст. 456-2 КоАП РК" in body
    bad = client.get("/work/search/legal/", {"q": "ст. 274 УК РФ"}).content.decode()
    assert 'id="legal-error"' in bad
    used = client.get("/work/search/legal/", {"q": "27"}).content.decode()
    assert 'data-value="PC 274"' in used
