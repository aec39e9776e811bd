"""Lost updates: a save read at an old version is refused (409) with both versions side by side,
the typed values kept, and a deliberate second save overwrites. Real database, real actions."""

from __future__ import annotations

from typing import Any

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.actions import change_status
from speechwatch.incidents.models import Incident
from tests.workspace.helpers import SYSTEM, client_for, make_incident

EDIT = "/work/incidents/inc-t1/edit/"


def form(title: str, version: int | str, **extra: Any) -> dict[str, Any]:
    """What the editor posts for make_incident(1) with a new English title."""
    return {
        "recorded_on": "2024-04-02",
        "occurred_precision": "unknown",
        "region": "almaty",
        "title_en": title,
        "title_ru": "Журналисту помешали 1",
        "summary_en": "A reporter was stopped at the akimat.",
        "categories": ["R.obstruction"],
        "primary_category": "R.obstruction",
        "source-0-kind": "url",
        "source-0-url": "https://example.org/news/1",
        "internal_notes": "secret internal note about the case",
        "version": str(version),
        "save": "1",
        **extra,
    }


def opened_version(client: Any) -> int:
    page = client.get(EDIT)
    assert page.status_code == 200
    assert 'name="version" value="' in page.content.decode()
    return int(page.context["version"])


@pytest.mark.usefixtures("installed")
def test_stale_save_after_a_take_over_is_refused_and_shows_both(users) -> None:
    make_incident(1)
    a, b = client_for(users["monitor"]), client_for(users["admin"])
    seen = opened_version(a)  # A opens the editor (and holds the lock)
    assert b.post(EDIT, {"take_over": "1"}).status_code == 302  # B takes the lock over
    assert b.post(EDIT, form("B's careful title", opened_version(b))).status_code == 302
    stale = a.post(EDIT, form("A's stale title", seen))
    assert stale.status_code == 409
    assert Incident.objects.get().title_en == "B's careful title"  # B's save kept
    body = stale.content.decode()
    assert 'id="conflict"' in body
    assert "B&#x27;s careful title" in body and "A&#x27;s stale title" in body
    assert 'class="conflict-differs" data-field="title_en"' in body
    assert 'class="conflict-same" data-field="region"' in body
    assert 'style="' not in body.split('id="conflict"')[1].split("</section>")[0]  # CSP: no inline
    # The form is re-shown with A's typed values and the NEW version.
    assert stale.context["form"]["title_en"].value() == "A's stale title"
    assert stale.context["version"] == seen + 1
    assert f'name="version" value="{seen + 1}"' in body
    assert not AuditEvent.objects.filter(action="incident.update", user=users["monitor"]).exists()
    # Submitting the reviewed form again deliberately overwrites.
    again = a.post(EDIT, form("A's merged title", stale.context["version"]))
    assert again.status_code == 302
    incident = Incident.objects.get()
    assert incident.title_en == "A's merged title" and incident.version == seen + 2


@pytest.mark.usefixtures("installed")
def test_two_tabs_of_the_same_user(users) -> None:
    make_incident(1)
    client = client_for(users["editor"])
    tab1, tab2 = opened_version(client), opened_version(client)
    assert client.post(EDIT, form("first tab", tab1)).status_code == 302
    second = client.post(EDIT, form("second tab", tab2))
    assert second.status_code == 409
    assert Incident.objects.get().title_en == "first tab"


@pytest.mark.usefixtures("installed")
def test_every_write_moves_the_version(users) -> None:
    incident = make_incident(1)
    assert incident.version == 1
    change_status(incident, "under_review", who=SYSTEM)
    assert Incident.objects.get().version == 2
    client = client_for(users["editor"])
    seen = opened_version(client)
    assert seen == 2
    # A workflow move since the page was read makes the save stale as well.
    change_status(incident, "draft", who=SYSTEM)
    assert client.post(EDIT, form("late", seen)).status_code == 409


@pytest.mark.usefixtures("installed")
def test_status_move_from_a_stale_page(users) -> None:
    make_incident(1)
    client = client_for(users["editor"])
    page = client.get("/work/incidents/inc-t1/").content.decode()
    assert 'name="version" value="1"' in page
    client.post(EDIT, form("changed meanwhile", opened_version(client)))
    moved = client.post(
        "/work/incidents/inc-t1/status/", {"target": "under_review", "version": "1"}
    )
    assert moved.status_code == 409 and 'id="conflict"' in moved.content.decode()
    assert Incident.objects.get().status == "draft"
    ok = client.post("/work/incidents/inc-t1/status/", {"target": "under_review", "version": "2"})
    assert ok.status_code == 302 and Incident.objects.get().status == "under_review"


@pytest.mark.usefixtures("installed")
def test_bad_version_is_named_and_changes_nothing(users) -> None:
    make_incident(1)
    client = client_for(users["editor"])
    response = client.post(EDIT, form("x", "two"))
    assert response.status_code == 400 and "version: expected a positive whole number" in (
        response.content.decode()
    )
    assert Incident.objects.get().title_en == "Journalist obstructed 1"
    bad = client.post("/work/incidents/inc-t1/status/", {"target": "under_review", "version": "-1"})
    assert bad.status_code == 400


# --- cases ------------------------------------------------------------------------------------


@pytest.fixture
def case(installed):
    from speechwatch.actors.actions import create_actor
    from speechwatch.cases.actions import create_case

    create_actor(
        name="Radio", kind="organisation", type="media_outlet", external_id="a-radio", who=SYSTEM
    )
    return create_case(
        kind="civil", title={"en": "Akimat v. Radio"}, external_id="case-1", who=SYSTEM
    )


def test_case_defendant_status_from_a_stale_page(users, case) -> None:
    from speechwatch.cases.models import Case, CaseDefendant

    a, b = client_for(users["editor"]), client_for(users["admin"])
    page = a.get("/work/cases/case-1/")
    seen = page.context["version"]
    assert seen == 1 and page.content.decode().count('name="version" value="1"') == 4
    url = "/work/cases/case-1/defendant/"
    post = {"actor": "a-radio", "status": "charged", "status_on": "2024-04-02"}
    assert b.post(url, {**post, "version": str(seen)}).status_code == 302
    stale = a.post(url, {**post, "status": "acquitted", "version": str(seen)})
    assert stale.status_code == 409
    assert CaseDefendant.objects.get().status == "charged"  # theirs kept
    body = stale.content.decode()
    assert 'class="conflict-differs" data-field="defendant a-radio"' in body
    assert "acquitted 2024-04-02" in body and "charged 2024-04-02" in body
    assert stale.context["defendant_form"]["status"].value() == "acquitted"
    assert stale.context["version"] == seen + 1
    again = a.post(url, {**post, "status": "acquitted", "version": str(seen + 1)})
    assert again.status_code == 302 and CaseDefendant.objects.get().status == "acquitted"
    assert Case.objects.get().version == seen + 2


def test_case_publish_and_stage_carry_the_version(users, case) -> None:
    from speechwatch.cases.models import Case

    editor = client_for(users["editor"])
    assert (
        editor.post("/work/cases/case-1/publish/", {"published": "1", "version": "1"}).status_code
        == 302
    )
    # Unpublishing from the page read before it was published is refused.
    stale = editor.post("/work/cases/case-1/publish/", {"published": "0", "version": "1"})
    assert stale.status_code == 409 and Case.objects.get().published
    stage = {"stage": "first_instance", "date": "2024-05-02", "version": "1"}
    refused = editor.post("/work/cases/case-1/stage/", stage)
    assert refused.status_code == 409 and not Case.objects.get().stages.exists()
    assert refused.context["stage_form"]["stage"].value() == "first_instance"
    assert editor.post("/work/cases/case-1/stage/", {**stage, "version": "2"}).status_code == 302
    assert Case.objects.get().version == 3


# --- report overrides -------------------------------------------------------------------------

REPORT = "/work/reports/2024-04/overrides/"


def test_report_overrides_from_a_stale_form(users) -> None:
    from speechwatch.reports.queries import get_overrides

    make_incident(1)
    make_incident(2)
    a, b = client_for(users["editor"]), client_for(users["admin"])
    seen = a.get("/work/reports/2024-04/").context["version"]
    assert seen == 1
    texts = {"text-keys": ["intro"], "featured-mode": "auto"}
    assert (
        b.post(REPORT, {**texts, "text-intro-en": "Their intro.", "version": "1"}).status_code
        == 302
    )
    stale = a.post(
        REPORT, {**texts, "text-intro-en": "My intro.", "also": ["inc-t1"], "version": "1"}
    )
    assert stale.status_code == 409
    assert get_overrides("2024-04") == {"text": {"intro": {"en": "Their intro."}}}
    body = stale.content.decode()
    assert 'class="conflict-differs" data-field="text.intro.en"' in body
    assert 'class="conflict-differs" data-field="also"' in body
    assert "My intro." in body and "Their intro." in body
    assert 'name="version" value="2"' in body
    # htmx save: the form partial with the conflict, swapped in place (409 is swapped).
    partial = a.post(
        REPORT,
        {**texts, "text-intro-en": "My intro.", "version": "1"},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 409 and 'id="conflict"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    again = a.post(REPORT, {**texts, "text-intro-en": "Merged intro.", "version": "2"})
    assert again.status_code == 302
    assert get_overrides("2024-04")["text"]["intro"]["en"] == "Merged intro."


# --- submissions ------------------------------------------------------------------------------


def test_submission_decisions_and_assignment_carry_the_version(users) -> None:
    from speechwatch.intake.models import Submission, SubmissionOutcome
    from tests.intake.test_convert_merge import sample

    sub = sample()
    a, b = client_for(users["monitor"]), client_for(users["editor"])
    url = f"/work/submissions/{sub.external_id}/"
    seen = a.get(url).context["version"]
    assert seen == 1
    # B takes it (assignment is part of the submission's staff state) ...
    assert (
        b.post(
            f"/work/assign/submission/{sub.external_id}/", {"user": "me", "version": "1"}
        ).status_code
        == 302
    )
    # ... so A's decision, taken on the page read before, is refused with both shown.
    stale = a.post(f"{url}reject/", {"note": "Not about speech", "version": str(seen)})
    assert stale.status_code == 409
    assert not SubmissionOutcome.objects.exists()
    body = stale.content.decode()
    assert 'class="conflict-differs" data-field="assigned to"' in body and "demo-editor" in body
    assert 'value="Not about speech"' in body and 'name="version" value="2"' in body
    # Taking it over from B on the stale page is refused too.
    assert (
        a.post(
            f"/work/assign/submission/{sub.external_id}/", {"user": "me", "version": "1"}
        ).status_code
        == 409
    )
    assert a.post(f"{url}reject/", {"note": "Not about speech", "version": "2"}).status_code == 302
    assert SubmissionOutcome.objects.get().note == "Not about speech"
    assert Submission.objects.get().version == 3


def test_merge_moves_the_incident_version_so_an_open_editor_cannot_drop_it(users) -> None:
    from speechwatch.intake.actions import merge_submission
    from tests.intake.test_convert_merge import sample

    incident = make_incident(1)
    client = client_for(users["editor"])
    seen = opened_version(client)
    merge_submission(sample(), incident, who=SYSTEM)
    stale = client.post(EDIT, form("typed meanwhile", seen))
    assert stale.status_code == 409
    assert 'data-field="sources"' in stale.content.decode()
    assert Incident.objects.get().sources.count() == 4  # the merged links are still there
