"""Narrative sections of April 2024: events, legislation, featured cases, also-items, footer."""

from __future__ import annotations

from django.test import override_settings

from speechwatch.reports.actions import save_overrides
from speechwatch.reports.queries import draft
from tests.reports_db.conftest import APRIL, APRIL_OVERRIDES


def test_events_are_the_published_april_events(demo) -> None:
    events = draft(APRIL).reports["en"].section("events")
    assert events is not None
    assert events.heading == "EVENTS IN APRIL 2024"
    assert [e.date_label for e in events.entries] == ["April 6", "April 22", "April 25"]
    assert "state of emergency" in events.entries[0].text


def test_legislation_names_the_mass_media_law_second_reading(demo) -> None:
    section = draft(APRIL).reports["en"].section("legislation")
    assert section is not None
    media = [e for e in section.entries if "Mass Media" in e.heading]
    assert len(media) == 1
    assert media[0].date_label == "April 17"
    assert media[0].date_iso == "2024-04-17"
    assert "second reading" in media[0].text


def test_featured_case_by_default_and_its_history(demo) -> None:
    section = draft(APRIL).reports["en"].section("featured_cases")
    assert section is not None
    azattyq = next(c for c in section.cases if "Azattyq" in c.title)
    text = "\n".join(azattyq.paragraphs)
    assert "mediation" in text
    assert any(p.startswith("In January, ") for p in azattyq.paragraphs)
    assert any(p.startswith("April 23: ") for p in azattyq.paragraphs)


def test_editor_chooses_featured_cases_and_also_items(demo) -> None:
    save_overrides(
        APRIL,
        {
            **APRIL_OVERRIDES,
            "featured_cases": ["as-2024-04-azattyq-accreditation"],
            "also": ["as-2024-04-protenge-pc274", "as-2024-04-adilbekov-detention"],
        },
        who=demo,
    )
    report = draft(APRIL, ("en", "ru")).reports
    featured = report["en"].section("featured_cases")
    assert featured is not None
    assert [c.title for c in featured.cases] == [
        "Refusal of accreditation to Azattyq correspondents"
    ]
    also = report["en"].section("also")
    assert also is not None and also.heading == "Also in April:"
    became, detained = also.entries
    assert became.text.startswith("It became known in April that")
    assert became.date_label == ""  # it happened in March
    assert detained.date_label == "April 1"
    assert "Dikaya Orda" in detained.text
    ru_also = report["ru"].section("also")
    assert ru_also is not None and ru_also.entries[0].text.startswith("В апреле стало известно")


def test_also_with_text_that_does_not_say_it_became_known(demo) -> None:
    save_overrides(
        APRIL,
        {"also": ["as-2024-04-protenge-pc274"], "text": {"also:as-2024-04-protenge-pc274": {}}},
        who=demo,
    )
    entry = draft(APRIL).reports["en"].section("also").entries[0]  # type: ignore[union-attr]
    assert entry.text.count("It became known") == 1


def test_edited_narrative_replaces_generated_text_in_that_language_only(demo) -> None:
    save_overrides(
        APRIL,
        {
            "text": {
                "intro": {"en": "Our April overview."},
                "case:as-2024-04-maricheva-456-2": {"en": "First paragraph.\n\nSecond paragraph."},
            }
        },
        who=demo,
    )
    reports = draft(APRIL, ("en", "ru")).reports
    assert reports["en"].intro == "Our April overview."
    assert reports["ru"].intro.startswith("Международный фонд")
    featured = reports["en"].section("featured_cases")
    case = next(c for c in featured.cases if "Maricheva" in c.title)  # type: ignore[union-attr]
    assert case.paragraphs == ("First paragraph.", "Second paragraph.")


@override_settings(ORGANISATION_NAME="Test Foundation", ORGANISATION_EMAIL="desk@example.org")
def test_methodology_and_contacts_come_from_settings(demo) -> None:
    report = draft(APRIL).reports["en"]
    methodology = report.section("methodology")
    assert methodology is not None and "open sources" in methodology.paragraphs[0]
    assert report.contacts[0] == "Test Foundation"
    assert "desk@example.org" in report.contacts[-1]
