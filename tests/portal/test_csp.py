"""Every response carries the Content-Security-Policy, and no page of the site needs more than it
allows: no inline script, event-handler attribute or inline style, and no script, style sheet,
font or image from another origin (the API docs included). A test-client crawl of the public
site and of every staff page an editor can reach by links."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http.response import HttpResponseBase
from django.test import Client

from speechwatch.cases.actions import create_case, link_incident
from speechwatch.incidents.actions import change_status
from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from tests.workspace.helpers import SYSTEM, client_for, make_incident, make_users

PUBLIC_SEEDS = ["/", "/incidents/inc-t1/", "/api/v1/docs", "/accounts/login/", "/report/"]
STAFF_SEEDS = [
    "/work/",
    "/work/reports/2024-04/",
    "/work/incidents/new/",
    "/work/cases/new/",
    "/accounts/password/change/",
    "/accounts/two-factor/",
]
# Followed links stay in the site; downloads of rendered overviews are slow and not pages; one
# month's report workspace (a seed) stands for all, in one language.
SKIP = re.compile(r"^/(static|i18n)/|/download/|/export/|^/work/reports/\d{4}-\d{2}/$|[?&]lang=")
MAX_PAGES = 150
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_REF = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+)""", re.I)


def policy(response: HttpResponseBase) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


class Page(HTMLParser):
    """What a page loads and what it has inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[str] = []  # script src, style sheets, icons, images, frames
        self.inline: list[str] = []  # inline script, handler attributes, style attributes/blocks
        self._script_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in a:
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")
        if "style" in a:
            self.inline.append(f"<{tag} style=…>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "a" and a.get("href", "").lower().lstrip().startswith(("javascript:", "data:")):
            self.inline.append(f"<a href={a['href']}>")
        if tag == "script":
            if a.get("src"):
                self.loads.append(a["src"])
            elif a.get("type", "").lower() != "application/json":  # data, never executed
                self._script_inline = True
        # rel=alternate/canonical name another address of the page (hreflang, feeds): not loads.
        if tag == "link" and a.get("href") and a.get("rel") not in ("alternate", "canonical"):
            self.loads.append(a["href"])
        if tag in ("img", "iframe", "source", "embed") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "iframe" and a.get("src"):
            self.links.append(a["src"])  # the framed page is checked too

    def handle_data(self, data: str) -> None:
        if self._script_inline and data.strip():
            self.inline.append("<script>" + data.strip()[:60])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_inline = False


def check_css(path: str, problems: list[str]) -> None:
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"{path}: not a static file"
    with open(found, encoding="utf-8") as fh:
        text = fh.read()
    for m in CSS_REF.finditer(text):
        ref = m[1] or m[2]
        if EXTERNAL.match(ref) or ref.lower().startswith(("http:", "https:")):
            problems.append(f"{path}: loads {ref}")


def crawl(
    client: Client, seeds: list[str], prefixes: tuple[str, ...]
) -> tuple[dict[str, list[str]], list[str]]:
    """Visit seeds and every same-site link under `prefixes`; return problems per URL and the
    URLs visited."""
    queue, seen = deque(seeds), set(seeds)
    problems: dict[str, list[str]] = {}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited.append(url)
        found: list[str] = []
        # 503 with Retry-After is the open-data "being built" page, a deliberate answer
        assert response.status_code < 500 or response.has_header("Retry-After"), url
        csp = policy(response)
        if not csp:
            found.append("no Content-Security-Policy header")
        script = csp.get("script-src", csp.get("default-src", []))
        if not script or {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script):
            found.append(f"script-src allows {script}")
        is_html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and is_html and not response.streaming:
            page = Page()
            page.feed(response.content.decode())
            own_policy = bool(csp) and csp.get("style-src") != ["'self'"]
            if not own_policy:  # the site-wide policy: nothing inline may be needed
                found += page.inline
            elif set(csp.get("default-src", [])) != {"'none'"}:
                found.append(f"a page-specific policy that is not default-src 'none': {csp}")
            for ref in page.loads:
                if EXTERNAL.match(ref) or ref.lower().startswith(("http:", "https:")):
                    found.append(f"loads {ref} from another origin")
                elif ref.startswith("/static/") and ref.split("?")[0].endswith(".css"):
                    check_css(ref.split("?")[0], found)
            for href in page.links:
                target = urldefrag(unescape(href))[0]
                if target.startswith("?"):
                    target = url.split("?")[0] + target
                if (
                    target.startswith(prefixes)
                    and not target.startswith("//")
                    and not SKIP.search(target)
                    and target not in seen
                ):
                    seen.add(target)
                    queue.append(target)
        if found:
            problems[url] = found
    return problems, visited


@pytest.fixture
def users(installed, settings) -> dict[str, User]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # queue counts are cached by row ids, which a rolled-back test may reuse
    return make_users()


@pytest.fixture
def site(users) -> None:
    published = make_incident(1)
    for status in ("under_review", "verified", "published"):
        change_status(published, status, who=SYSTEM)
    make_incident(2)
    case = create_case(kind="criminal", title={"en": "A case"}, who=SYSTEM, external_id="case-t1")
    link_incident(case, published, who=SYSTEM)
    submit(
        SubmissionInput(channel="public", what_happened="Stopped.", links=["https://a.example/"]),
        ReporterInput(),
        who=SYSTEM,
    )


@pytest.mark.usefixtures("site")
def test_public_pages_keep_to_the_policy() -> None:
    problems, visited = crawl(Client(), PUBLIC_SEEDS, ("/",))
    assert problems == {}
    assert "/api/v1/openapi.json" not in visited  # pages only, yet the crawl went beyond the seeds
    assert len(visited) > len(PUBLIC_SEEDS)


@pytest.mark.usefixtures("site")
def test_staff_pages_keep_to_the_policy(users) -> None:
    client = client_for(users["editor"])
    problems, visited = crawl(client, STAFF_SEEDS, ("/work/", "/accounts/"))
    assert problems == {}
    assert any("/preview/" in page for page in visited)
    for page in ("/work/incidents/inc-t1/", "/work/incidents/inc-t1/edit/", "/work/cases/case-t1/"):
        assert page in visited


@pytest.mark.usefixtures("site")
def test_api_docs_load_only_our_own_files() -> None:
    body = Client().get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in body and "unpkg.com" not in body
    assert re.search(r'<script src="/static/ninja/swagger-ui-bundle\.js', body)


def test_every_response_has_the_policy(installed) -> None:
    for url in ("/", "/api/v1/incidents", "/no-such-page/", "/accounts/login/"):
        csp = policy(Client().get(url))
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"] == ["'self'"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert csp["object-src"] == ["'none'"], url


def test_csrf_failure_page_needs_no_inline_style(installed) -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    page = Page()
    page.feed(response.content.decode())
    assert page.inline == []
    assert "CSRF verification failed" in response.content.decode()
    assert policy(response)["style-src"] == ["'self'"]
