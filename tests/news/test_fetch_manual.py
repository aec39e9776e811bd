"""By hand: paste a URL (fetched with every guard) or a text; decisions are audited labels."""

from __future__ import annotations

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.audit.record import Who
from speechwatch.news.actions import NewsError, add_text, add_url, decide, dismiss_items
from speechwatch.news.models import NewsItem, TriageDecision
from speechwatch.news.parsed import FetchError
from tests.news.fetch_server import Route, Server
from tests.news.test_fetch import ARTICLE

pytestmark = pytest.mark.django_db
WHO = Who(label="monitor")


def test_paste_a_url_fetches_and_extracts(settings) -> None:
    settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE = True
    settings.SPEECHWATCH_FETCH_POLITENESS = 0
    with Server() as server:
        server.routes["/a"] = Route(ARTICLE.encode(), content_type="text/html; charset=utf-8")
        item = add_url(WHO, server.url("/a") + "?utm_source=x", lang="ru")
        again = add_url(WHO, server.url("/a"))
    assert item.pk == again.pk and NewsItem.objects.count() == 1
    assert item.extraction == "trafilatura" and "Вымышленный абзац" in item.text
    assert item.source.name == "Added by hand" and not item.source.enabled
    assert AuditEvent.objects.filter(action="news.item.add").count() == 2


def test_paste_a_private_url_is_refused(settings) -> None:
    settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError, match="refused address"):
        add_url(WHO, "http://127.0.0.1:8000/work/")
    with pytest.raises(FetchError, match="only http and https"):
        add_url(WHO, "file:///etc/passwd")
    assert NewsItem.objects.count() == 0


def test_paste_a_text_and_decide() -> None:
    item = add_text(WHO, text="Журналиста вызвали в полицию (вымышленная история).", lang="ru")
    assert item.title.startswith("Журналиста") and item.triage_state == "new"
    same = add_text(WHO, text="Журналиста  вызвали в полицию (вымышленная история). ")
    assert same.pk == item.pk and NewsItem.objects.count() == 1  # pasted twice: one item
    with pytest.raises(NewsError, match="text: required"):
        add_text(WHO, text="  ")
    with pytest.raises(NewsError, match="reason"):
        decide(WHO, item, "dismissed", reason="bored")
    decide(WHO, item, "dismissed", reason="not_violation", suggestions={"score": 0.1})
    item.refresh_from_db()
    assert (item.triage_state, item.dismiss_reason) == ("dismissed", "not_violation")
    label = TriageDecision.objects.get()
    assert label.suggestions == {"score": 0.1} and label.reason == "not_violation"
    assert AuditEvent.objects.filter(action="news.item.triage").count() == 1


def test_bulk_dismiss_is_all_or_nothing() -> None:
    items = [add_text(WHO, text=f"Обычная новость {n}") for n in range(3)]
    assert dismiss_items(WHO, [i.pk for i in items], "out_of_scope") == 3
    assert set(NewsItem.objects.values_list("triage_state", flat=True)) == {"dismissed"}
    with pytest.raises(NewsError):
        dismiss_items(WHO, [i.pk for i in items], "nope")
    assert TriageDecision.objects.count() == 3
