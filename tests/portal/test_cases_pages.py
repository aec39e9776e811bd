"""Case pages: published cases only, stages on a timeline, claims in tenge, defendants."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client

from speechwatch.cases.actions import add_stage
from speechwatch.cases.models import Case
from speechwatch.cases.public import CaseFilters, public_case, public_cases, related_incidents
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident, IncidentActor
from speechwatch.portal.views_context import tenge
from tests.portal.published import EDITOR, secrets


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (None, ""),
        (0, "0\u00a0₸"),
        (1500, "1\u202f500\u00a0₸"),
        (2_000_000, "2\u202f000\u202f000\u00a0₸"),
    ],
)
def test_tenge(amount: int | None, shown: str) -> None:
    assert tenge(amount) == shown


@pytest.fixture
def demo(installed) -> None:
    load_demo()


@pytest.mark.usefixtures("demo")
def test_case_list_and_pages_show_published_cases_only_in_every_language() -> None:
    client = Client()
    published = set(Case.objects.filter(published=True).values_list("external_id", flat=True))
    hidden = set(Case.objects.filter(published=False).values_list("external_id", flat=True))
    assert published and hidden
    assert {c.external_id for c in public_cases()} == published
    hidden_secrets = secrets()
    for lang in ("kk", "ru", "en"):
        page = client.get("/cases/", {"lang": lang})
        assert page.status_code == 200
        text = page.content.decode()
        assert f'lang="{lang}"' in text
        assert all(f"/cases/{code}/" in text for code in published)
        assert not any(f"/cases/{code}/" in text for code in hidden)
        assert [s for s in hidden_secrets if s in text] == []
    for code in hidden:
        assert client.get(f"/cases/{code}/").status_code == 404
        assert public_case(code) is None
    assert client.get("/cases/no-such-case/").status_code == 404


@pytest.mark.usefixtures("demo")
def test_case_page_timeline_claims_outcome_defendants() -> None:
    case = Case.objects.get(external_id="demo-case-004")
    add_stage(
        case,
        stage="first_instance",
        on=case.stages.order_by("date").last().date,  # type: ignore[union-attr]
        body="Specialised inter-district court",
        claim_amount=2_500_000,
        outcome="against_media",
        who=EDITOR,
    )
    found = public_case("demo-case-004")
    assert found is not None
    assert [s.date for s in found.stages] == sorted(s.date for s in found.stages)
    assert found.last_stage == "first_instance" and found.outcome == "against_media"
    assert found.claims_total is not None and found.claims_total >= 2_500_000
    text = Client().get("/cases/demo-case-004/", {"lang": "en"}).content.decode()
    assert '<ol class="timeline">' in text
    assert "Specialised inter-district court" in text
    assert "2\u202f500\u202f000\u00a0₸" in text
    assert "against the media" in text
    for d in found.defendants:
        assert d.name in text
    assert "Defence lawyer" not in text  # the case's internal note


@pytest.mark.usefixtures("demo")
def test_incident_page_links_its_case_and_related_incidents() -> None:
    case = public_case("as-2024-04-azattyq-posts-pc274")
    assert case is not None and len(case.incidents) >= 2
    first, second = case.incidents[:2]
    related = related_incidents(first)
    assert any(r.external_id == second and r.reason == "case" for r in related)
    assert [c.external_id for c in public_cases(CaseFilters(incident=first))] == [case.external_id]
    # A shared victim relates incidents too (a much-reported outlet: its newest incidents).
    pairs = (
        IncidentActor.objects.filter(role="victim", incident__status="published")
        .values("actor_id")
        .annotate(n=Count("incident_id"))
        .filter(n__gte=2, n__lte=5)
        .order_by("actor_id")
    )
    actor = pairs.first()
    assert actor is not None
    one, other = (
        Incident.objects.filter(
            status="published", actor_links__actor_id=actor["actor_id"], actor_links__role="victim"
        )
        .order_by("id")
        .values_list("external_id", flat=True)[:2]
    )
    assert other in {r.external_id for r in related_incidents(one)}
    text = Client().get(f"/incidents/{first}/").content.decode()
    assert "/cases/as-2024-04-azattyq-posts-pc274/" in text
    assert f"/incidents/{second}/" in text


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    "query", ["kind=xx", "stage=nope", "date_from=2024-02-30", "date_to=0000-01-01"]
)
def test_bad_case_filters_are_a_400_naming_the_parameter(query: str) -> None:
    response = Client().get(f"/cases/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()
