"""A monitor turns a submission into a draft incident, or merges it into an existing one."""

from __future__ import annotations

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.models import Incident
from speechwatch.intake.actions import (
    ReporterInput,
    SubmissionInput,
    convert_submission,
    merge_submission,
    reject_submission,
    submit,
)
from speechwatch.intake.models import Submission, SubmissionOutcome
from tests.workspace.helpers import SYSTEM, client_for, make_incident


def sample(**kw: object) -> Submission:
    data = SubmissionInput(
        channel="public",
        what_happened="Akimat refused to answer our request\nfor the third time.",
        region="shymkent",
        settlement="Shymkent",
        affected="Editor of a local paper",
        acted="District akimat",
        links=["https://example.org/a", "https://example.org/b"],
        language="ru",
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return submit(data, ReporterInput(name="Serik Secretov", phone="+7 701 111 22 33"), who=SYSTEM)


@pytest.mark.usefixtures("installed")
def test_convert_creates_a_draft_and_leaves_the_submission_untouched(users) -> None:
    sub = sample()
    response = client_for(users["monitor"]).post(f"/work/submissions/{sub.external_id}/convert/")
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/incidents/{incident.external_id}/edit/"
    assert incident.status == "draft"
    assert incident.title_ru == "Akimat refused to answer our request"
    assert incident.summary_ru.startswith("Akimat refused")
    assert incident.region is not None and incident.region.code == "shymkent"
    sources = list(incident.sources.order_by("position"))
    assert [s.url for s in sources[:2]] == ["https://example.org/a", "https://example.org/b"]
    correspondent = sources[2]
    assert correspondent.kind == "correspondent" and correspondent.confidential
    assert correspondent.correspondent == "Serik Secretov"
    assert "Acted: District akimat" in incident.internal_notes
    outcome = SubmissionOutcome.objects.get(submission=sub)
    assert (
        outcome.kind == "converted"
        and outcome.incident == incident
        and outcome.by == users["monitor"]
    )
    assert Submission.objects.get(pk=sub.pk).what_happened == sub.what_happened
    assert AuditEvent.objects.filter(
        action="submission.convert", object_id=sub.external_id
    ).exists()
    # A second decision is refused.
    with pytest.raises(ValueError, match="already converted"):
        convert_submission(sub, who=SYSTEM)


@pytest.mark.usefixtures("installed")
def test_merge_adds_sources_without_duplicates_and_keeps_the_incident(users) -> None:
    incident = make_incident(1, sources=[])
    from speechwatch.incidents.actions import SourceInput, update_incident
    from speechwatch.workspace.queries import incident_input

    data = incident_input(incident)
    data.sources = [SourceInput(kind="url", url="https://example.org/a")]
    update_incident(incident, data, who=SYSTEM)
    sub = sample()
    response = client_for(users["monitor"]).post(
        f"/work/submissions/{sub.external_id}/merge/", {"incident": incident.external_id}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    urls = [s.url for s in incident.sources.order_by("position")]
    assert urls.count("https://example.org/a") == 1 and "https://example.org/b" in urls
    assert incident.title_en == "Journalist obstructed 1"  # the incident's own text is kept
    assert f"Merged submission {sub.external_id}" in incident.internal_notes
    assert incident.category_links.count() == 1
    assert SubmissionOutcome.objects.get(submission=sub).kind == "merged"
    with pytest.raises(ValueError):
        merge_submission(sub, incident, who=SYSTEM)


@pytest.mark.usefixtures("installed")
def test_merge_into_unknown_incident_changes_nothing(users) -> None:
    sub = sample()
    client_for(users["monitor"]).post(
        f"/work/submissions/{sub.external_id}/merge/", {"incident": "nope"}
    )
    assert not SubmissionOutcome.objects.exists()


@pytest.mark.usefixtures("installed")
def test_reject_and_queue_leaves(users) -> None:
    sub = sample()
    reject_submission(sub, note="spam", who=SYSTEM)
    assert not Submission.objects.filter(outcome__isnull=True).exists()
    with pytest.raises(ValueError):
        convert_submission(sub, who=SYSTEM)
