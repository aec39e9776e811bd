"""The triage inbox: listing, filters, every decision through the real actions, roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.models import Incident
from speechwatch.news import inbox
from speechwatch.news.models import NewsItem, TriageDecision
from speechwatch.news.parsed import FetchError, ParsedItem
from tests.news.inbox_helpers import make_item, make_source
from tests.workspace.helpers import client_for, make_incident, make_users


@pytest.fixture
def world(installed) -> dict[str, Any]:
    users = make_users()
    source = make_source()
    items = [make_item(source, n, lang="kk" if n == 3 else "ru", days=n) for n in (1, 2, 3)]
    return {"users": users, "source": source, "items": items}


def _monitor(world: dict[str, Any]):
    return client_for(world["users"]["monitor"])


def test_inbox_lists_new_items_newest_first(world) -> None:
    response = _monitor(world).get("/work/inbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Story 3") < html.index("Story 2") < html.index("Story 1")
    # the original link goes through the safe-link tag; no inline script anywhere (CSP)
    assert 'rel="nofollow noopener noreferrer"' in html
    assert "<script>" not in html and " onclick=" not in html
    assert 'src="/static/news/inbox.js"' in html


@pytest.mark.parametrize(
    "query, param",
    [
        ("from=2024-02-30", "from"),
        ("to=tomorrow", "to"),
        ("from=2024-05-01&to=2024-04-01", "to"),
        ("state=maybe", "state"),
        ("source=abc", "source"),
        ("source=99999999999999999999999", "source"),
        ("lang=de", "lang"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=99999999999999999999.1", "cursor"),
    ],
)
def test_bad_filter_input_is_a_400_naming_the_parameter(world, query: str, param: str) -> None:
    response = _monitor(world).get(f"/work/inbox/?{query}")
    assert response.status_code == 400
    assert f"{param}:" in response.content.decode()


def test_filters_by_language_source_date_and_state(world) -> None:
    client = _monitor(world)
    html = client.get("/work/inbox/?lang=kk").content.decode()
    assert "Story 3" in html and "Story 1" not in html
    other = make_source("Other Feed", outlet="")
    make_item(other, 9)
    html = client.get(f"/work/inbox/?source={other.pk}").content.decode()
    assert "Story 9" in html and "Story 1" not in html
    html = client.get("/work/inbox/?from=2026-11-22&to=2026-11-22").content.decode()
    assert "Story 2" in html and "Story 1" not in html and "Story 3" not in html
    html = client.get("/work/inbox/?state=dismissed").content.decode()
    assert "Story 1" not in html


def test_keyset_pages_cover_every_item_once(world) -> None:
    source = world["source"]
    for n in range(10, 17):
        make_item(source, n)
    filters = inbox.InboxFilters(state="all")
    seen: list[int] = []
    cursor = None
    while True:
        page = inbox.inbox_page(filters, cursor, limit=3)
        seen += [item.pk for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = list(NewsItem.objects.order_by("-fetched_at", "-id").values_list("id", flat=True))
    assert seen == expected


def test_stories_are_one_per_item_until_part_2_registers_a_grouper(world) -> None:
    stories = inbox.group_stories(world["items"])
    assert [s.item_ids for s in stories] == [[i.pk] for i in world["items"]]
    assert stories[0].key == f"item-{world['items'][0].pk}"


@pytest.mark.parametrize("role", ["correspondent", None])
def test_only_monitors_and_up_may_triage(world, role) -> None:
    user = world["users"][role] if role else None
    client = client_for(user)
    item = world["items"][0]
    get = client.get("/work/inbox/")
    post = client.post(
        "/work/inbox/decide/", {"action": "dismiss", "items": [item.pk], "reason": "duplicate"}
    )
    page = client.get(f"/work/inbox/{item.pk}/")
    if role:
        assert get.status_code == post.status_code == page.status_code == 403
    else:
        assert get.status_code == post.status_code == 302
    item.refresh_from_db()
    assert item.triage_state == "new"
    assert not TriageDecision.objects.exists()


def test_dismiss_records_state_label_and_audit(world) -> None:
    item = world["items"][0]
    response = _monitor(world).post(
        "/work/inbox/decide/",
        {"action": "dismiss", "items": [item.pk], "reason": "not_kazakhstan",
         "next": "/work/inbox/?state=new"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/work/inbox/?state=new"
    item.refresh_from_db()
    assert (item.triage_state, item.dismiss_reason) == ("dismissed", "not_kazakhstan")
    decision = TriageDecision.objects.get(item=item)
    assert (decision.decision, decision.reason) == ("dismissed", "not_kazakhstan")
    assert decision.user == world["users"]["monitor"]
    event = AuditEvent.objects.get(action="news.item.triage", object_id=str(item.pk))
    assert event.user == world["users"]["monitor"]


def test_dismiss_without_a_reason_changes_nothing(world) -> None:
    item = world["items"][0]
    response = _monitor(world).post(
        "/work/inbox/decide/", {"action": "dismiss", "items": [item.pk]}
    )
    assert response.status_code == 400 and b"reason" in response.content
    item.refresh_from_db()
    assert item.triage_state == "new" and not TriageDecision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "dismiss", "reason": "duplicate"},
        {"action": "dismiss", "reason": "duplicate", "items": ["x"]},
        {"action": "launch", "items": ["1"]},
    ],
)
def test_bad_decision_input_is_a_400(world, data) -> None:
    assert _monitor(world).post("/work/inbox/decide/", data).status_code == 400
    assert not TriageDecision.objects.exists()


def test_off_site_next_is_ignored(world) -> None:
    item = world["items"][0]
    response = _monitor(world).post(
        "/work/inbox/decide/",
        {"action": "dismiss", "items": [item.pk], "reason": "duplicate",
         "next": "//evil.example/work/inbox/"},
    )  # fmt: skip
    assert response["Location"] == "/work/inbox/"


def test_bulk_dismiss(world) -> None:
    ids = [i.pk for i in world["items"][:2]]
    response = _monitor(world).post(
        "/work/inbox/decide/", {"action": "dismiss", "items": ids, "reason": "out_of_scope"}
    )
    assert response.status_code == 302
    assert set(
        NewsItem.objects.filter(triage_state="dismissed").values_list("id", flat=True)
    ) == set(ids)
    assert TriageDecision.objects.filter(reason="out_of_scope").count() == 2
    assert AuditEvent.objects.filter(action="news.item.triage").count() == 2


def test_create_incident_from_items_fills_sources_and_outlet(world) -> None:
    a, b = world["items"][:2]
    response = _monitor(world).post(
        "/work/inbox/decide/", {"action": "incident", "items": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert response["Location"] == f"/work/incidents/{incident.external_id}/"
    assert incident.status == "draft"
    assert incident.recorded_on == timezone.localdate()
    assert incident.title_ru == "Story 1"
    sources = list(incident.sources.order_by("position"))
    assert [(s.kind, s.url, s.outlet) for s in sources] == [
        ("url", "https://news.example/story-1?utm_source=x", "Qazaq Test Media"),
        ("url", "https://news.example/story-2?utm_source=x", "Qazaq Test Media"),
    ]
    for item in (a, b):
        item.refresh_from_db()
        assert (item.triage_state, item.incident_id) == ("incident", incident.pk)
    assert TriageDecision.objects.filter(decision="incident", incident=incident).count() == 2
    assert AuditEvent.objects.filter(action="incident.create").count() == 1


def test_attach_asks_then_adds_sources_at_the_read_version(world) -> None:
    incident = make_incident(1)
    item = world["items"][2]
    client = _monitor(world)
    ask = client.post(
        "/work/inbox/decide/",
        {"action": "attach", "items": [item.pk], "incident": incident.external_id},
    )
    assert ask.status_code == 200
    assert f'name="version" value="{incident.version}"' in ask.content.decode()
    done = client.post(
        "/work/inbox/decide/",
        {"action": "attach", "items": [item.pk], "incident": incident.external_id,
         "version": str(incident.version)},
    )  # fmt: skip
    assert done.status_code == 302
    urls = list(incident.sources.values_list("url", flat=True))
    assert urls == ["https://example.org/news/1", "https://news.example/story-3?utm_source=x"]
    item.refresh_from_db()
    assert (item.triage_state, item.incident_id) == ("attached", incident.pk)
    assert TriageDecision.objects.get(item=item).decision == "attached"


def test_attach_to_a_changed_incident_is_refused(world) -> None:
    incident = make_incident(1)
    read_version = incident.version
    # someone else edits the incident after the monitor opened the confirmation page
    from speechwatch.incidents.actions import change_status
    from tests.workspace.helpers import SYSTEM

    change_status(incident, "under_review", who=SYSTEM)
    item = world["items"][0]
    response = _monitor(world).post(
        "/work/inbox/decide/",
        {"action": "attach", "items": [item.pk], "incident": incident.external_id,
         "version": str(read_version)},
    )  # fmt: skip
    assert response.status_code == 409
    assert b'id="stale"' in response.content
    assert incident.sources.count() == 1
    item.refresh_from_db()
    assert item.triage_state == "new" and not TriageDecision.objects.exists()


def test_attach_to_an_unknown_incident_is_a_400(world) -> None:
    item = world["items"][0]
    response = _monitor(world).post(
        "/work/inbox/decide/", {"action": "attach", "items": [item.pk], "incident": "inc-nope"}
    )
    assert response.status_code == 400


def test_item_page_shows_text_and_safe_link(world) -> None:
    item = world["items"][0]
    NewsItem.objects.filter(pk=item.pk).update(url="javascript:alert(1)")
    html = _monitor(world).get(f"/work/inbox/{item.pk}/").content.decode()
    assert "Text of story 1" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


def test_paste_a_text(world) -> None:
    response = _monitor(world).post(
        "/work/inbox/add/", {"text": "Editor fined over a post.", "title": "Editor fined"}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(title="Editor fined")
    assert item.source.name == "Added by hand" and item.extraction == "manual"
    assert AuditEvent.objects.filter(action="news.item.add", object_id=str(item.pk)).exists()


def test_paste_a_url_uses_the_fetcher(world, monkeypatch) -> None:
    calls: list[str] = []

    def fake_fetch(url: str) -> ParsedItem:  # the network is the only thing mocked
        calls.append(url)
        return ParsedItem(url=url, title="Fetched story", text="Body.", extraction="trafilatura")

    monkeypatch.setattr("speechwatch.news.fetch.fetch_article", fake_fetch)
    response = _monitor(world).post("/work/inbox/add/", {"url": "https://news.example/fetched"})
    assert response.status_code == 302
    assert calls == ["https://news.example/fetched"]
    assert NewsItem.objects.filter(title="Fetched story").exists()


def test_a_refused_fetch_is_shown_not_stored(world, monkeypatch) -> None:
    def refuse(url: str) -> ParsedItem:
        raise FetchError("127.0.0.1 is a private address")

    monkeypatch.setattr("speechwatch.news.fetch.fetch_article", refuse)
    before = NewsItem.objects.count()
    response = _monitor(world).post("/work/inbox/add/", {"url": "http://127.0.0.1/x"})
    assert response.status_code == 400
    assert b"private address" in response.content
    assert NewsItem.objects.count() == before


@pytest.mark.parametrize("data", [{}, {"url": "javascript:alert(1)"}, {"text": "   "}])
def test_bad_manual_input_is_a_400(world, data) -> None:
    before = NewsItem.objects.count()
    assert _monitor(world).post("/work/inbox/add/", data).status_code == 400
    assert NewsItem.objects.count() == before


def test_review_queue_shows_the_inbox_count(world) -> None:
    html = _monitor(world).get("/work/").content.decode()
    assert 'id="inbox-count"' in html and 'data-count="3"' in html
    html = client_for(world["users"]["monitor"]).get("/work/").content.decode()
    assert 'id="nav-inbox"' in html


def test_item_page_lists_every_revision(world) -> None:
    from speechwatch.news.actions import store_item

    first = world["items"][0]
    edited = store_item(
        world["source"],
        ParsedItem(url=first.url, title="Story 1 (corrected)", text="New text.", lang="ru"),
    ).item
    assert edited is not None and edited.revision == 2
    html = _monitor(world).get(f"/work/inbox/{edited.pk}/").content.decode()
    assert 'id="revisions"' in html and f'href="/work/inbox/{first.pk}/"' in html
