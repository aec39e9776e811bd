"""End to end in a real browser (headless Chromium via Playwright), in the Russian interface:
a correspondent reports → a monitor turns the report into an incident, classifies and verifies
it → an editor publishes it and publishes the month's overview, which then contains it.

Screenshots of every step go to test-artifacts/e2e/. Skipped (with the reason) when the
playwright package or /usr/bin/chromium is missing; CI installs both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PASSWORD = "correct horse battery"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WHAT = (
    "Корреспонденту «Уральской недели» не дали снимать заседание маслихата.\n"
    "Охранник выставил журналиста из зала и потребовал удалить записи."
)

pytestmark = [
    pytest.mark.skipif(
        sync_playwright is None,
        reason="the playwright Python package is not installed (pip install playwright)",
    ),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def team(transactional_db) -> dict[str, Any]:
    from speechwatch.core.setup import install_defaults
    from speechwatch.workspace.actions import create_demo_users

    install_defaults()
    return {u.username.removeprefix("demo-"): u for u in create_demo_users(password=PASSWORD)}


class Step:
    """Numbered screenshots, so the artefacts read as the story of the test."""

    def __init__(self) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def shot(self, page: Page, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(ARTIFACTS / f"{self.n:02d}-{name}.png"), full_page=True)


def sign_in(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    expect(page.locator("#current-user")).to_have_text(username)
    return page


def test_report_to_published_overview(browser: Browser, live_server, team) -> None:
    from speechwatch.incidents.models import Incident
    from speechwatch.intake.models import Submission
    from speechwatch.reports.models import ReportVersion

    base = live_server.url
    step = Step()

    # 1. The correspondent sends a report through their form.
    page = sign_in(browser, base, "demo-correspondent")
    expect(page.locator("#nav-submit")).to_have_text("Новое сообщение")
    page.click("#nav-submit")
    expect(page.locator("h1")).to_contain_text("Новое сообщение")
    page.fill("#id_what_happened", WHAT)
    page.select_option("#id_region", "almaty")
    page.fill("#id_settlement", "Алматы")
    page.fill("#id_affected", "Корреспондент «Уральской недели»")
    page.fill("#id_acted", "Охрана маслихата")
    page.fill("#id_links", "https://example.org/news/maslikhat-1")
    step.shot(page, "correspondent-form")
    page.click("#submission-submit")
    expect(page.locator("#submission-id")).to_be_visible()
    step.shot(page, "correspondent-sent")
    submission = Submission.objects.get()
    page.context.close()

    # 2. A monitor finds it in the queue and turns it into a draft incident.
    page = sign_in(browser, base, "demo-monitor")
    expect(page.locator("#tab-submissions")).to_contain_text("Новые сообщения")
    page.click("#tab-submissions")
    page.click(f"#row-{submission.external_id} a")
    step.shot(page, "monitor-submission")
    page.click("#convert")
    page.wait_for_url(re.compile(r"/work/incidents/.+/edit/$"))
    incident = Incident.objects.get()
    assert incident.status == "draft"

    # Classify: category, primary category, a Russian title; the link became a source.
    page.check('[id="cat-R.obstruction"]')
    page.check('input[name="primary_category"][value="R.obstruction"]')
    page.fill("#id_title_ru", "Журналиста выставили с заседания маслихата")
    step.shot(page, "monitor-editor")
    page.click("#save")
    page.wait_for_url(re.compile(rf"/work/incidents/{incident.external_id}/$"))
    expect(page.locator("#messages")).to_contain_text("Сохранено.")

    # Verify it.
    page.click("#status-under_review")
    expect(page.locator("#incident-status")).to_have_text("на проверке")
    page.click("#status-verified")
    expect(page.locator("#incident-status")).to_have_text("проверено")
    expect(page.locator("#status-published")).to_have_count(0)  # monitors do not publish
    step.shot(page, "monitor-verified")
    page.context.close()

    # 3. An editor publishes the incident ...
    page = sign_in(browser, base, "demo-editor")
    page.goto(f"{base}/work/incidents/{incident.external_id}/")
    page.click("#status-published")
    expect(page.locator("#incident-status")).to_have_text("опубликовано")
    step.shot(page, "editor-published-incident")

    # ... lists it in the month's overview (htmx save refreshes the preview) ...
    month = f"{timezone.localdate(submission.created_at):%Y-%m}"
    page.click("#nav-reports")
    expect(page.locator("h1")).to_have_text("Ежемесячные обзоры")
    page.fill("#id_month", month)
    page.click("#month-open")
    expect(page.locator("#report-title")).to_contain_text("Обзор:")
    page.click("#preview-lang-ru")
    page.check(f'[id="also-{incident.external_id}"]')
    page.click("#save-overrides")
    expect(page.locator("#report-form-saved")).to_be_visible()
    preview = page.frame_locator("#preview-frame")
    expect(preview.locator("body")).to_contain_text("Охранник выставил журналиста")
    step.shot(page, "editor-overview-draft")

    # ... and publishes the overview.
    page.click("#publish-report")
    expect(page.locator("#version-1")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Опубликована версия 1.")
    step.shot(page, "editor-overview-published")
    version = ReportVersion.objects.get()
    assert version.user == team["editor"]

    # The published version contains the incident (and the public page shows it).
    page.goto(f"{base}/work/reports/{month}/preview/ru/?version=1")
    expect(page.locator("body")).to_contain_text("Охранник выставил журналиста")
    step.shot(page, "published-overview")
    rendition = version.renditions.get(lang="ru")
    assert "Охранник выставил журналиста" in rendition.markdown
    page.goto(f"{base}/incidents/{incident.external_id}/")
    expect(page.locator("h1")).to_contain_text("Журналиста выставили с заседания маслихата")
    step.shot(page, "portal-incident")
    page.context.close()
