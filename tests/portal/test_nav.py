"""Site navigation: the public header links every public section and marks the current one for
assistive technology; the staff header links the triage models page for editors and admins only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.workspace.helpers import client_for, make_users

SECTIONS = ["/incidents/", "/cases/", "/legislation/", "/events/", "/overviews/", "/statistics/",
            "/map/", "/data/"]  # fmt: skip


def site_nav(page: str) -> str:
    found = re.search(r'<nav class="site" aria-label="[^"]+">(.*?)</nav>', page, re.S)
    assert found is not None, "no labelled site navigation"
    return found.group(1)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_public_nav_links_every_section_and_marks_the_current_one(installed, lang: str) -> None:
    nav = site_nav(Client().get("/cases/", HTTP_ACCEPT_LANGUAGE=lang).content.decode())
    for href in SECTIONS:
        assert f'href="{href}"' in nav
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    assert current == ["/cases/"]
    assert "style=" not in nav and "onclick" not in nav  # CSP: no inline style or handlers


def test_public_nav_marks_nothing_on_the_home_page(installed) -> None:
    assert "aria-current" not in site_nav(Client().get("/").content.decode())


@pytest.mark.parametrize(
    ("role", "shown"),
    [("correspondent", False), ("monitor", False), ("editor", True), ("admin", True)],
)
def test_staff_nav_links_triage_models_for_editors_and_admins(
    installed, role: str, shown: bool
) -> None:
    page = client_for(make_users()[role]).get("/work/submissions/").content.decode()
    assert ('id="nav-triage-models" href="/work/triage/models/"' in page) is shown
