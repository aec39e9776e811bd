"""Stored URLs become links only when they are http(s): an old or imported `javascript:` or
`data:` source shows as plain text on the public and the staff pages, and the editor refuses it."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.actions import change_status
from speechwatch.incidents.models import Incident, Source
from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from speechwatch.intake.models import Submission
from speechwatch.workspace.forms import UnsafeScheme, source_url
from tests.workspace.helpers import SYSTEM, client_for, make_incident
from tests.workspace.test_editor import BASE

BAD = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/work/",
    "ftp://example.org/file",
]


def render(source: str, **context: object) -> str:
    return Template("{% load links %}" + source).render(Context(context))


@pytest.mark.parametrize("url", BAD)
def test_link_tag_renders_unsafe_urls_as_text(url: str) -> None:
    html = render("{% link url title %}", url=url, title="")
    assert "<a" not in html and "href" not in html
    assert render("{{ url|safe_url }}", url=url) == ""


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        (
            "https://example.org/a?b=1&c=2",
            "",
            '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">'
            "https://example.org/a?b=1&amp;c=2</a>",
        ),
        (
            "http://example.org/x",
            "<b>News</b>",
            '<a href="http://example.org/x" rel="nofollow noopener noreferrer">'
            "&lt;b&gt;News&lt;/b&gt;</a>",
        ),
        ('https://example.org/"onmouseover=alert(1)', "t", None),  # a quote cannot break out
        ("javascript:alert(1)", "Title", "Title"),
        ("", "Title", "Title"),
        (None, "", ""),
    ],
)
def test_link_tag_table(url: object, title: str, expected: str | None) -> None:
    html = render("{% link url title %}", url=url, title=title)
    if expected is None:
        assert 'href="https://example.org/&quot;onmouseover=alert(1)"' in html
    else:
        assert html == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/"])
def test_source_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(UnsafeScheme):
        source_url(url)


def test_source_url_accepts_web_addresses() -> None:
    assert source_url("") == ""
    assert source_url("https://example.org/a") == "https://example.org/a"
    assert source_url("example.org/a") == "https://example.org/a"


def _published_with_sources(urls: list[str]) -> Incident:
    incident = make_incident(1)
    # Old rows (or a lenient import) may hold anything: write them as the model stores them.
    for position, url in enumerate(urls, start=1):
        Source.objects.create(incident=incident, kind="url", url=url, position=position)
    for status in ("under_review", "verified", "published"):
        change_status(incident, status, who=SYSTEM)
    return incident


@pytest.mark.usefixtures("installed")
def test_public_and_staff_pages_do_not_link_unsafe_urls(users) -> None:
    _published_with_sources(["javascript:alert(1)", "data:text/html,<script>alert(2)</script>"])
    public = client_for(None).get("/incidents/inc-t1/")
    staff = client_for(users["editor"]).get("/work/incidents/inc-t1/")
    for response in (public, staff):
        assert response.status_code == 200
        body = response.content.decode()
        assert 'href="javascript:' not in body.lower()
        assert 'href="data:' not in body.lower()
        assert "javascript:alert(1)" in body  # still shown, as text
        assert 'href="https://example.org/news/1"' in body  # the safe source stays a link


@pytest.mark.usefixtures("installed")
def test_submission_page_does_not_link_unsafe_urls(users) -> None:
    sub = submit(
        SubmissionInput(channel="public", what_happened="A reporter was stopped."),
        ReporterInput(),
        who=SYSTEM,
    )
    Submission.objects.filter(pk=sub.pk).update(
        links=["javascript:alert(1)", "https://example.org/ok"]
    )
    body = client_for(users["editor"]).get(f"/work/submissions/{sub.external_id}/")
    text = body.content.decode()
    assert body.status_code == 200
    assert 'href="javascript:' not in text
    assert "javascript:alert(1)" in text
    assert 'href="https://example.org/ok"' in text


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("ftp://example.org/f", "ftp"),
    ],
)
def test_editor_refuses_unsafe_source_urls(users, url: str, scheme: str) -> None:
    make_incident(1)
    response = client_for(users["monitor"]).post(
        "/work/incidents/inc-t1/edit/", {**BASE, "source-0-url": url}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Source 1: only http:// and https:// links are allowed, not {scheme}:" in body, body[
        :2000
    ]
    assert list(Source.objects.values_list("url", flat=True)) == ["https://example.org/news/1"]
    assert not AuditEvent.objects.filter(action="incident.update").exists()
