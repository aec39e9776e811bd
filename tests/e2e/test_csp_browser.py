"""The Content-Security-Policy breaks nothing we use, in a real browser (headless Chromium): the
portal, an incident, the API docs (Swagger UI from our own static files), sign-in and the staff
pages (queue, incident, editor with its htmx searches, report workspace with its framed preview,
two-factor set-up) run without one "Refused to …" console message or `securitypolicyviolation`
event. One browser, one test. Skipped like test_browser_workflow.py without Chromium/playwright.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_browser_workflow import CHROMIUM, PASSWORD

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="the playwright package is not installed"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
    pytest.mark.django_db(transaction=True),
]

# Runs in every document (and frame) before the page's own scripts; Playwright injects it
# outside the page's policy.
WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspReport && window.__cspReport(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def site(transactional_db) -> dict[str, Any]:
    from speechwatch.core.setup import install_defaults
    from speechwatch.incidents.actions import change_status
    from speechwatch.workspace.actions import create_demo_users
    from tests.workspace.helpers import SYSTEM, make_incident

    install_defaults()
    users = {u.username: u for u in create_demo_users(password=PASSWORD)}
    incident = make_incident(1)
    for status in ("under_review", "verified", "published"):
        change_status(incident, status, who=SYSTEM)
    return users


def watched(browser: Browser, violations: list[str]) -> Page:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.expose_binding("__cspReport", lambda source, text: violations.append(text))
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(20_000)

    def console(msg: Any) -> None:
        if "Refused to" in msg.text or "Content Security Policy" in msg.text:
            violations.append(msg.text)

    page.on("console", console)
    return page


def test_no_csp_violations(browser: Browser, live_server, site) -> None:
    base = live_server.url
    violations: list[str] = []
    page = watched(browser, violations)

    # Public: the incident list (its language switcher submits on change), an incident, API docs.
    page.goto(f"{base}/")
    page.select_option("select[name=language]", "ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/incidents/inc-t1/")
    expect(page.locator("h1")).to_contain_text("Journalist obstructed 1")
    page.goto(f"{base}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SpeechWatch public API")
    page.locator(".opblock-summary").first.click()  # an operation opens (React renders it)
    expect(page.locator(".opblock-body").first).to_be_visible()

    # Staff, as an editor.
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "demo-editor")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#current-user")).to_have_text("demo-editor")
    page.goto(f"{base}/work/")
    page.goto(f"{base}/work/incidents/inc-t1/")
    expect(page.locator("#sources a[href='https://example.org/news/1']")).to_have_count(1)
    page.goto(f"{base}/work/incidents/inc-t1/edit/")
    page.locator("#category-search").press_sequentially("R.obstr")  # htmx sends `q` (workspace.js)
    expect(page.locator("#category-results-list")).to_contain_text("R.obstruction")
    page.locator("#legal-q").press_sequentially("274 УК")
    expect(page.locator("#legal-normal")).to_contain_text("274")
    page.goto(f"{base}/work/reports/2024-04/")
    preview = page.frame_locator("#preview-frame")
    expect(preview.locator("body")).to_contain_text("2024")
    page.click("#preview-lang-ru")  # htmx swaps the preview tab and its frame
    expect(page.locator("#preview-lang-ru")).to_have_attribute("aria-current", "page")
    expect(page.frame_locator("#preview-frame").locator("body")).to_contain_text("2024")
    page.goto(f"{base}/accounts/two-factor/")
    page.click("#two-factor-on")
    expect(page.locator("#totp-secret")).not_to_be_empty()
    expect(page.locator("#totp-uri")).to_contain_text("otpauth://")
    page.wait_for_timeout(300)  # late reports (fonts, images) arrive after load

    assert violations == []
