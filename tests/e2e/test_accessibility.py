"""Accessibility of every public page template, in a real browser (headless Chromium):

- axe-core (the npm package, never a CDN copy: `.ci/run` installs it; SPEECHWATCH_AXE_JS or
  .ci/node/node_modules/axe-core/axe.min.js) finds no serious or critical violation on any page
  in Kazakh, Russian and English;
- the keyboard reaches every link and control of each page with Tab, and the focused element
  shows a visible focus indicator (checked once per page: the markup is the same in every
  language).

One browser and one context per language; data from the demo import and two published versions
of April 2024. Skipped like test_browser_workflow.py without Chromium/playwright; in CI a missing
axe-core fails instead of skipping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from tests.e2e.test_browser_workflow import CHROMIUM

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get("SPEECHWATCH_AXE_JS")
    or ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="the playwright package is not installed"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
    pytest.mark.skipif(
        not AXE.exists() and not IN_CI,
        reason=f"axe-core is missing at {AXE} (npm install --prefix .ci/node axe-core@4)",
    ),
    pytest.mark.django_db(transaction=True),
]

LANGS = ("kk", "ru", "en")
SERIOUS = ("serious", "critical")
# Pages by URL name (arguments filled from the data); a name not routed (yet) is left out.
PAGES: list[tuple[str, tuple[str, ...], str]] = [
    ("home", (), ""),
    ("incidents", (), ""),
    ("incident", ("{incident}",), ""),
    ("statistics", (), ""),
    ("map", (), ""),
    ("cases", (), ""),
    ("case", ("{case}",), ""),
    ("legislation", (), ""),
    ("events", (), ""),
    ("overviews", (), ""),
    ("overview_month", ("2024-04",), ""),
    ("overview_version", ("2024-04", "1"), ""),
    ("opendata", (), ""),
    ("incidents", (), "date_from=2024-02-30"),  # the 400 page
    ("report:form", (), ""),
]
# The overview itself (the framed rendition, its own document).
RENDITION = "/overviews/2024-04/v2/{lang}.html"

RUN_AXE = """async () => {
  const result = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""

# Every element the Tab key should reach, tagged with its position.
# Not <iframe>: the sandboxed overview frame is a tab stop only once its document has loaded
# focusable content, which races the key presses; that document is checked on its own above.
TAG_FOCUSABLE = """() => {
  const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), '
    + 'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  const found = [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && e.tabIndex >= 0;
  });
  found.forEach((e, i) => e.setAttribute("data-a11y", String(i)));
  return found.map(e => e.outerHTML.slice(0, 80));
}"""

# An <iframe> that is the active element has passed focus into its own (sandboxed, opaque)
# document: the focus ring is drawn there by the browser (the overview's style sheet never
# removes outlines), so it counts as visible.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const visible = e.tagName === "IFRAME"
    || (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
    || s.boxShadow !== "none";
  return {idx: e.getAttribute("data-a11y"), visible: visible, html: e.outerHTML.slice(0, 80)};
}"""


@pytest.fixture
def site(transactional_db) -> dict[str, str]:
    from speechwatch.audit.record import Who
    from speechwatch.cases.models import Case
    from speechwatch.core.setup import install_defaults
    from speechwatch.demo.loader import load_demo
    from speechwatch.reports.actions import publish

    install_defaults()
    load_demo()
    who = Who(label="test editor")
    publish("2024-04", who=who, langs=["kk", "ru", "en"])
    publish("2024-04", who=who, langs=["kk", "ru", "en"], note="Corrected figures.")
    case = Case.objects.filter(published=True, incident_links__isnull=False).first()
    assert case is not None
    incident = case.incident_links.filter(incident__status="published").first()
    assert incident is not None
    return {"case": case.external_id, "incident": incident.incident.external_id}


def page_paths(ids: dict[str, str]) -> list[str]:
    paths = []
    for name, args, query in PAGES:
        try:
            path = reverse(name, args=[a.format(**ids) for a in args])
        except NoReverseMatch:
            continue
        paths.append(path + (f"?{query}" if query else ""))
    return paths


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    page.evaluate(axe_source)  # evaluated by the browser itself: no CSP exception needed
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)

    return [v for v in found if v["impact"] in SERIOUS]


def keyboard_problems(page: Page) -> list[str]:
    expected = page.evaluate(TAG_FOCUSABLE)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    reached: set[str] = set()
    order: list[str] = []
    problems = []
    # Tab until focus comes back round to the first element reached (or enough presses for
    # every element twice, in case focus leaves the page at the end and comes back).
    for _ in range(2 * len(expected) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["idx"] is None:
            continue
        if order and focused["idx"] == order[0]:
            break
        if focused["idx"] not in reached and not focused["visible"]:
            problems.append(f"no visible focus: {focused['html']}")
        reached.add(focused["idx"])
        order.append(focused["idx"])
    missing = [html for i, html in enumerate(expected) if str(i) not in reached]
    return problems + [f"not reachable by Tab: {html}" for html in missing]


def test_public_pages_pass_axe_and_the_keyboard(site, live_server, browser) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: .ci/run installs it")
    axe_source = AXE.read_text(encoding="utf-8")
    paths = page_paths(site)
    failures: list[str] = []
    for lang in LANGS:
        context = browser.new_context(
            locale={"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}[lang],
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        # The rendition's own policy sandboxes it (no script runs there, axe neither): its
        # markup is checked as a document of its own.
        rendition = page.request.get(live_server.url + RENDITION.format(lang=lang))
        assert rendition.ok
        page.set_content(rendition.text())
        for v in axe_violations(page, axe_source):
            failures.append(f"{lang} overview rendition: {v['impact']} {v['id']} {v['nodes']}")
        for path in paths:
            url = live_server.url + with_lang(path, lang)
            response = page.goto(url)
            assert response is not None and response.status in (200, 400), url
            assert page.locator("html").get_attribute("lang") == lang, url
            for v in axe_violations(page, axe_source):
                failures.append(
                    f"{lang} {path}: {v['impact']} {v['id']} ({v['help']}) {v['nodes']}"
                )
            if lang == "en":
                failures += [f"{path}: {p}" for p in keyboard_problems(page)]
        context.close()
    assert failures == [], "\n".join(failures)
