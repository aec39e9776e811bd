"""The source-health page and source management (editors and admins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from speechwatch.audit.models import AuditEvent
from speechwatch.news.inbox import source_health
from speechwatch.news.models import FetchRun, Source
from tests.news.inbox_helpers import make_item, make_source
from tests.workspace.helpers import client_for, make_users


@pytest.fixture
def world(installed) -> dict[str, Any]:
    return {"users": make_users(), "source": make_source()}


def _form(**overrides: str) -> dict[str, str]:
    data = {"name": "Steppe Feed", "kind": "rss", "url_or_path": "https://steppe.example/rss",
            "lang": "kk", "region": "almaty", "poll_interval": "900", "enabled": "on"}  # fmt: skip
    return data | overrides


def test_health_shows_last_run_error_and_items_per_day(world) -> None:
    source = world["source"]
    now = timezone.now()
    FetchRun.objects.create(source=source, started_at=now - timedelta(hours=2), http_status=200)
    FetchRun.objects.create(
        source=source, started_at=now - timedelta(hours=1), http_status=503,
        error="HTTP 503 from steppe.example",
    )  # fmt: skip
    make_item(source, 1)
    from speechwatch.news.models import NewsItem

    NewsItem.objects.update(fetched_at=now)
    [health] = [h for h in source_health(now) if h.source == source]
    assert (health.runs, health.errors, health.items) == (2, 1, 1)
    assert health.last_run is not None and health.last_run.http_status == 503
    assert len(health.per_day) == 14 and health.per_day[-1][1] == 1
    assert health.bars[-1][2] == 24  # the busiest day fills the bar
    html = client_for(world["users"]["monitor"]).get("/work/sources/").content.decode()
    assert "HTTP 503 from steppe.example" in html
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_monitors_see_health_but_cannot_manage(world) -> None:
    client = client_for(world["users"]["monitor"])
    html = client.get("/work/sources/").content.decode()
    assert 'id="source-new"' not in html and 'id="toggle-' not in html
    source = world["source"]
    assert client.post("/work/sources/new/", _form()).status_code == 403
    assert client.post(f"/work/sources/{source.pk}/enabled/", {"enabled": "0"}).status_code == 403
    assert client.post(f"/work/sources/{source.pk}/delete/").status_code == 403
    assert client.get(f"/work/sources/{source.pk}/").status_code == 403
    assert Source.objects.filter(name="Steppe Feed").count() == 0


def test_correspondents_see_nothing(world) -> None:
    client = client_for(world["users"]["correspondent"])
    assert client.get("/work/sources/").status_code == 403
    assert 'id="nav-sources"' not in client.get("/work/submissions/").content.decode()


def test_editor_adds_a_source(world) -> None:
    response = client_for(world["users"]["editor"]).post("/work/sources/new/", _form())
    assert response.status_code == 302
    source = Source.objects.get(name="Steppe Feed")
    assert (source.kind, source.lang, source.region, source.poll_interval, source.enabled) == (
        "rss", "kk", "almaty", 900, True,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="news.source.add", object_id=str(source.pk)).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"url_or_path": "javascript:alert(1)"}, "url_or_path"),
        ({"url_or_path": "ftp://steppe.example/x"}, "url_or_path"),
        ({"url_or_path": "/etc/passwd"}, "url_or_path"),
        ({"kind": "folder"}, "kind"),
        ({"kind": "telegram"}, "url_or_path"),
        ({"region": "atlantis"}, "region"),
        ({"poll_interval": "5"}, "poll_interval"),
        ({"name": "Qazaq Test Feed"}, None),  # the name is taken
    ],
)
def test_bad_source_input_is_refused(world, overrides, field) -> None:
    before = Source.objects.count()
    response = client_for(world["users"]["admin"]).post("/work/sources/new/", _form(**overrides))
    assert response.status_code == 400
    if field:
        assert field in response.context["form"].errors
    assert Source.objects.count() == before


def test_edit_enable_disable_and_delete(world) -> None:
    client = client_for(world["users"]["editor"])
    source = world["source"]
    assert client.get(f"/work/sources/{source.pk}/").status_code == 200
    response = client.post(f"/work/sources/{source.pk}/", _form(name="Renamed Feed"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.name == "Renamed Feed" and source.region == "almaty"
    client.post(f"/work/sources/{source.pk}/enabled/", {"enabled": "0"})
    source.refresh_from_db()
    assert source.enabled is False
    assert client.post(f"/work/sources/{source.pk}/enabled/", {"enabled": "x"}).status_code == 400
    assert client.post(f"/work/sources/{source.pk}/delete/").status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    actions = set(
        AuditEvent.objects.filter(object_type="news_source").values_list("action", flat=True)
    )
    assert {"news.source.update", "news.source.delete"} <= actions


def test_a_source_with_items_is_not_deleted(world) -> None:
    source = world["source"]
    make_item(source, 1)
    client_for(world["users"]["admin"]).post(f"/work/sources/{source.pk}/delete/")
    assert Source.objects.filter(pk=source.pk).exists()
