"""The interface in Kazakh and Russian: complete catalogues, compiled .mo files that match the
.po files, every literal UI string in a catalogue, and pages that really render translated."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.workspace.helpers import client_for, make_incident

ROOT = Path(__file__).resolve().parents[2] / "speechwatch"
LOCALE = ROOT / "locale"
LANGS = ("ru", "kk")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]")


def catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
        return read_po(f, locale=lang)


def text(response) -> str:
    """The page with CLDR's (narrow) no-break spaces as plain spaces."""
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ")


def messages(lang: str):
    return [m for m in catalogue(lang) if m.id]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(lang: str) -> None:
    problems = []
    for m in messages(lang):
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(m.id)
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        if any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings):
            problems.append(f"placeholders: {m.id}")
    assert not problems, f"{lang}: untranslated, fuzzy or broken: {problems}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_po(lang: str) -> None:
    """The committed .mo says exactly what the .po says (rerun compilemessages if not)."""
    with (LOCALE / lang / "LC_MESSAGES" / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for m in messages(lang):
        if isinstance(m.id, tuple):
            for n in (1, 2, 5):
                want = m.string[compiled.plural(n)] if hasattr(compiled, "plural") else None
                got = (
                    compiled.npgettext(m.context, m.id[0], m.id[1], n)
                    if m.context
                    else compiled.ngettext(m.id[0], m.id[1], n)
                )
                if want is not None and got != want:
                    stale.append(m.id[0])
        else:
            got = compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)
            if got != m.string:
                stale.append(m.id)
    assert not stale, f"{lang}: django.mo is out of date for {stale[:10]}"


# Literal strings marked in templates and Python; blocktranslate bodies are left to makemessages.
TEMPLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
PY_CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")


def marked_strings() -> set[str]:
    found: set[str] = set()
    for app in ("workspace", "intake", "portal"):
        for path in (ROOT / app).rglob("*"):
            if path.suffix == ".html":
                found |= {m.group(2) for m in TEMPLATE_TAG.finditer(path.read_text())}
            elif path.suffix == ".py" and "migrations" not in path.parts:
                found |= {m.group(2) for m in PY_CALL.finditer(path.read_text())}
    return found


def test_every_marked_string_is_in_the_catalogues() -> None:
    marked = marked_strings()
    assert len(marked) > 200
    for lang in LANGS:
        ids = {m.id for m in messages(lang)}
        missing = sorted(marked - ids)
        assert not missing, f"{lang}: run makemessages; not in the catalogue: {missing[:10]}"


@pytest.mark.django_db
def test_pages_render_in_russian_and_kazakh(users) -> None:
    anonymous = client_for(None)
    login = {
        "ru": anonymous.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode(),
        "kk": anonymous.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="kk").content.decode(),
    }
    assert 'lang="ru"' in login["ru"] and "Войти" in login["ru"]
    assert 'lang="kk"' in login["kk"] and "Кіру" in login["kk"]
    public = anonymous.get("/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Жарияланған оқиғалар" in public

    make_incident(1)
    monitor = client_for(users["monitor"])
    queue = monitor.get("/work/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Очередь на проверку" in queue and "Черновики" in queue
    report = text(monitor.get("/work/reports/2024-04/", HTTP_ACCEPT_LANGUAGE="kk"))
    assert "Шолу: 2024 ж. сәуір" in report and "Жариялау алдындағы тексерістер" in report
    incident = monitor.get("/work/incidents/inc-t1/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Ход работы" in incident and "Зафиксировано (стало известно)" in incident


@pytest.mark.django_db
def test_language_switch_in_the_workspace(users) -> None:
    monitor = client_for(users["monitor"])
    page = monitor.get("/work/").content.decode()
    assert 'id="language-form"' in page and "Review queue" in page
    response = monitor.post("/i18n/setlang/", {"language": "kk", "next": "/work/"})
    assert response.status_code == 302 and response.url == "/work/"
    page = monitor.get("/work/").content.decode()
    assert 'lang="kk"' in page and "Тексеру кезегі" in page


@pytest.mark.django_db
def test_dates_and_numbers_are_localised(users) -> None:
    monitor = client_for(users["monitor"])
    make_incident(1)
    ru = text(monitor.get("/work/incidents/inc-t1/", HTTP_ACCEPT_LANGUAGE="ru"))
    kk = text(monitor.get("/work/incidents/inc-t1/", HTTP_ACCEPT_LANGUAGE="kk"))
    en = text(monitor.get("/work/incidents/inc-t1/"))
    assert "2 апр. 2024 г." in ru and "2024 ж. 02 сәу." in kk and "Apr 2, 2024" in en
