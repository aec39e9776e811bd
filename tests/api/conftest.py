"""The demo data set, loaded once per module through the real loader, plus one published
overview (2024-04) and a confidential note on a published record of every type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

SECRET = "SECRET-CONFIDENTIAL-7c1e"


def load_site() -> dict[str, str]:
    from speechwatch.cases.models import Case
    from speechwatch.context.models import ContextEvent, LegislativeItem
    from speechwatch.core.setup import install_defaults
    from speechwatch.demo.loader import DEMO, load_demo
    from speechwatch.incidents.models import Incident, Source
    from speechwatch.reports.actions import publish

    install_defaults()
    load_demo()
    publish("2024-04", who=DEMO, langs=["en"])
    # Confidential values the API must never show (set behind the actions' back on purpose).
    for model in (Incident, Case, ContextEvent, LegislativeItem):
        model.objects.update(internal_notes=f"{SECRET}-notes")
    Source.objects.filter(pk__in=Source.objects.values("pk")[:50]).update(
        correspondent=f"{SECRET}-correspondent"
    )
    Source.objects.filter(pk__in=Source.objects.values("pk")[:20]).update(
        confidential=True, outlet=f"{SECRET}-outlet", url=f"https://example.org/{SECRET}"
    )
    planted = Incident.objects.filter(
        status="published", sources__correspondent__startswith=SECRET
    ).distinct()
    return {
        # published incidents with a planted correspondent or confidential source, space-separated
        "planted": " ".join(planted.values_list("external_id", flat=True)[:15]),
        "incident": Incident.objects.filter(status="published").order_by("id")[0].external_id,
        "draft": Incident.objects.exclude(status="published").order_by("id")[0].external_id,
        "case": Case.objects.filter(published=True).order_by("id")[0].external_id,
        "legislation": LegislativeItem.objects.filter(published=True).order_by("id")[0].external_id,
    }


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, str]]:
    """Loaded once for the module inside a transaction that is rolled back at its end (each test
    runs in a savepoint within it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ids = load_site()
        yield ids
        transaction.set_rollback(True)
