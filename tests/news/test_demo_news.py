"""The demo news items: fictional, marked, in three languages, loaded by `speechwatch demo`."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from speechwatch.audit.record import Who
from speechwatch.news.demo import DEMO_NEWS, load_demo_news, read_demo_news
from speechwatch.news.models import NewsItem, Source

MARKS = ("demo", "демонстрац")  # en; ru and kk


def test_the_file_is_fictional_marked_and_mixed() -> None:
    rows = read_demo_news()
    assert len(rows) >= 40
    assert {r["lang"] for r in rows} == {"kk", "ru", "en"}
    violations = sum(bool(r["demo_violation"]) for r in rows)
    assert 3 <= violations <= len(rows) // 3  # a few violations among many ordinary stories
    for r in rows:
        assert urlsplit(str(r["url"])).hostname.endswith(".example"), r["url"]
        assert any(mark in str(r["text"]).lower() for mark in MARKS), r["url"]
        assert str(r["source"]).startswith("Demo — ")
    lines = DEMO_NEWS.read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]


def test_loading_twice_adds_nothing_the_second_time(installed) -> None:
    who = Who(label="test")
    first = load_demo_news(who=who)
    assert first.new == len(read_demo_news()) and first.sources == 2
    again = load_demo_news(who=who)
    assert (again.new, again.seen) == (0, first.new)
    assert NewsItem.objects.filter(triage_state="new").count() == first.new
    assert not Source.objects.filter(name__startswith="Demo — ", enabled=True).exists()


def test_the_demo_loader_calls_it() -> None:
    from pathlib import Path

    loader = Path("speechwatch/demo/loader.py").read_text(encoding="utf-8")
    assert "load_demo_news(who=who)" in loader
