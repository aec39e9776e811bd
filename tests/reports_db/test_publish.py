"""Publishing freezes a month; later edits show in the diff, only re-publication versions."""

from __future__ import annotations

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.actions import change_status
from speechwatch.incidents.models import Incident
from speechwatch.reports.actions import publish, save_overrides
from speechwatch.reports.queries import diff_against_published, published_report, versions
from tests.reports_db.conftest import APRIL, APRIL_OVERRIDES, numbers, statistics_text


def _april_obstruction() -> Incident:
    return Incident.objects.filter(
        status="published",
        recorded_on__year=2024,
        recorded_on__month=4,
        category_links__category__code="R.obstruction",
    ).first()  # type: ignore[return-value]


def test_publish_freezes_and_republish_versions(demo) -> None:
    save_overrides(APRIL, APRIL_OVERRIDES, who=demo)
    v1 = publish(APRIL, who=demo)
    assert v1.number == 1 and v1.published_by == "editor"
    assert {r.lang for r in v1.renditions.all()} == {"en", "ru", "kk"}
    assert v1.template == "adilsoz-monthly-overview" and v1.template_version >= 1
    rendition = v1.renditions.get(lang="en")
    assert "There were 20 reports" in rendition.markdown
    assert rendition.figures["blocks"]["R"]["total"] == 20
    frozen = published_report(APRIL, "en")
    assert frozen.version_label.startswith("published v1")
    assert diff_against_published(APRIL) == []

    change_status(_april_obstruction(), "verified", who=demo)  # unpublish one April incident

    again = published_report(APRIL, "en")
    assert again == frozen  # the published snapshot did not change
    assert numbers(statistics_text(again))[:2] == [20, 2]
    changes = diff_against_published(APRIL)
    figures = {c.subject: c.message for c in changes if not c.subject.startswith("text.")}
    assert figures["blocks.R.total"] == "published 20, now 19"
    assert figures["blocks.R.items.R.obstruction.count"] == "published 2, now 1"
    assert any(c.subject == "text.en" and "There were 19 reports" in c.message for c in changes)

    v2 = publish(APRIL, who=demo, note="correction")
    assert v2.number == 2
    assert [v.number for v in versions(APRIL)] == [2, 1]
    assert published_report(APRIL, "en", 1) == frozen
    assert numbers(statistics_text(published_report(APRIL, "en")))[:2] == [19, 1]
    assert diff_against_published(APRIL) == []
    audit = AuditEvent.objects.filter(action="report.publish", object_id=APRIL)
    assert audit.count() == 2


def test_overrides_are_audited_and_validated(demo) -> None:
    import pytest

    from speechwatch.reports.compose import OverridesError

    # The demo loader stored the editor's April choices: one audit event already.
    assert AuditEvent.objects.filter(action="report.overrides", object_id=APRIL).count() == 1
    save_overrides(APRIL, {"also": ["x"]}, who=demo)
    assert AuditEvent.objects.filter(action="report.overrides", object_id=APRIL).count() == 2
    with pytest.raises(OverridesError, match="featured_case: unknown field"):
        save_overrides(APRIL, {"featured_case": []}, who=demo)
    with pytest.raises(OverridesError, match=r"text\.intro\.de: unknown language"):
        save_overrides(APRIL, {"text": {"intro": {"de": "x"}}}, who=demo)
