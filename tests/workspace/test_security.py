"""CSRF on every form, user text escaped on every page, safe Markdown, secure settings."""

from __future__ import annotations

import importlib
import re

import pytest
from django.test import Client

from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from tests.workspace.helpers import SYSTEM, client_for, make_incident

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg/onload=alert(2)>'


@pytest.mark.usefixtures("installed")
def test_user_text_is_escaped_everywhere(users) -> None:
    make_incident(
        1,
        title={"en": XSS, "ru": XSS},
        summary={"en": XSS + "\n\n[x](javascript:alert(3))", "kk": XSS},
        settlement=XSS,
        tags=[XSS[:80]],
        internal_notes=XSS,
    )
    sub = submit(
        SubmissionInput(
            channel="public", what_happened=XSS, affected=XSS, acted=XSS, settlement=XSS
        ),
        ReporterInput(name=XSS, email=XSS, phone=XSS[:60]),
        who=SYSTEM,
    )
    client = client_for(users["admin"])
    client.post("/work/incidents/inc-t1/comments/", {"text": XSS})
    pages = [
        "/work/",
        "/work/?tab=draft",
        "/work/incidents/",
        "/work/incidents/inc-t1/",
        "/work/incidents/inc-t1/edit/",
        "/work/history/incident/inc-t1/",
        f"/work/submissions/{sub.external_id}/",
        "/work/submissions/",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "<svg/onload" not in body, url
        assert 'href="javascript' not in body.lower(), url


@pytest.mark.usefixtures("installed")
def test_every_post_form_carries_a_csrf_token(users) -> None:
    make_incident(1)
    client = client_for(users["admin"])
    sub = submit(SubmissionInput(channel="public", what_happened="x"), ReporterInput(), who=SYSTEM)
    for url in [
        "/work/",
        "/work/incidents/inc-t1/",
        "/work/incidents/inc-t1/edit/",
        "/work/cases/new/",
        f"/work/submissions/{sub.external_id}/",
        "/work/submissions/new/",
        "/accounts/two-factor/",
        "/accounts/password/change/",
    ]:
        body = client.get(url).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", body, re.S | re.I)
        assert forms or url == "/work/", url
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, url
        assert 'hx-headers=\'{"X-CSRFToken": "' in body  # htmx requests carry the token


@pytest.mark.usefixtures("installed")
def test_posts_without_token_are_refused(users) -> None:
    make_incident(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    for url, data in [
        ("/work/incidents/inc-t1/status/", {"target": "under_review"}),
        ("/work/incidents/inc-t1/comments/", {"text": "hi"}),
        ("/work/assign/incident/inc-t1/", {"user": "me"}),
        ("/accounts/logout/", {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert (
        Client(enforce_csrf_checks=True)
        .post("/accounts/login/", {"username": "demo-editor"})
        .status_code
        == 403
    )


def test_secure_settings_when_not_in_debug(monkeypatch) -> None:
    import speechwatch.settings as s

    monkeypatch.setenv("SPEECHWATCH_DEBUG", "false")
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "31536000")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "true")
    fresh = importlib.reload(s)
    try:
        assert fresh.SESSION_COOKIE_SECURE and fresh.CSRF_COOKIE_SECURE
        assert fresh.SESSION_COOKIE_HTTPONLY and fresh.X_FRAME_OPTIONS == "DENY"
        assert fresh.SECURE_HSTS_SECONDS == 31536000
        assert fresh.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert "*" not in fresh.ALLOWED_HOSTS
        assert fresh.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    finally:
        monkeypatch.undo()
        importlib.reload(s)


@pytest.mark.usefixtures("installed")
def test_staff_pages_are_not_framed_or_indexed(users) -> None:
    response = client_for(users["monitor"]).get("/work/")
    assert response["X-Frame-Options"] == "DENY"
    assert 'name="robots" content="noindex"' in response.content.decode()
