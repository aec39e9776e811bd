"""The anonymous public report form: stored raw, honeypot, rate limit, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from speechwatch.audit.models import AuditEvent
from speechwatch.intake.models import Reporter, Submission

FORM = {
    "what_happened": "Police took a reporter's camera at the rally.",
    "occurred_month": "2024-04",
    "region": "almaty",
    "settlement": "Kaskelen",
    "affected": "Reporter of a local outlet",
    "acted": "District police",
    "links": "https://example.org/news/1\nhttps://example.org/video/2",
    "name": "Aigerim",
    "phone": "+7 700 000 00 00",
}


@pytest.mark.usefixtures("installed")
def test_public_report_is_stored_as_received() -> None:
    response = Client().post("/report/", FORM)
    assert response.status_code == 302 and response["Location"] == "/report/thanks/"
    submission = Submission.objects.get()
    assert submission.channel == "public"
    assert submission.what_happened == FORM["what_happened"]
    assert submission.occurred_on is not None and submission.occurred_on.isoformat() == "2024-04-01"
    assert submission.occurred_precision == "month"
    assert submission.region is not None and submission.region.code == "almaty"
    assert submission.links == ["https://example.org/news/1", "https://example.org/video/2"]
    reporter = Reporter.objects.get(submission=submission)
    assert reporter.user is None and reporter.name == "Aigerim"
    event = AuditEvent.objects.get(action="submission.create")
    # The audit log never carries the reporter's identity.
    assert "Aigerim" not in str(event.after) and "+7 700" not in str(event.after)


@pytest.mark.usefixtures("installed")
def test_exact_date_wins_over_month_and_bad_input_is_named() -> None:
    client = Client()
    client.post("/report/", {**FORM, "occurred_day": "2024-04-06"})
    assert Submission.objects.get().occurred_precision == "day"
    response = client.post(
        "/report/", {**FORM, "links": "javascript:alert(1)", "occurred_month": "April"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 1 is not a web address" in body
    assert "YYYY-MM" in body
    assert Submission.objects.count() == 1


@pytest.mark.usefixtures("installed")
def test_honeypot_pretends_success_and_stores_nothing() -> None:
    response = Client().post("/report/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == "/report/thanks/"
    assert Submission.objects.count() == 0


@pytest.mark.usefixtures("installed")
def test_rate_limited_per_address(settings) -> None:
    settings.INTAKE_PUBLIC_LIMIT = 3
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        assert client.post("/report/", FORM).status_code == 302
    blocked = client.post("/report/", FORM)
    assert blocked.status_code == 429
    assert Submission.objects.count() == 3
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.0.0.2").post("/report/", FORM).status_code == 302


@pytest.mark.usefixtures("installed")
def test_csrf_is_enforced() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/report/", FORM).status_code == 403
    page = client.get("/report/")
    token = page.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post("/report/", {**FORM, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)


@pytest.mark.usefixtures("installed")
def test_form_is_mobile_friendly_and_labelled() -> None:
    body = Client().get("/report/").content.decode()
    assert 'name="viewport"' in body
    for name in (
        "what_happened",
        "occurred_day",
        "occurred_month",
        "region",
        "settlement",
        "affected",
        "acted",
        "links",
        "attachments",
    ):
        assert f'for="id_{name}"' in body and f'id="id_{name}"' in body
    assert 'type="date"' in body and 'type="month"' in body
    assert 'enctype="multipart/form-data"' in body
