"""`speechwatch sources add|list`, `fetch --once|--source`, `news export` — the stable forms."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from speechwatch.audit.models import AuditEvent
from speechwatch.news.management.commands.sources import STARTER, load_starter
from speechwatch.news.models import NewsItem, Source
from tests.news.fetch_server import Route, Server, rss

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE = True
    settings.SPEECHWATCH_FETCH_POLITENESS = 0
    settings.SPEECHWATCH_FETCH_RETRIES = 0


def test_add_list_fetch_export(tmp_path: Path) -> None:
    with Server() as server:
        server.routes["/feed.xml"] = Route(
            rss(
                [
                    ("https://example.kz/1", "Бірінші", "мәтін"),
                    ("https://example.kz/2", "Second", "t"),
                ]
            ).encode()
        )
        run(
            "sources",
            "add",
            "--kind",
            "rss",
            "--url",
            server.url("/feed.xml"),
            "--name",
            "Feed",
            "--lang",
            "kk",
        )
        run("sources", "add", "--kind", "telegram", "--url", str(FIXTURES / "tg1" / "result.json"))
        run("sources", "add", "--kind", "rss", "--url", "http://127.0.0.1:9/x", "--name", "Dead")
        assert "never fetched" in run("sources", "list")
        out = run("fetch", "--once")
    assert "Feed: 200 new 2" in out and "Dead: - new 0" in out and "error" in out
    assert AuditEvent.objects.filter(action="news.source.add").count() == 3
    listed = {row["name"]: row for row in json.loads(run("sources", "list", "--json"))}
    assert listed["Feed"]["last_run"]["items_new"] == 2 and listed["Feed"]["lang"] == "kk"
    assert "Connection" in listed["Dead"]["last_run"]["error"]
    assert run("fetch", "--once") == ""  # nothing due now
    assert Source.objects.get(name="Feed").runs.count() == 1
    with Server() as server:
        server.routes["/feed.xml"] = Route(rss([("https://example.kz/3", "Third", "t")]).encode())
        Source.objects.filter(name="Feed").update(url_or_path=server.url("/feed.xml"))
        assert "new 1" in run("fetch", "--once", "--source", "Feed")  # due or not
    out_file = tmp_path / "news.jsonl"
    run("news", "export", "--format", "jsonl", "--out", str(out_file))
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == NewsItem.objects.count() == 6
    keys = {
        "id",
        "source",
        "url",
        "canonical_url",
        "title",
        "lang",
        "published_at",
        "text",
        "triage_state",
    }
    assert keys <= set(lines[0])
    assert {line["lang"] for line in lines if line["source"] == "Feed"} == {"kk"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sources", "add", "--kind", "rss"), "--kind and --url are required"),
        (("fetch", "--once", "--source", "nope"), "no such source"),
    ],
)
def test_bad_arguments_are_clear_errors(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_duplicate_name_is_refused() -> None:
    run("sources", "add", "--kind", "rss", "--url", "https://e.kz/f", "--name", "X")
    with pytest.raises(CommandError, match="exists"):
        run("sources", "add", "--kind", "page", "--url", "https://e.kz/g", "--name", "X")
    assert Source.objects.count() == 1


def test_starter_loader_adds_missing_disabled(tmp_path: Path) -> None:
    data = tmp_path / "starter.yaml"
    data.write_text(
        "sources:\n"
        "  - {name: Outlet kk, kind: rss, url: 'https://example.kz/rss', lang: kk, region: almaty,"
        " outlet: Example, seen_at: 'https://example.kz/', enabled: false}\n"
        "  - {name: Channel, kind: telegram, url: 'https://t.me/example', lang: ru, seen_at: x}\n",
        encoding="utf-8",
    )
    assert load_starter(data) == (2, 0)
    assert load_starter(data) == (0, 2)
    outlet = Source.objects.get(name="Outlet kk")
    assert (outlet.enabled, outlet.region, outlet.seen_at) == (
        False,
        "almaty",
        "https://example.kz/",
    )
    assert not Source.objects.get(name="Channel").enabled
    data.write_text("sources:\n  - {kind: rss}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="entry 1: name and url"):
        load_starter(data)


@pytest.mark.skipif(not STARTER.exists(), reason="no starter list data file")
def test_the_shipped_starter_list_loads_disabled() -> None:
    out = run("sources", "add", "--starter")
    assert "added" in out
    assert Source.objects.count() >= 30 and not Source.objects.filter(enabled=True).exists()
