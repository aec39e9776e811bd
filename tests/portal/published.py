"""Shared builders for the public archive tests: the demo through the importer, overviews
through the publish action, and every confidential value of the database."""

from __future__ import annotations

from speechwatch.audit.record import Who
from speechwatch.cases.models import Case
from speechwatch.context.models import ContextEvent, LegislativeItem
from speechwatch.incidents.models import Incident, Source
from speechwatch.reports.actions import publish

EDITOR = Who(label="test editor")
APRIL = "2024-04"


def publish_april_twice() -> None:
    """Version 1 in kk/ru/en, then a correction (version 2) with a note."""
    publish(APRIL, who=EDITOR, langs=["kk", "ru", "en"])
    publish(APRIL, who=EDITOR, langs=["kk", "ru", "en"], note="Two incidents re-classified.")


def secrets() -> list[str]:
    """Every confidential value, long enough not to match by accident."""
    values: list[str] = []
    for model in (Incident, Case, ContextEvent, LegislativeItem):
        values += model.objects.exclude(internal_notes="").values_list("internal_notes", flat=True)
    values += Source.objects.exclude(correspondent="").values_list("correspondent", flat=True)
    values += Source.objects.filter(confidential=True).exclude(url="").values_list("url", flat=True)
    return sorted({v for v in values if len(v) >= 8})


def unpublished_codes() -> list[str]:
    codes: list[str] = []
    codes += Case.objects.filter(published=False).values_list("external_id", flat=True)
    codes += ContextEvent.objects.filter(published=False).values_list("external_id", flat=True)
    codes += LegislativeItem.objects.filter(published=False).values_list("external_id", flat=True)
    codes += Incident.objects.exclude(status="published").values_list("external_id", flat=True)
    return codes
