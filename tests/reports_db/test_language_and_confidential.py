"""Missing translations fall back visibly; confidential data never reaches the report."""

from __future__ import annotations

from speechwatch.cases.models import Case
from speechwatch.context.models import ContextEvent, LegislativeItem
from speechwatch.incidents.models import Incident, Source
from speechwatch.reports.actions import save_overrides
from speechwatch.reports.compose import report_to_json
from speechwatch.reports.queries import draft
from tests.reports_db.conftest import APRIL


def test_kazakh_falls_back_to_russian_with_a_visible_marker(demo) -> None:
    # The demo has Kazakh for every April text (test_kazakh_demo.py): take one away.
    ContextEvent.objects.filter(external_id="as-event-2024-04-22-tiktok").update(text_kk="")
    report = draft(APRIL, ("kk",)).reports["kk"]
    events = report.section("events")
    assert events is not None
    fallen = [e for e in events.entries if e.fallback_lang is not None]
    assert fallen, "the demo lacks kk text for some April events"
    for entry in fallen:
        assert entry.text.startswith(f"[{entry.fallback_lang}] ")
    assert any("no kk text, shown in ru" in w for w in report.warnings)
    own = [e for e in events.entries if e.fallback_lang is None]
    assert all(not e.text.startswith("[") for e in own)


def test_no_confidential_text_in_any_language(demo) -> None:
    april = Incident.objects.filter(recorded_on__year=2024, recorded_on__month=4)
    save_overrides(
        APRIL,
        {
            "featured_cases": list(Case.objects.values_list("external_id", flat=True)),
            "also": list(april.filter(status="published").values_list("external_id", flat=True)),
        },
        who=demo,
    )
    secrets = {
        text
        for model in (Incident, Case, ContextEvent, LegislativeItem)
        for text in model.objects.exclude(internal_notes="").values_list(
            "internal_notes", flat=True
        )
    }
    secrets |= set(Source.objects.exclude(correspondent="").values_list("correspondent", flat=True))
    secrets |= {
        t for t in Source.objects.filter(confidential=True).values_list("title", flat=True) if t
    }
    assert secrets, "the demo has confidential data to leave out"
    for report in draft(APRIL, ("en", "ru", "kk")).reports.values():
        dumped = report_to_json(report)
        leaked = [s for s in secrets if s in dumped]
        assert leaked == []
