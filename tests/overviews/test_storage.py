"""Imported figures go to PublishedStatistics; narrative becomes drafts; mappings are reused."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.audit.record import Who
from speechwatch.context.models import ContextEvent
from speechwatch.incidents.models import Incident
from speechwatch.overviews.actions import OverviewImportError, confirm_mapping, import_overview
from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.models import PublishedStatistics
from speechwatch.overviews.queries import confirmed_mappings, published_figures, review_queue
from speechwatch.overviews.reader import build_mapper, read_text

WHO = Who(label="test")

pytestmark = pytest.mark.django_db


def test_reference_figures_are_stored_and_queried(reference_text: str, mapper: Mapper) -> None:
    ov = read_text(reference_text, mapper, source="april.txt")
    result = import_overview(ov, sha256="a" * 64, taxonomy="adilsoz-2024", who=WHO)
    assert result.figures == 13 and result.needs_review == 0
    figs = published_figures("Adil Soz", date(2024, 1, 1), date(2024, 12, 31))
    assert [(f.code, f.count) for f in figs][:4] == [
        ("R", 20),
        ("R.obstruction", 2),
        ("R.discrediting", 8),
        ("facet:victim_type=state_sector", 7),
    ]
    facet = figs[3]
    assert facet.parent_code == "R.discrediting" and facet.period == "2024-04"
    assert facet.source == "april.txt"
    assert published_figures("Adil Soz", date(2024, 5, 1), date(2024, 12, 31)) == []
    assert AuditEvent.objects.filter(action="overview.import").count() == 1


def test_narrative_becomes_drafts(reference_text: str, mapper: Mapper) -> None:
    ov = read_text(reference_text, mapper, source="april.txt")
    result = import_overview(ov, sha256="a" * 64, taxonomy="adilsoz-2024", who=WHO)
    events = ContextEvent.objects.order_by("date")
    assert [e.date for e in events] == [
        date(2024, 4, 5), date(2024, 4, 6), date(2024, 4, 17), date(2024, 4, 22), date(2024, 4, 25)
    ]  # fmt: skip
    assert not any(e.published for e in events)
    incidents = Incident.objects.filter(external_id__in=result.incidents)
    assert incidents.count() == 4  # two "also" items and two featured cases
    assert all(i.status == "draft" for i in incidents)
    titles = {i.title_en for i in incidents}
    assert "Refusal of Accreditation to Azattyq Correspondents" in titles


def test_reimport_replaces_figures_without_new_drafts(reference_text: str, mapper: Mapper) -> None:
    ov = read_text(reference_text, mapper, source="april.txt")
    import_overview(ov, sha256="a" * 64, taxonomy="adilsoz-2024", who=WHO)
    again = import_overview(ov, sha256="a" * 64, taxonomy="adilsoz-2024", who=WHO)
    assert again.replaced and not again.events
    assert PublishedStatistics.objects.count() == 13
    assert ContextEvent.objects.count() == 5


def test_a_later_reading_of_the_same_period_wins(mapper: Mapper) -> None:
    text = (
        "Violations of freedom of speech in Kazakhstan May 2024\n"
        "The Foundation «Adil Soz» presents an overview.\n"
        "There were {n} reports of violations of the rights of journalists and media.\n"
    )
    for i, n in enumerate((5, 6)):
        ov = read_text(text.format(n=n), mapper, source=f"v{i}.txt")
        import_overview(ov, sha256=str(i) * 64, taxonomy="adilsoz-2024", who=WHO, drafts=False)
    figs = published_figures("Adil Soz", date(2024, 5, 1), date(2024, 5, 31))
    assert [(f.code, f.count, f.source) for f in figs] == [("R", 6, "v1.txt")]


def test_low_confidence_waits_for_a_person_then_is_reused() -> None:
    text = (
        "Violations of freedom of speech in Kazakhstan May 2024\n"
        "The Foundation «Adil Soz» presents an overview.\n"
        "There were 4 reports of violations of the rights of journalists and media. Among them:\n"
        "3 reports involved obstruction of journalists' lawful professional activities\n"
        "1 report of mysterious paperwork delays at the akimat\n"
    )
    mapper = build_mapper("adilsoz-2024", embeddings=False)
    ov = read_text(text, mapper, source="may.txt")
    result = import_overview(ov, sha256="b" * 64, taxonomy="adilsoz-2024", who=WHO)
    assert result.needs_review == 1
    (waiting,) = review_queue("Adil Soz")
    assert waiting.phrase == "mysterious paperwork delays at the akimat"
    codes = [f.code for f in published_figures("Adil Soz", date(2024, 5, 1), date(2024, 5, 31))]
    assert codes == ["R", "R.obstruction"]  # not used until confirmed

    confirm_mapping(doc=mapper.doc, phrase=waiting.phrase, code="R.summons", who=WHO)
    assert review_queue() == []
    figs = published_figures("Adil Soz", date(2024, 5, 1), date(2024, 5, 31))
    assert [(f.code, f.count) for f in figs][-1] == ("R.summons", 1)

    again = build_mapper("adilsoz-2024", confirmed=confirmed_mappings("adilsoz-2024"),
                         embeddings=False)  # fmt: skip
    item = read_text(text, again).blocks[0].items[1]
    assert (item.code, item.match.method) == ("R.summons", "confirmed")


def test_confirm_rejects_unknown_codes(mapper: Mapper) -> None:
    with pytest.raises(ValueError, match="not in taxonomy"):
        confirm_mapping(doc=mapper.doc, phrase="x y", code="R.nope", who=WHO)


def test_no_period_is_refused(mapper: Mapper) -> None:
    ov = read_text("Some text\nwith nothing\n", mapper, source="x.txt")
    with pytest.raises(OverviewImportError, match=r"x\.txt: no period"):
        import_overview(ov, sha256="c" * 64, taxonomy="adilsoz-2024", who=WHO)
    assert PublishedStatistics.objects.count() == 0
